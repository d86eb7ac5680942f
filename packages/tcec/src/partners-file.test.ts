import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPartnersFile } from './partners-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-partners-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const secrets = { operatorSecret: 'op-secret-0001', dataSecret: 'abcdefghijklmnop', dataSecretIv: 'ponmlkjihgfedcba', sigSecret: 'sig-secret-0001' };

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('the partners file', () => {
  it('gives partners without their own skew limit the deployment’s, and keeps a partner’s own', async () => {
    const path = await file(
      'ok.json',
      JSON.stringify([
        { name: 'province', operatorId: 'PROVINCE1', inbound: secrets },
        { name: 'strict', operatorId: 'STRICT001', inbound: { ...secrets, maxSkewS: 30 } },
      ]),
    );
    const partners = readPartnersFile(path, { maxSkewS: 120 });
    expect(partners.map((p) => [p.name, p.inbound?.maxSkewS])).toEqual([
      ['province', 120],
      ['strict', 30],
    ]);
  });

  it('names a missing file', () => {
    expect(() => readPartnersFile(join(dir, 'nowhere.json'), { maxSkewS: 300 })).toThrow(
      expect.objectContaining({ code: 'PW_TCEC_PARTNER_CONFIG_INVALID', message: expect.stringContaining('nowhere.json') }),
    );
  });

  it('says a file is not JSON without quoting it (it holds secrets)', async () => {
    const path = await file('broken.json', `[{"name": "province", "inbound": {"sigSecret": "${secrets.sigSecret}" oops`);
    let message = '';
    try {
      readPartnersFile(path, { maxSkewS: 300 });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/is not valid JSON/);
    expect(message).not.toContain(secrets.sigSecret);
  });

  it('reports every invalid field at once, without the values', async () => {
    const path = await file('invalid.json', JSON.stringify([{ name: 'province', operatorId: 'short', inbound: { ...secrets, dataSecret: 'too-short-key' } }]));
    let message = '';
    try {
      readPartnersFile(path, { maxSkewS: 300 });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/0\.operatorId/);
    expect(message).toMatch(/0\.inbound\.dataSecret/);
    expect(message).not.toContain('too-short-key');
  });
});
