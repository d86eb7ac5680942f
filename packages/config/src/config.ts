/** Turns an environment into one validated, typed configuration object. */
import { z } from 'zod';
import { settings, type SettingName } from './settings.js';

type Settings = typeof settings;
type Raw = { [K in SettingName]: z.output<Settings[K]['schema']> };

export interface Config {
  database: { url: string | undefined; dataDir: string; embeddedPort: number; poolSize: number };
  redis: { url: string | undefined };
  ocpp: {
    host: string;
    port: number;
    path: string;
    heartbeatIntervalS: number;
    heartbeatGraceFactor: number;
    pingIntervalS: number;
    callTimeoutS: number;
    bootRetryIntervalS: number;
    autoRegister: boolean;
  };
  write: { batchMax: number; batchWaitMs: number };
  retention: { compressAfterDays: number; journalDays: number; historyDays: number };
  worker: { maintenanceIntervalS: number };
  api: { host: string; port: number };
  /** The T/CEC 102 link (docs/province.md). */
  province: {
    partnersFile: string | undefined;
    basePath: string;
    push: boolean;
    maxSkewS: number;
    pushAttempts: number;
    pushRetryS: number;
    stationScanS: number;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
}

export class ConfigError extends Error {
  readonly code = 'PW_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every setting from `env`; reports all bad values at once, each with its variable name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const raw = {} as Record<string, unknown>;
  for (const [name, setting] of Object.entries(settings)) {
    const given = env[setting.env];
    const value = given === undefined || given === '' ? ('default' in setting ? setting.default : undefined) : given;
    const parsed = setting.schema.safeParse(value);
    if (parsed.success) raw[name] = parsed.data;
    else {
      const reason = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(`${setting.env}=${JSON.stringify(given)}: ${reason}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return shape(raw as Raw);
}

function shape(r: Raw): Config {
  return {
    database: { url: r.databaseUrl, dataDir: r.dataDir, embeddedPort: r.embeddedDbPort, poolSize: r.dbPoolSize },
    redis: { url: r.redisUrl },
    ocpp: {
      host: r.ocppHost,
      port: r.ocppPort,
      path: r.ocppPath,
      heartbeatIntervalS: r.heartbeatIntervalS,
      heartbeatGraceFactor: r.heartbeatGraceFactor,
      pingIntervalS: r.pingIntervalS,
      callTimeoutS: r.callTimeoutS,
      bootRetryIntervalS: r.bootRetryIntervalS,
      autoRegister: r.autoRegister,
    },
    write: { batchMax: r.writeBatchMax, batchWaitMs: r.writeBatchWaitMs },
    retention: {
      compressAfterDays: r.compressAfterDays,
      journalDays: r.journalRetentionDays,
      historyDays: r.historyRetentionDays,
    },
    worker: { maintenanceIntervalS: r.maintenanceIntervalS },
    api: { host: r.apiHost, port: r.apiPort },
    province: {
      partnersFile: r.provincePartnersFile,
      basePath: r.provinceBasePath,
      push: r.provincePush,
      maxSkewS: r.provinceMaxSkewS,
      pushAttempts: r.provincePushAttempts,
      pushRetryS: r.provincePushRetryS,
      stationScanS: r.provinceStationScanS,
    },
    log: { level: r.logLevel },
  };
}

/** Markdown table of every setting, for the README. */
export function configTable(): string {
  const rows = Object.values(settings as Record<string, { env: string; default?: string; description: string }>).map(
    (s) => `| \`${s.env}\` | ${s.default === undefined ? '(unset)' : `\`${s.default}\``} | ${s.description} |`,
  );
  return ['| variable | default | what it does |', '|---|---|---|', ...rows].join('\n');
}
