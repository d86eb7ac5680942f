/**
 * A running API for tests: a fresh PostgreSQL database (migrated), a bus, and one token per role, with two
 * operators that each own a station and a charger — so every test can ask "mine" and "someone else's".
 */
import { loadConfig, type Config } from '@pilewatch/config';
import { createBus, type Bus } from '@pilewatch/bus';
import { addCharger, migrate, openDatabase, upsertConnectors, upsertOperator, upsertStation, type Database } from '@pilewatch/store';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';
import { buildApi, createToken, type ApiOptions, type Role } from '@pilewatch/api';

export type Api = Awaited<ReturnType<typeof buildApi>>;
type Log = ApiOptions['log'];

const noop = () => {};
export const silentLog: Log = {
  level: 'silent',
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  silent: noop,
  child: () => silentLog,
} as Log;

export interface Harness {
  api: Api;
  db: Database;
  bus: Bus;
  config: Config;
  /** Bearer tokens: admin, regulator, province, and `operator` (of op-a) and `otherOperator` (of op-b). */
  tokens: Record<Role | 'otherOperator', string>;
  auth(who: Role | 'otherOperator'): { authorization: string };
  close(): Promise<void>;
}

export interface HarnessOptions {
  redisUrl?: string;
  settings?: ApiOptions['settings'];
  commands?: ApiOptions['commands'];
  metrics?: ApiOptions['metrics'];
  /** Also fills the registry with the two operators' fleets (default true). */
  seed?: boolean;
  /** Bus key prefix (Redis), to share one bus between an API and a central system in a test. */
  busPrefix?: string;
  /** Further environment for the configuration (OCPP port, timeouts). */
  env?: Record<string, string>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness & { testDb: TestDatabase }> {
  const testDb = await createTestDatabase('pw_api');
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    PILEWATCH_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const db = await openDatabase(config);
  await migrate(db, config);
  const bus = await createBus(config, { prefix: options.busPrefix ?? `pw-api-test-${testDb.name}`, log: { error: noop } });
  if (options.seed !== false) await seed(db);
  const api = await buildApi({
    config,
    db,
    bus,
    log: silentLog,
    ...(options.commands ? { commands: options.commands } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    settings: { liveKeepAliveMs: 60_000, ...options.settings },
  });
  const tokens = {
    admin: (await createToken(db, { role: 'admin', name: 'test admin' })).token,
    regulator: (await createToken(db, { role: 'regulator', name: 'city energy bureau' })).token,
    province: (await createToken(db, { role: 'province', name: 'province platform' })).token,
    operator: options.seed === false ? '' : (await createToken(db, { role: 'operator', operatorId: 'op-a', name: 'operator A' })).token,
    otherOperator:
      options.seed === false ? '' : (await createToken(db, { role: 'operator', operatorId: 'op-b', name: 'operator B' })).token,
  };
  return {
    api,
    db,
    bus,
    config,
    testDb,
    tokens,
    auth: (who) => ({ authorization: `Bearer ${tokens[who]}` }),
    async close() {
      await api.close();
      await bus.close();
      await db.close();
      await testDb.drop();
    },
  };
}

/** Two operators, each with one station in a different county and one charger with two connectors. */
export async function seed(db: Database): Promise<void> {
  await upsertOperator(db, { id: 'op-a', name: 'Xinzhou Charging Co.' });
  await upsertOperator(db, { id: 'op-b', name: 'Wutai Green Power' });
  await upsertStation(db, { id: 'st-a', operatorId: 'op-a', name: 'Xinfu bus hub', countyCode: '140902', category: 'urban_public', isPublic: true });
  await upsertStation(db, { id: 'st-b', operatorId: 'op-b', name: 'Wutai township', countyCode: '140922', category: 'township', isPublic: true });
  await addCharger(db, { id: 'CP-A', operatorId: 'op-a', stationId: 'st-a', password: 'password-of-cp-a' });
  await addCharger(db, { id: 'CP-B', operatorId: 'op-b', stationId: 'st-b', password: 'password-of-cp-b' });
  for (const id of ['CP-A', 'CP-B']) {
    await upsertConnectors(db, id, [
      { evseId: 1, connectorId: 1, currentType: 'DC', maxPowerKw: 120 },
      { evseId: 2, connectorId: 1, currentType: 'DC', maxPowerKw: 120 },
    ]);
  }
}

/** JSON body of an inject answer. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}
