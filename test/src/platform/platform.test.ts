/**
 * The composed platform — database, bus, central system, worker, API and a simulated fleet in one
 * process — does what `pilewatch start --simulate` promises: the fleet registers, connects and reports,
 * the API sees it, a command reaches a simulated charger, and shutdown records every disconnect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createToken } from '@pilewatch/api';
import { loadConfig } from '@pilewatch/config';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';
import { startPlatform, type Platform } from 'pilewatch';

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('pilewatch platform with a simulated fleet (PostgreSQL, in-process bus)', () => {
  let server: TestDatabase;
  let platform: Platform;
  let token: string;
  const chargers = 12;

  beforeAll(async () => {
    server = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: server.url,
      PILEWATCH_OCPP_PORT: '0',
      PILEWATCH_API_PORT: '0',
      PILEWATCH_API_HOST: '127.0.0.1',
      PILEWATCH_OCPP_HOST: '127.0.0.1',
    });
    platform = await startPlatform({
      config,
      log: pino({ level: 'silent' }),
      simulate: { chargers, seed: 'platform-test', speed: 30 },
    });
    token = (await createToken(platform.db, { role: 'admin', name: 'test' })).token;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await server?.drop();
  });

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${platform.apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes are checked by the assertions
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('registers the whole fleet and the API sees every charger online', async () => {
    const counts = await eventually(async () => {
      const { body } = await api('/api/v1/status/counts');
      return body.city.chargers.online === chargers ? body : undefined;
    }, 'every simulated charger to be online');
    expect(counts.city.chargers.total).toBe(chargers);
    expect(counts.counties.length).toBeGreaterThan(1);
  });

  it('sends a command from the API to a simulated charger and returns its answer', async () => {
    const id = platform.fleet!.chargers()[0]!.id;
    const { status, body } = await api(`/api/v1/chargers/${encodeURIComponent(id)}/commands`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'triggerMessage', message: 'Heartbeat' }),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: true });
  });

  it('exposes the central system and the write path at /metrics: chargers by protocol, batch sizes, commit time', async () => {
    const text = await (await fetch(`${platform.apiUrl}/metrics`)).text();
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
    const connected = [...text.matchAll(/^pilewatch_csms_connected_chargers\{protocol="[^"]+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(connected).toBe(chargers);
    const batches = value(/^pilewatch_store_batches_total (\d+)$/m);
    expect(batches).toBeGreaterThan(0);
    expect(value(/^pilewatch_store_batch_size_count (\d+)$/m)).toBe(batches);
    expect(value(/^pilewatch_store_commit_seconds_bucket\{le="\+Inf"\} (\d+)$/m)).toBe(batches);
    expect(text).toMatch(/^pilewatch_csms_messages_in_total\{action="BootNotification",result="ok"\} \d+$/m);
  });

  it('records a disconnect for every charger when it shuts down', async () => {
    const db = platform.db;
    const { rows: before } = await db.pool.query(`SELECT count(*)::int AS n FROM charger_state WHERE online`);
    expect(before[0].n).toBe(chargers);
    // Keep the pool open long enough to read after close: use a separate connection to the test database.
    await platform.close();
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM charger_state WHERE online`);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
