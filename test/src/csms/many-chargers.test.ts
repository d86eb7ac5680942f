/**
 * Acknowledged means stored, once: 200 chargers of both versions talk at the same time, resend some
 * messages with the same id and payload (as a charger does when it did not see our answer), and every
 * sample we acknowledged is in the database exactly once.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot16, boot201, connectCharger, startCsms, type Charger, type Harness } from './harness.js';

const chargers = 200;
const messagesPerCharger = 5;
/** indexes of the MeterValues each charger sends a second time */
const resent = [1, 3];
const password = 'fleet-password-1';

interface Acks {
  /** message id → the answers received for it */
  answers: Map<string, unknown[]>;
}

function countAcks(c: Charger): Acks {
  const answers = new Map<string, unknown[]>();
  c.on('message', ({ message, outbound }: { message: string; outbound: boolean }) => {
    if (outbound) return;
    const frame = JSON.parse(String(message)) as unknown[];
    if (frame[0] !== 3) return;
    const id = String(frame[1]);
    answers.set(id, [...(answers.get(id) ?? []), frame[2]]);
  });
  return { answers };
}

/** The frame a charger sent for `messageId`, captured as it went out. */
function captureFrames(c: Charger): Map<string, string> {
  const frames = new Map<string, string>();
  c.on('message', ({ message, outbound }: { message: string; outbound: boolean }) => {
    if (!outbound) return;
    const frame = JSON.parse(String(message)) as unknown[];
    if (frame[0] === 2) frames.set(String(frame[1]), String(message));
  });
  return frames;
}

const at = (i: number, n: number) => new Date(Date.UTC(2025, 5, 1, 9, 0, 0) + i * 1000 + n * 60_000).toISOString();

