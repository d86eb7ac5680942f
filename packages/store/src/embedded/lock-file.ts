/**
 * One process per embedded data directory. Two PGlite instances writing the same files corrupt them, so
 * the first opener writes `pilewatch.lock` (pid and port); a second opener gets a clear error naming the
 * holder, and a lock left by a process that no longer runs is taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../errors.js';

export const lockFileName = 'pilewatch.lock';

export interface LockContent {
  pid: number;
  port: number | null;
  token: string;
  since: string;
}

export interface DataDirLock {
  path: string;
  /** Records the port once the server listens, so the error a second opener gets can name it. */
  setPort(port: number): Promise<void>;
  release(): Promise<void>;
}

export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const path = join(dir, lockFileName);
  const content: LockContent = { pid: process.pid, port: null, token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  // Two attempts: the second follows taking over a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createExclusively(path, content)) return handle(path, content);
    const holder = await readLock(path);
    if (holder && processRuns(holder.pid)) {
      const port = holder.port === null ? '' : ` (port ${holder.port})`;
      throw new StoreError(
        'PW_STORE_EMBEDDED_IN_USE',
        `the embedded database in ${dir} is in use by process ${holder.pid}${port}; stop it or set DATABASE_URL`,
      );
    }
    await unlink(path).catch(ignoreMissing);
  }
  throw new StoreError('PW_STORE_EMBEDDED_IN_USE', `the embedded database in ${dir} is being opened by another process; try again`);
}

function handle(path: string, content: LockContent): DataDirLock {
  return {
    path,
    async setPort(port) {
      content.port = port;
      // Written beside and renamed over, so a reader never sees half a file.
      const tmp = `${path}.${content.token}`;
      await writeFile(tmp, JSON.stringify(content));
      await rename(tmp, path);
    },
    async release() {
      const current = await readLock(path);
      if (current?.token === content.token) await unlink(path).catch(ignoreMissing);
    },
  };
}

/** Writes a temporary file and hard-links it into place: the link fails if a lock exists, atomically. */
async function createExclusively(path: string, content: LockContent): Promise<boolean> {
  const tmp = `${path}.${content.token}`;
  await writeFile(tmp, JSON.stringify(content));
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(ignoreMissing);
  }
}

async function readLock(path: string): Promise<LockContent | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? (parsed as LockContent) : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // An unreadable lock has no live holder we could name; it is treated as stale.
    return null;
  }
}

/** Signal 0 tests for existence; EPERM means the process exists but belongs to someone else. */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}
