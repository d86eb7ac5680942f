/**
 * How long importing a fleet takes (scrypt hashing dominates). Prints figures; never fails on time.
 *   npx tsx bench/fleet-import.ts [chargers=10000]
 * Uses a fresh database on the test server (TEST_DATABASE_URL, default the local PostgreSQL).
 */
import { loadConfig } from '@pilewatch/config';
import { importFleet, openDatabase, migrate, type Fleet } from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';

const count = Number(process.argv[2] ?? 10_000);
const perStation = 10;
const fleet: Fleet = {
  operators: [{ id: 'bench-op', name: 'Bench Operator' }],
  stations: Array.from({ length: Math.ceil(count / perStation) }, (_, i) => ({
    id: `bench-st-${i}`,
    operatorId: 'bench-op',
    name: `Station ${i}`,
    category: 'urban_public',
    isPublic: true,
  })),
  chargers: Array.from({ length: count }, (_, i) => ({
    id: `BENCH-${String(i).padStart(5, '0')}`,
    password: `bench-password-${i}-xxxxxxxx`,
    operatorId: 'bench-op',
    stationId: `bench-st-${Math.floor(i / perStation)}`,
    connectors: [{ evseId: 1, connectorId: 1, currentType: 'AC' as const, maxPowerKw: 7 }],
  })),
};

const target = await createTestDatabase('pw_bench');
const config = loadConfig({ DATABASE_URL: target.url });
const db = await openDatabase(config);
try {
  await migrate(db, config);
  for (const run of ['first import', 're-import']) {
    const started = performance.now();
    const counts = await importFleet(db, fleet);
    const ms = performance.now() - started;
    console.log(`${run}: ${counts.chargers} chargers, ${counts.connectors} connectors in ${(ms / 1000).toFixed(1)} s (${(ms / count).toFixed(1)} ms per charger)`);
  }
} finally {
  await db.close();
  await target.drop();
}
