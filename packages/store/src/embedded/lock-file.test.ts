import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { lockDataDir, lockFileName } from './lock-file.js';

describe('the data directory lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the holder and its port', async () => {
    const lock = await lockDataDir(dir);
    await lock.setPort(54321);
    expect(JSON.parse(await readFile(join(dir, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid, port: 54321 });
    await lock.release();
  });

  it('refuses a second holder while the first lives, naming it', async () => {
    const lock = await lockDataDir(dir);
    await lock.setPort(54321);
    const err = await lockDataDir(dir).catch((e: unknown) => e);
    expect(isStoreError(err, 'PW_STORE_EMBEDDED_IN_USE')).toBe(true);
    expect((err as Error).message).toBe(`the embedded database in ${dir} is in use by process ${process.pid} (port 54321); stop it or set DATABASE_URL`);
    await lock.release();
    await (await lockDataDir(dir)).release();
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(dir, lockFileName), JSON.stringify({ pid: gone, port: 1234, token: 'old', since: '2025-01-01T00:00:00Z' }));
    const lock = await lockDataDir(dir);
    expect(JSON.parse(await readFile(join(dir, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid, port: null });
    await lock.release();
  });

  it('takes over an unreadable lock file', async () => {
    await writeFile(join(dir, lockFileName), 'garbage');
    await (await lockDataDir(dir)).release();
  });

  it('leaves a lock that has since been taken over by someone else in place on release', async () => {
    const lock = await lockDataDir(dir);
    const other = JSON.stringify({ pid: process.pid, port: 1, token: 'someone-else', since: '2025-01-01T00:00:00Z' });
    await writeFile(join(dir, lockFileName), other);
    await lock.release();
    expect(await readFile(join(dir, lockFileName), 'utf8')).toBe(other);
  });
});
