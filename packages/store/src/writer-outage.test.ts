import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@pilewatch/config';
import { addCharger } from './chargers.js';
import { openDatabase, type Database } from './database.js';
import { isStoreError } from './errors.js';
import { migrate } from './migrate.js';
import { ocppCall } from './test-support/ocpp-calls.js';
import { createTestDatabase, serverUrl, type TestDatabase } from './testing.js';
import { createWriter, type Writer } from './writer.js';

/** A TCP relay to the test server that can be cut and restored: the database "goes away" for real. */
function relay(target: { host: string; port: number }) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  return {
    get port() {
      return port;
    },
    async up() {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async down() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}

describe('the writer while the database is unreachable', () => {
  let target: TestDatabase;
  let link: ReturnType<typeof relay>;
  let db: Database;
  let writer: Writer;

  beforeAll(async () => {
    target = await createTestDatabase();
    const server = new URL(serverUrl);
    link = relay({ host: server.hostname, port: Number(server.port || 5432) });
    await link.up();
    const url = new URL(target.url);
    url.host = `127.0.0.1:${link.port}`;
    const config = loadConfig({ DATABASE_URL: url.toString() });
    db = await openDatabase(config);
    await migrate(db, config);
    await addCharger(db, { id: 'OUT-1', password: 'p' });
    writer = createWriter(db, { batchMax: 10, batchWaitMs: 0 });
  });
  afterAll(async () => {
    await writer?.close().catch(() => undefined);
    await db?.close();
    await link?.down();
    await target?.drop();
  });

  const heartbeat = () => ocppCall('OUT-1', 'ocpp1.6', 'Heartbeat', {});

  it('refuses messages with an unavailable error, so the charger keeps and resends them', async () => {
    expect(await writer.apply(heartbeat())).toEqual({ duplicate: false });
    await link.down();

    const err = await writer.apply(heartbeat()).catch((e: unknown) => e);
    expect(isStoreError(err, 'PW_STORE_UNAVAILABLE')).toBe(true);
  });

  it('holds journal entries back and writes them once the database is back', async () => {
    writer.journal({ chargerId: 'OUT-1', direction: 'out', messageType: 3, messageId: 'kept', frame: '[3,"kept",{}]', time: new Date() });
    expect(isStoreError(await writer.flush().catch((e: unknown) => e), 'PW_STORE_UNAVAILABLE')).toBe(true);

    await link.up();
    const resent = heartbeat();
    expect(await writer.apply(resent)).toEqual({ duplicate: false });
    await writer.flush();
    const { rows } = await db.pool.query(`SELECT message_id FROM ocpp_messages WHERE charger_id = 'OUT-1' AND direction = 'out'`);
    expect(rows).toEqual([{ message_id: 'kept' }]);
  });

  it('survives a connection that drops while a client is checked out, and reconnects on the next query', async () => {
    const client = await db.pool.connect();
    await link.down();
    // The dropped connection emits on the checked-out client; it must not become an uncaught exception.
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.release(true);
    await link.up();
    const { rows } = await db.pool.query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });
});
