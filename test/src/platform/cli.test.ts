/** The `pilewatch` admin commands against a real PostgreSQL database, as an operator types them. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet } from '@pilewatch/simulator';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';
import { verifyPassword, getChargerAuth, openDatabase } from '@pilewatch/store';
import { loadConfig } from '@pilewatch/config';
import { main } from 'pilewatch';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('pilewatch admin commands', () => {
  let server: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'pw-cli-'));
    env = { DATABASE_URL: server.url, PILEWATCH_LOG_LEVEL: 'error' };
  });
  afterAll(async () => {
    await server?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(argv, { env, stdout, stderr });
    return { code, out: stdout.text, err: stderr.text };
  };

  it('explains every command with --help, and refuses unknown ones with exit code 2', async () => {
    for (const cmd of ['start', 'migrate', 'charger', 'token', 'fleet', 'simulate']) {
      const r = await run(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.out, cmd).toMatch(/Usage/);
    }
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  it('migrates idempotently', async () => {
    expect((await run('migrate')).out).toMatch(/Applied migrations 1/);
    expect((await run('migrate')).out).toMatch(/up to date/);
  });

  it('adds a charger with a generated password that verifies against the stored hash, and lists it', async () => {
    const add = await run('charger', 'add', 'XZ-CLI-0001', '--pending');
    expect(add.code).toBe(0);
    const password = add.out.match(/Password \(shown once, store it in the charger\): (\S+)/)![1]!;
    const db = await openDatabase(loadConfig(env));
    try {
      const auth = await getChargerAuth(db, 'XZ-CLI-0001');
      expect(auth?.registrationStatus).toBe('Pending');
      expect(auth?.passwordHash).not.toContain(password);
      expect(await verifyPassword(password, auth!.passwordHash!)).toBe(true);
    } finally {
      await db.close();
    }
    const list = await run('charger', 'list', '--json');
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ id: 'XZ-CLI-0001', registrationStatus: 'Pending' })]);
    const table = await run('charger', 'list');
    expect(table.out).toMatch(/XZ-CLI-0001 +- +- +Pending/);
  });

  it('refuses a bad identity and a duplicate with a coded message and exit code 1, a missing one with 2', async () => {
    const bad = await run('charger', 'add', 'bad:id');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('PW_STORE_INVALID_IDENTITY');
    const dup = await run('charger', 'add', 'XZ-CLI-0001');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/PW_STORE_CHARGER_EXISTS/);
    const missing = await run('charger', 'add');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('the charger identity is missing');
  });

  it('creates, lists and revokes API tokens; the secret is printed once and never listed', async () => {
    const created = await run('token', 'create', '--role', 'regulator', '--name', 'city energy bureau');
    expect(created.code).toBe(0);
    const secret = created.out.match(/Token \(shown once\): (\S+)/)![1]!;
    const id = created.out.match(/Created regulator token (\S+)/)![1]!.replace(/\.$/, '');
    const list = await run('token', 'list', '--json');
    expect(list.out).not.toContain(secret);
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ id, role: 'regulator' })]);
    expect((await run('token', 'revoke', id)).code).toBe(0);
    expect(JSON.parse((await run('token', 'list', '--json')).out || '[]')).toEqual([]);
    const badRole = await run('token', 'create', '--role', 'mayor');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('--role must be one of');
    const noOperator = await run('token', 'create', '--role', 'operator');
    expect(noOperator.code).toBe(1);
    expect(noOperator.err).toContain('operatorId');
  });

  it('registers a generated fleet file in one step, idempotently, and refuses an invalid one without changes', async () => {
    const fleet = generateFleet({ chargers: 15, seed: 'cli' });
    const file = join(dir, 'fleet.json');
    await writeFile(file, JSON.stringify(fleet));
    const first = await run('fleet', 'register', file);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Registered \d+ operators, \d+ stations, 15 chargers/);
    expect((await run('fleet', 'register', file)).code).toBe(0);
    const listed = JSON.parse((await run('charger', 'list', '--json')).out) as Array<{ id: string }>;
    expect(listed.filter((c) => fleet.chargers.some((f) => f.id === c.id))).toHaveLength(15);

    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ ...fleet, chargers: [{ ...fleet.chargers[0], id: 'XZ-NEW-1', password: '' }] }));
    const refused = await run('fleet', 'register', broken);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/password/);
    const after = JSON.parse((await run('charger', 'list', '--json')).out) as Array<{ id: string }>;
    expect(after.some((c) => c.id === 'XZ-NEW-1')).toBe(false);
  });
});
