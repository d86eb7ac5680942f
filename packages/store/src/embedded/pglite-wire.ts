/**
 * Adapts PGlite to PGLiteSocketServer, fixing two things the server leaves to us:
 * - it hands every TCP chunk straight to `execProtocolRaw`, but PGlite only understands whole protocol
 *   messages (a 64 KiB chunk holding half of a large Bind aborts the WebAssembly instance), so chunks are
 *   buffered and PGlite gets complete messages only, in order;
 * - PGlite has one backend session for all connections, so a client that disconnects inside a
 *   transaction (or mid-error) would hand its open transaction to the next client; each new connection
 *   starts from a rolled-back, discarded session instead.
 */
import type { PGlite } from '@electric-sql/pglite';

/** The part of PGlite the socket server uses. */
type ServedDatabase = Pick<PGlite, 'waitReady' | 'runExclusive' | 'execProtocolRaw'>;

/**
 * Byte length of the complete messages at the start of `buf`. A startup-phase message (StartupMessage,
 * SSLRequest, CancelRequest) has no type byte and begins with its length's high byte, which is 0; every
 * other message begins with an ASCII type letter, so a leading 0 byte identifies one unambiguously.
 */
export function completeMessagesLength(buf: Uint8Array): number {
  let at = 0;
  for (;;) {
    const untyped = buf[at] === 0;
    const header = untyped ? 4 : 5;
    if (buf.length - at < header) return at;
    const lenAt = untyped ? at : at + 1;
    const len = ((buf[lenAt]! << 24) | (buf[lenAt + 1]! << 16) | (buf[lenAt + 2]! << 8) | buf[lenAt + 3]!) >>> 0;
    const total = (untyped ? 0 : 1) + len;
    if (len < 4 || buf.length - at < total) return at;
    at += total;
  }
}

/**
 * Wraps `db` for PGLiteSocketServer. Call it before any client connects: it records PGlite's own
 * session settings so that every new connection gets them back.
 */
export async function servableOverWire(db: PGlite): Promise<PGlite> {
  // PGlite sets these in its session at start (search_path=public over a pg_catalog default):
  // DISCARD ALL would otherwise reset them to values no ordinary server has.
  const { rows: sessionSettings } = await db.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE source = 'session'`,
  );
  let pending = new Uint8Array(0);
  let queue: Promise<unknown> = Promise.resolve();
  const served: ServedDatabase = {
    get waitReady() {
      return db.waitReady;
    },
    // The handler of each new connection takes the exclusive lock before its first byte: a fresh start.
    // Only one handler is attached at a time, so nothing else uses the session while it is reset.
    async runExclusive(fn) {
      pending = new Uint8Array(0);
      await freshSession(db, sessionSettings);
      return db.runExclusive(fn);
    },
    execProtocolRaw(chunk, options) {
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending, 0);
      joined.set(chunk, pending.length);
      const whole = completeMessagesLength(joined);
      pending = joined.slice(whole);
      // An empty answer makes the socket handler send nothing for this chunk; the rest comes with the next.
      if (whole === 0) return Promise.resolve(new Uint8Array(0));
      const messages = joined.subarray(0, whole);
      const run = queue.then(() => db.execProtocolRaw(messages, options));
      queue = run.catch(() => undefined);
      return run;
    },
  };
  // The socket server only calls the three members above; the cast names the type it declares.
  return served as unknown as PGlite;
}

/** Sync ends any half-finished extended-protocol exchange, so the statements after it are not ignored. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

async function freshSession(db: PGlite, settings: Array<{ name: string; setting: string }>): Promise<void> {
  await db.execProtocolRaw(SYNC);
  await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
  for (const { name, setting } of settings) await db.query('SELECT set_config($1, $2, false)', [name, setting]);
}