describe('200 chargers at once, with retransmissions', () => {
  let h: Harness;
  const ids = Array.from({ length: chargers }, (_, i) => `FLEET-${String(i).padStart(3, '0')}`);
  const version = (i: number) => (i % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1');

  beforeAll(async () => {
    h = await startCsms({ env: { PILEWATCH_WRITE_BATCH_WAIT_MS: '5' } });
    // The fleet shares one password hash with cheap scrypt parameters (the stored format names its own
    // parameters). With the production cost, 200 connections would spend seconds of CPU in scrypt and the
    // test would measure the password function, not the central system. One charger keeps a real
    // registration, so the fleet's hash is checked against the format the store writes.
    await h.register({ id: ids[0]!, password });
    const [{ password_hash: realHash }] = (await h.query<{ password_hash: string }>(
      `SELECT password_hash FROM charge_points WHERE id = $1`,
      [ids[0]],
    )) as [{ password_hash: string }];
    expect(realHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    const salt = randomBytes(16);
    const cheapHash = ['scrypt', 16, 8, 1, salt.toString('base64url'), scryptSync(password, salt, 32, { N: 16, r: 8, p: 1 }).toString('base64url')].join('$');
    await h.db.pool.query(
      `INSERT INTO charge_points (id, registration_status, password_hash, security_profile)
       SELECT id, 'Accepted', $1, 1 FROM unnest($2::text[]) AS id`,
      [cheapHash, ids.slice(1)],
    );
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 60_000);

  it('acknowledges every message, answers retransmissions alike, and stores each acknowledged sample once', async () => {
    const results = await Promise.all(
      ids.map(async (id, i) => {
        const protocol = version(i);
        const c = await connectCharger(h.url, id, { password, protocol, callTimeoutMs: 30_000 });
        const acks = countAcks(c);
        const frames = captureFrames(c);
        const sentIds: string[] = [];
        c.on('call', ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
          if (outbound) sentIds.push(String(payload[1]));
        });
        await c.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201);
        let transactionId: number | undefined;
        if (protocol === 'ocpp1.6') {
          const start = (await c.call('StartTransaction', { connectorId: 1, idTag: 'FLEET', meterStart: 0, timestamp: at(i, 0) })) as {
            transactionId: number;
          };
          transactionId = start.transactionId;
        }
        const meterIds: string[] = [];
        for (let n = 0; n < messagesPerCharger; n++) {
          const payload =
            protocol === 'ocpp1.6'
              ? {
                  connectorId: 1,
                  transactionId,
                  meterValue: [
                    {
                      timestamp: at(i, n + 1),
                      sampledValue: [
                        { value: String(1000 * (n + 1)), unit: 'Wh' },
                        { value: String(7000 + n), measurand: 'Power.Active.Import', unit: 'W' },
                      ],
                    },
                  ],
                }
              : {
                  evseId: 1,
                  meterValue: [
                    {
                      timestamp: at(i, n + 1),
                      sampledValue: [{ value: 1000 * (n + 1) }, { value: 7000 + n, measurand: 'Power.Active.Import' }],
                    },
                  ],
                };
          await c.call('MeterValues', payload);
          meterIds.push(sentIds.at(-1)!);
        }
        // Resend with the same id and payload, after the first answer, as a charger that missed it would.
        const retransmissions = resent.map((n) => meterIds[n]!);
        let startAgain: string | undefined;
        if (protocol === 'ocpp1.6') startAgain = sentIds[1];
        for (const messageId of [...retransmissions, ...(startAgain ? [startAgain] : [])]) {
          const answered = new Promise<void>((resolve) => {
            const check = () => {
              if ((acks.answers.get(messageId)?.length ?? 0) >= 2) {
                c.off('message', check);
                resolve();
              }
            };
            c.on('message', check);
          });
          c.sendRaw(frames.get(messageId)!);
          await answered;
        }
        await c.close();
        return { id, protocol, acks, meterIds, retransmissions, startAgain, transactionId };
      }),
    );

    for (const r of results) {
      for (const id of r.meterIds) {
        const expected = r.retransmissions.includes(id) ? 2 : 1;
        expect(r.acks.answers.get(id), `${r.id} ${id}`).toEqual(Array(expected).fill({}));
      }
      if (r.startAgain) {
        // The retransmitted StartTransaction gets the very transaction id the first one got.
        const answers = r.acks.answers.get(r.startAgain) as Array<{ transactionId: number }>;
        expect(answers.map((a) => a.transactionId)).toEqual([r.transactionId, r.transactionId]);
      }
    }

    const acknowledgedSamples = results.length * messagesPerCharger * 2;
    const [{ total, distinct }] = (await h.query<{ total: string; distinct: string }>(
      `SELECT count(*) AS total, count(DISTINCT (charger_id, time, measurand)) AS distinct FROM meter_samples`,
    )) as [{ total: string; distinct: string }];
    expect(Number(total)).toBe(acknowledgedSamples);
    expect(Number(distinct)).toBe(acknowledgedSamples);

    const perCharger = await h.query<{ charger_id: string; energy: number[] }>(
      `SELECT charger_id, array_agg(value ORDER BY time) AS energy FROM meter_samples
        WHERE measurand = 'Energy.Active.Import.Register' GROUP BY charger_id`,
    );
    expect(perCharger).toHaveLength(chargers);
    for (const row of perCharger) expect(row.energy).toEqual([1000, 2000, 3000, 4000, 5000]);

    const transactions = await h.query<{ n: string }>(`SELECT count(*) AS n FROM transactions`);
    expect(Number(transactions[0]!.n)).toBe(chargers / 2);

    const stats = h.csms.stats();
    expect(stats.messagesIn.MeterValues).toEqual({ ok: chargers * messagesPerCharger, duplicate: chargers * resent.length });
    expect(stats.messagesIn.StartTransaction).toEqual({ ok: chargers / 2, duplicate: chargers / 2 });
    expect(stats.ackLatency.count).toBe(
      chargers * (1 + messagesPerCharger + resent.length) + (chargers / 2) * 2,
    );
  }, 120_000);
});
