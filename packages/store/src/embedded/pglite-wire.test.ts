import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeMessagesLength, servableOverWire } from './pglite-wire.js';

const message = (type: string, body: number[]) => [type.charCodeAt(0), ...int32(body.length + 4), ...body];
const int32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const startup = [...int32(8), 0, 3, 0, 0];

describe('completeMessagesLength', () => {
  const query = message('Q', [0x53, 0x45, 0x4c, 0]);
  const sync = message('S', []);
  it.each([
    { name: 'nothing', bytes: [], whole: 0 },
    { name: 'one whole message', bytes: query, whole: query.length },
    { name: 'two whole messages', bytes: [...query, ...sync], whole: query.length + sync.length },
    { name: 'a message and the start of the next', bytes: [...query, ...sync.slice(0, 3)], whole: query.length },
    { name: 'half a header', bytes: query.slice(0, 3), whole: 0 },
    { name: 'a header without its body', bytes: query.slice(0, 6), whole: 0 },
    { name: 'a startup message (no type byte)', bytes: startup, whole: startup.length },
    { name: 'a startup message then a query', bytes: [...startup, ...query], whole: startup.length + query.length },
  ])('finds $whole bytes of whole messages in $name', ({ bytes, whole }) => {
    expect(completeMessagesLength(new Uint8Array(bytes))).toBe(whole);
  });
});

describe('PGlite served over the wire protocol', () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let config: pg.ClientConfig;

  beforeAll(async () => {
    db = await PGlite.create();
    const served = (await servableOverWire(db)) as unknown as ConstructorParameters<typeof PGLiteSocketServer>[0]['db'];
    server = new PGLiteSocketServer({ db: served, port: 0, host: '127.0.0.1' });
    await server.start();
    config = { host: '127.0.0.1', port: Number(server.getServerConn().split(':')[1]), user: 'postgres', database: 'postgres' };
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client(config);
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  it('passes statements far larger than one TCP read intact', async () => {
    const big = 'x'.repeat(300_000);
    const rows = await withClient(async (c) => (await c.query('SELECT length($1::text) AS n, md5($1::text) AS h', [big])).rows);
    expect(rows).toEqual([{ n: 300_000, h: (await db.query<{ h: string }>('SELECT md5($1) AS h', [big])).rows[0]!.h }]);
  });

  it('does not hand a vanished client’s open transaction to the next client', async () => {
    const first = new pg.Client(config);
    first.on('error', () => undefined);
    await first.connect();
    await first.query('CREATE TABLE IF NOT EXISTS wire_t (x int)');
    await first.query('BEGIN');
    await first.query('INSERT INTO wire_t VALUES (1)');
    await first.query(`SET application_name = 'first'`);
    const closed = new Promise((resolve) => first.once('end', resolve));
    (first as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await closed;

    const seen = await withClient(async (c) => ({
      rows: (await c.query('SELECT count(*)::int AS n FROM wire_t')).rows,
      app: (await c.query(`SELECT current_setting('application_name') AS a`)).rows[0].a,
      path: (await c.query(`SELECT current_setting('search_path') AS p`)).rows[0].p,
    }));
    expect(seen).toEqual({ rows: [{ n: 0 }], app: '', path: 'public' });
  });
});
