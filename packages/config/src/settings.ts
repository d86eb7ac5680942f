/**
 * Every setting pilewatch reads, in one table: environment variable, default and meaning.
 * The README's configuration table is generated from this list (`npm run docs:config`), so the
 * two cannot drift apart.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535);
const positiveInt = z.coerce.number({ message: 'must be a whole number' }).int().positive();
const url = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);

export interface Setting {
  env: string;
  schema: z.ZodType;
  default?: string;
  description: string;
}

export const settings = {
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: url(['postgres:', 'postgresql:']).optional(),
    description:
      'PostgreSQL/TimescaleDB server. Unset: run the embedded TimescaleDB (PGlite) in-process, data in PILEWATCH_DATA_DIR.',
  },
  dataDir: {
    env: 'PILEWATCH_DATA_DIR',
    schema: z.string().min(1),
    default: './.pilewatch/data',
    description: 'Where the embedded database keeps its files (only used without DATABASE_URL).',
  },
  embeddedDbPort: {
    env: 'PILEWATCH_EMBEDDED_DB_PORT',
    schema: port,
    default: '0',
    description:
      'Port on 127.0.0.1 where the embedded database speaks the PostgreSQL wire protocol (0 = any free port).',
  },
  dbPoolSize: {
    env: 'PILEWATCH_DB_POOL_SIZE',
    schema: positiveInt,
    default: '10',
    description: 'Connections to a database server (the embedded engine always uses one).',
  },
  redisUrl: {
    env: 'REDIS_URL',
    schema: url(['redis:', 'rediss:']).optional(),
    description: 'Redis for live events, jobs and multi-node routing. Unset: everything runs in-process.',
  },
  ocppHost: {
    env: 'PILEWATCH_OCPP_HOST',
    schema: z.string().min(1),
    default: '0.0.0.0',
    description: 'Interface the OCPP WebSocket endpoint listens on.',
  },
  ocppPort: {
    env: 'PILEWATCH_OCPP_PORT',
    schema: port,
    default: '9000',
    description: 'Port of the OCPP WebSocket endpoint.',
  },
  ocppPath: {
    env: 'PILEWATCH_OCPP_PATH',
    schema: z.string().regex(/^\/[A-Za-z0-9/_-]*[^/]$/, 'must start with / and not end with /'),
    default: '/ocpp',
    description: 'Path prefix: chargers connect to ws://HOST:PORT/<path>/<identity>.',
  },
  heartbeatIntervalS: {
    env: 'PILEWATCH_HEARTBEAT_INTERVAL_S',
    schema: positiveInt,
    default: '300',
    description: 'Heartbeat interval sent to chargers in the BootNotification answer, in seconds.',
  },
  heartbeatGraceFactor: {
    env: 'PILEWATCH_HEARTBEAT_GRACE_FACTOR',
    schema: z.coerce.number().min(1),
    default: '2.5',
    description: 'A charger silent for this many heartbeat intervals is recorded as heartbeat-missed (offline).',
  },
  pingIntervalS: {
    env: 'PILEWATCH_WS_PING_INTERVAL_S',
    schema: z.coerce.number().int().min(0),
    default: '30',
    description: 'WebSocket ping interval in seconds; a missed pong closes the connection (0 = no pings).',
  },
  callTimeoutS: {
    env: 'PILEWATCH_CALL_TIMEOUT_S',
    schema: positiveInt,
    default: '30',
    description: 'How long a command sent to a charger waits for its answer, in seconds.',
  },
  bootRetryIntervalS: {
    env: 'PILEWATCH_BOOT_RETRY_INTERVAL_S',
    schema: positiveInt,
    default: '60',
    description: 'Interval returned with a Pending or Rejected BootNotification answer, in seconds.',
  },
  autoRegister: {
    env: 'PILEWATCH_AUTO_REGISTER',
    schema: bool,
    default: 'false',
    description:
      'Let unknown chargers connect; they are registered and answered Pending at boot until an operator accepts them.',
  },
  writeBatchMax: {
    env: 'PILEWATCH_WRITE_BATCH_MAX',
    schema: positiveInt,
    default: '500',
    description: 'Most OCPP messages committed in one database transaction (group commit).',
  },
  writeBatchWaitMs: {
    env: 'PILEWATCH_WRITE_BATCH_WAIT_MS',
    schema: z.coerce.number().int().min(0),
    default: '10',
    description: 'Longest a message waits for others to share its commit, in milliseconds.',
  },
  compressAfterDays: {
    env: 'PILEWATCH_COMPRESS_AFTER_DAYS',
    schema: positiveInt,
    default: '7',
    description: 'TimescaleDB compresses hypertable chunks older than this many days.',
  },
  journalRetentionDays: {
    env: 'PILEWATCH_JOURNAL_RETENTION_DAYS',
    schema: positiveInt,
    default: '180',
    description: 'Days the raw OCPP message journal is kept.',
  },
  historyRetentionDays: {
    env: 'PILEWATCH_HISTORY_RETENTION_DAYS',
    schema: positiveInt,
    default: '1095',
    description: 'Days meter samples, status and connectivity events are kept (aggregates stay).',
  },
  maintenanceIntervalS: {
    env: 'PILEWATCH_MAINTENANCE_INTERVAL_S',
    schema: positiveInt,
    default: '300',
    description:
      'How often the worker refreshes aggregates, compresses and drops old chunks where no TimescaleDB job scheduler does (embedded engine), and prunes retransmission records.',
  },
  apiHost: {
    env: 'PILEWATCH_API_HOST',
    schema: z.string().min(1),
    default: '0.0.0.0',
    description: 'Interface the HTTP API and dashboard listen on.',
  },
  apiPort: {
    env: 'PILEWATCH_API_PORT',
    schema: port,
    default: '8080',
    description: 'Port of the HTTP API and dashboard.',
  },
  provincePartnersFile: {
    env: 'PILEWATCH_PROVINCE_PARTNERS_FILE',
    schema: z.string().trim().min(1).optional(),
    description:
      'JSON file of the T/CEC 102 partners (the province, other platforms): their credentials, what they may read, where pushes go (docs/province.md). Unset: the province link is off.',
  },
  provinceBasePath: {
    env: 'PILEWATCH_PROVINCE_BASE_PATH',
    schema: z.string().regex(/^\/[A-Za-z0-9/._-]*[^/]$/, 'must start with / and not end with /'),
    default: '/evcs/v1',
    description: 'Path under which the API serves the T/CEC 102 interfaces: partners POST to {base}/{interfaceName}.',
  },
  provincePush: {
    env: 'PILEWATCH_PROVINCE_PUSH',
    schema: bool,
    default: 'true',
    description: 'Let the worker send the pushes partners are configured for (status and station changes).',
  },
  provinceMaxSkewS: {
    env: 'PILEWATCH_PROVINCE_MAX_SKEW_S',
    schema: positiveInt,
    default: '300',
    description: "Largest difference between a T/CEC request's TimeStamp and our clock, in seconds, for partners that set none.",
  },
  provincePushAttempts: {
    env: 'PILEWATCH_PROVINCE_PUSH_ATTEMPTS',
    schema: positiveInt,
    default: '5',
    description: 'Tries of one push (the first included) before it is marked failed.',
  },
  provincePushRetryS: {
    env: 'PILEWATCH_PROVINCE_PUSH_RETRY_S',
    schema: z.coerce.number({ message: 'must be a number of seconds' }).positive(),
    default: '60',
    description: 'Wait between tries of a push that failed, in seconds (fractions allowed).',
  },
  provinceStationScanS: {
    env: 'PILEWATCH_PROVINCE_STATION_SCAN_S',
    schema: z.coerce.number({ message: 'must be a number of seconds' }).positive(),
    default: '60',
    description: 'How often the worker looks for changed stations and piles to push, in seconds (fractions allowed).',
  },
  logLevel: {
    env: 'PILEWATCH_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'Log level (logs are JSON lines on stdout).',
  },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;
