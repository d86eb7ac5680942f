/**
 * Uptime figures over a year for the city's 6,000 piles: how long the API's query (`uptimeSums`, what
 * `GET /api/v1/uptime` runs) takes at each level, from a year of daily rollups (one row per connector
 * per day) kept with their monthly sums. For contrast, the same year summed from the daily rows alone.
 * Loads synthetic rollups into a fresh PostgreSQL database; prints what it measured; asserts nothing.
 *
 *   npx tsx services/worker/bench/uptime-query.ts [--piles N] [--days D] [--runs R]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '@pilewatch/config';
import { migrate, openDatabase, refreshUptimeMonth, uptimeSums, type UptimeLevel } from '@pilewatch/store';
import { createTestDatabase } from '@pilewatch/store/testing';
import { addDays, shanghaiDay } from '@pilewatch/supervision';

const { values } = parseArgs({
  options: {
    piles: { type: 'string', default: '6000' },
    days: { type: 'string', default: '365' },
    runs: { type: 'string', default: '5' },
  },
});
const piles = Number(values.piles);
const days = Number(values.days);
const runs = Number(values.runs);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const server = await createTestDatabase('pw_bench_uptime');
const config = loadConfig({ DATABASE_URL: server.url });
const db = await openDatabase(config);
try {
  await migrate(db, config);
  const toDay = addDays(shanghaiDay(new Date()), -1);
  const fromDay = addDays(toDay, -(days - 1));
  log(`loading ${days} days × ${piles} piles of daily rollups (${fromDay} … ${toDay})...`);
  let t = performance.now();
  // Every fifth pile has two guns; 300 stations, 30 operators, the 14 counties; some faulted and offline minutes.
  await db.pool.query(
    `INSERT INTO uptime_daily (day, charger_id, evse_id, connector_id, station_id, operator_id, county_code,
                               window_minutes, no_data_minutes, available_minutes, occupied_minutes, faulted_minutes,
                               unavailable_minutes, offline_minutes, outage_minutes, excluded_minutes, outage_count)
     SELECT d::date, 'XZ-' || lpad(p::text, 5, '0'), e, 1, 'ST-' || (p % 300), 'OP-' || (p % 30), (140902 + p % 14)::text,
            1440, 0, 1440 - 300 - f - o, 300, f, 0, o, f + o, 0, (f + o > 0)::int
       FROM generate_series($1::date, $2::date, interval '1 day') d,
            generate_series(1, $3::int) p,
            generate_series(1, CASE WHEN p % 5 = 0 THEN 2 ELSE 1 END) e,
            LATERAL (SELECT (abs(hashtext(p || ':' || d || ':' || e)) % 64)::float8 AS f,
                            (abs(hashtext(d || ':' || p)) % 32)::float8 AS o) x`,
    [fromDay, toDay, piles],
  );
  const rows = Number((await db.pool.query(`SELECT count(*) FROM uptime_daily`)).rows[0].count);
  const connectors = Number((await db.pool.query(`SELECT count(*) FROM uptime_daily WHERE day = $1`, [toDay])).rows[0].count);
  const loadS = (performance.now() - t) / 1000;
  t = performance.now();
  // The worker keeps the months in step as it stores days; here every month at once, with the same code.
  for (let month = `${fromDay.slice(0, 7)}-01`; month <= toDay; ) {
    await refreshUptimeMonth(db.pool, month);
    const [y, m] = month.split('-').map(Number);
    month = m === 12 ? `${y! + 1}-01-01` : `${y}-${String(m! + 1).padStart(2, '0')}-01`;
  }
  const monthsS = (performance.now() - t) / 1000;
  await db.pool.query('VACUUM ANALYZE uptime_daily');
  await db.pool.query('VACUUM ANALYZE uptime_monthly');
  const monthly = Number((await db.pool.query(`SELECT count(*) FROM uptime_monthly`)).rows[0].count);

  const time = async (run: () => Promise<unknown>) => {
    const took: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await run();
      took.push(performance.now() - start);
    }
    took.sort((a, b) => a - b);
    return { median: took[Math.floor(took.length / 2)]!, max: took.at(-1)! };
  };
  const window = { fromDay, toDay };
  const lines: string[] = [
    `data: ${piles} piles, ${connectors} connectors, ${days} days = ${rows.toLocaleString('en')} daily rows, ${monthly.toLocaleString('en')} monthly rows (PostgreSQL 15)`,
    `load: daily rows ${loadS.toFixed(1)} s, monthly sums ${monthsS.toFixed(1)} s`,
    `query uptimeSums over ${fromDay} … ${toDay} (the rolling 12 months), median of ${runs} (max):`,
  ];
  const levels: Array<[UptimeLevel, number]> = [
    ['city', 1],
    ['county', 50],
    ['operator', 50],
    ['station', 500],
    ['charger', 500],
    ['connector', 500],
  ];
  for (const [level, limit] of levels) {
    let groups = 0;
    const r = await time(async () => {
      const page = await uptimeSums(db, {}, { level, ...window }, { limit, offset: 0 });
      groups = page.items.length;
    });
    lines.push(`  ${level.padEnd(9)} ${r.median.toFixed(0).padStart(5)} ms (${r.max.toFixed(0)})  first page: ${groups} groups`);
  }
  const one = await time(() => uptimeSums(db, { operatorId: 'OP-7' }, { level: 'station', ...window }, { limit: 500, offset: 0 }));
  lines.push(`  one operator's stations (operator token) ${one.median.toFixed(0)} ms (${one.max.toFixed(0)})`);
  const month = await time(() => uptimeSums(db, {}, { level: 'county', fromDay: `${toDay.slice(0, 7)}-01`, toDay }, { limit: 50, offset: 0 }));
  lines.push(`  county, this month so far (daily rows) ${month.median.toFixed(0)} ms (${month.max.toFixed(0)})`);
  // Without the monthly sums: every daily row of the year read and summed.
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const daily = await time(() =>
    client.query(`SELECT sum(window_minutes), sum(outage_minutes), sum(excluded_minutes), count(*) FROM uptime_daily WHERE day >= $1 AND day <= $2`, [fromDay, toDay]),
  );
  await client.end();
  lines.push(`  for contrast, the city summed from the daily rows alone: ${daily.median.toFixed(0)} ms (${daily.max.toFixed(0)})`);
  console.log(lines.join('\n'));
} finally {
  await db.close();
  await server.drop();
}
