/**
 * `pilewatch province` as an operator types it: the partners without their secrets, a call to a
 * partner's interface (the test receiver, through its own codec), and the delivery state of pushes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProvinceDeliveries, migrate, openDatabase } from '@pilewatch/store';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';
import { loadConfig } from '@pilewatch/config';
import { main } from 'pilewatch';
import { PushReceiver } from './push-receiver.js';
import { operatorIdFor, secret16 } from './stack.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const ours = { operatorId: operatorIdFor('C'), operatorSecret: secret16() };
const secrets = { dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };
const inbound = { operatorSecret: secret16(), dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };
const partnerId = operatorIdFor('R');

let receiver: PushReceiver;
let server: TestDatabase;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  receiver = new PushReceiver({ caller: ours, secrets });
  const baseUrl = await receiver.start();
  server = await createTestDatabase('pw_province_cli');
  dir = await mkdtemp(join(tmpdir(), 'pw-province-cli-'));
  const file = join(dir, 'partners.json');
  await writeFile(
    file,
    JSON.stringify([
      {
        name: 'province',
        operatorId: partnerId,
        inbound: { ...inbound, counties: ['140902'] },
        outbound: { baseUrl, ...ours, ...secrets, pushes: ['notification_stationStatus'] },
      },
    ]),
  );
  env = { DATABASE_URL: server.url, PILEWATCH_LOG_LEVEL: 'error', PILEWATCH_PROVINCE_PARTNERS_FILE: file };
});

afterAll(async () => {
  await receiver?.close();
  await server?.drop();
  await rm(dir, { recursive: true, force: true });
});

const run = async (...argv: string[]) => {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { env, stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
};

describe('pilewatch province', () => {
  it('lists the partners with what they may do, never a secret', async () => {
    const listed = await run('province', 'partners', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({
        name: 'province',
        operatorId: partnerId,
        inbound: expect.objectContaining({ counties: ['140902'], operators: 'all' }),
        outbound: { baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/evcs\/v1$/), ourOperatorId: ours.operatorId, pushes: ['notification_stationStatus'] },
      }),
    ]);
    const text = (await run('province', 'partners')).out;
    for (const value of [...Object.values(secrets), ...Object.values(inbound), ours.operatorSecret]) {
      expect(listed.out).not.toContain(value);
      expect(text).not.toContain(value);
    }
  });

  it('calls a partner’s interface and prints the answer', async () => {
    const called = await run('province', 'call', 'province', 'notification_stationStatus', '--data', '{"ConnectorStatusInfo":{"ConnectorID":"XZ-0001011","Status":3}}');
    expect(called.err).toBe('');
    expect(called.code).toBe(0);
    expect(JSON.parse(called.out)).toEqual({ Status: 0 });
    expect(receiver.received.map((r) => r.data)).toEqual([{ ConnectorStatusInfo: { ConnectorID: 'XZ-0001011', Status: 3 } }]);
  });

  it('refuses Data the interface does not take before calling, with the problem', async () => {
    const refused = await run('province', 'call', partnerId, 'notification_stationStatus', '--data', '{"ConnectorStatusInfo":{"ConnectorID":"X","Status":7}}');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/PW_TCEC_DATA_INVALID.*Status/);
    expect(receiver.received).toHaveLength(1);
  });

  it('shows the delivery state of pushes, filtered by state', async () => {
    const config = loadConfig(env);
    const db = await openDatabase(config);
    try {
      await migrate(db, config);
      await insertProvinceDeliveries(db.pool, [
        {
          partnerId,
          interface: 'notification_stationStatus',
          subject: 'XZ-0001011',
          stationId: null,
          data: { ConnectorStatusInfo: { ConnectorID: 'XZ-0001011', Status: 1 } },
          changedAt: new Date(),
        },
      ]);
    } finally {
      await db.close();
    }
    const pending = await run('province', 'pushes', '--state', 'pending');
    expect(pending.out).toMatch(new RegExp(`${partnerId}  notification_stationStatus  XZ-0001011  pending \\(0 attempts\\)`));
    expect((await run('province', 'pushes', '--state', 'failed')).out).toBe('No pushes.\n');
    expect((await run('province', 'pushes', '--state', 'lost')).code).toBe(2);
  });
});
