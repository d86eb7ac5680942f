/**
 * One group commit: everything a batch of messages carries, written in one transaction with a fixed
 * number of multi-row statements plus one statement per boot and per transaction event.
 */
import type pg from 'pg';
import type { TransactionEnded, TransactionStarted, TransactionUpdated } from '@pilewatch/ocpp';
import { planBatch, startKey, type BatchPlan, type OrderedStep } from './batch-plan.js';
import type { RegistrationStatus } from './chargers.js';
import { StoreError } from './errors.js';
import type { ApplyItem, ApplyResult, ConnectivityChange, JournalEntry, WriteOp } from './writer-types.js';

/** Per op, in the order given: its result, or the reason it alone was refused (the rest still commit). */
export type OpOutcome = { ok: true; result?: ApplyResult } | { ok: false; error: StoreError };

/**
 * Writes `ops` and `journal` in one transaction on `client`. Throws (after rolling back) when the
 * database refuses any statement; the caller decides whether to retry items one by one.
 */
export async function writeBatch(client: pg.ClientBase, ops: readonly WriteOp[], journal: readonly JournalEntry[]): Promise<OpOutcome[]> {
  await client.query('BEGIN');
  try {
    const outcomes = await writeInTransaction(client, ops, journal);
    await client.query('COMMIT');
    return outcomes;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

const keyOf = (i: ApplyItem) => `${i.chargerId}\u0000${i.messageId}\u0000${i.payloadHash}`;

async function writeInTransaction(client: pg.ClientBase, ops: readonly WriteOp[], journal: readonly JournalEntry[]): Promise<OpOutcome[]> {
  const outcomes: Array<OpOutcome | undefined> = new Array(ops.length);
  const chargerOf = (op: WriteOp) => (op.kind === 'apply' ? op.item.chargerId : op.change.chargerId);

  // Messages from chargers that are not registered are refused one by one, before they can fail the batch.
  const known = await knownChargers(client, [...new Set(ops.map(chargerOf))]);
  const accepted: number[] = [];
  ops.forEach((op, i) => {
    if (known.has(chargerOf(op))) accepted.push(i);
    else outcomes[i] = { ok: false, error: new StoreError('PW_STORE_UNKNOWN_CHARGER', `charger ${JSON.stringify(chargerOf(op))} is not registered`) };
  });

  // Retransmissions: the first op per (charger, message id, payload hash) leads; a copy in the same
  // batch follows it. A leader whose claim on processed_messages fails was applied before.
  const applyIdx = accepted.filter((i) => ops[i]!.kind === 'apply');
  const leaders = new Map<string, number>();
  const followers: Array<{ index: number; leader: number }> = [];
  for (const i of applyIdx) {
    const item = (ops[i] as { item: ApplyItem }).item;
    const leader = leaders.get(keyOf(item));
    if (leader === undefined) leaders.set(keyOf(item), i);
    else followers.push({ index: i, leader });
  }
  const leaderItems = [...leaders.values()].map((i) => (ops[i] as { item: ApplyItem }).item);
  const claimed = await claimMessages(client, leaderItems);
  const fresh: number[] = [];
  const previouslyApplied: number[] = [];
  for (const i of leaders.values()) (claimed.has(keyOf((ops[i] as { item: ApplyItem }).item)) ? fresh : previouslyApplied).push(i);
  const stored = await storedResponses(client, previouslyApplied.map((i) => (ops[i] as { item: ApplyItem }).item));
  for (const i of previouslyApplied) {
    outcomes[i] = { ok: true, result: { ...stored.get(keyOf((ops[i] as { item: ApplyItem }).item)), duplicate: true } };
  }

  const freshItems = fresh.map((i) => (ops[i] as { item: ApplyItem }).item);
  const results: ApplyResult[] = freshItems.map(() => ({ duplicate: false }));
  const plan = planBatch(freshItems);
  await writePlan(client, plan, freshItems, results);

  for (const i of accepted) {
    const op = ops[i]!;
    if (op.kind === 'connectivity') {
      await recordConnectivity(client, op.change);
      outcomes[i] = { ok: true };
    }
  }

  await recordResponses(client, freshItems, results);
  fresh.forEach((i, n) => (outcomes[i] = { ok: true, result: results[n]! }));
  for (const { index, leader } of followers) {
    const led = outcomes[leader];
    outcomes[index] = led?.ok ? { ok: true, result: { ...led.result, duplicate: true } } : led;
  }

  // Every accepted inbound frame is journaled, retransmissions included: the journal records what arrived.
  const frames: JournalEntry[] = applyIdx.map((i) => {
    const item = (ops[i] as { item: ApplyItem }).item;
    return {
      chargerId: item.chargerId,
      direction: 'in',
      messageType: 2,
      messageId: item.messageId,
      action: item.action,
      protocol: item.protocol,
      frame: item.frame,
      time: item.receivedAt,
    };
  });
  await insertJournal(client, [...frames, ...journal]);
  return outcomes.map((o) => o ?? { ok: false, error: new StoreError('PW_STORE_WRITE_REJECTED', 'internal: no outcome recorded') });
}

async function knownChargers(client: pg.ClientBase, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await client.query<{ id: string }>('SELECT id FROM charge_points WHERE id = ANY($1::text[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

/**
 * Inserts the retransmission guard before applying anything. A concurrent writer (another csms node)
 * holding the same key makes this wait for its commit and then skip, so a message is applied once.
 */
async function claimMessages(client: pg.ClientBase, items: ApplyItem[]): Promise<Set<string>> {
  if (!items.length) return new Set();
  const { rows } = await client.query<{ c: string; m: string; h: string }>(
    `INSERT INTO processed_messages (charger_id, message_id, payload_hash, action)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT DO NOTHING
     RETURNING charger_id AS c, message_id AS m, payload_hash AS h`,
    [items.map((i) => i.chargerId), items.map((i) => i.messageId), items.map((i) => i.payloadHash), items.map((i) => i.action)],
  );
  return new Set(rows.map((r) => `${r.c}\u0000${r.m}\u0000${r.h}`));
}

async function storedResponses(client: pg.ClientBase, items: ApplyItem[]): Promise<Map<string, Omit<ApplyResult, 'duplicate'>>> {
  if (!items.length) return new Map();
  const { rows } = await client.query<{ c: string; m: string; h: string; response: ApplyResult | null }>(
    `SELECT p.charger_id AS c, p.message_id AS m, p.payload_hash AS h, p.response
       FROM processed_messages p
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(c, m, h)
         ON p.charger_id = k.c AND p.message_id = k.m AND p.payload_hash = k.h`,
    [items.map((i) => i.chargerId), items.map((i) => i.messageId), items.map((i) => i.payloadHash)],
  );
  const map = new Map<string, Omit<ApplyResult, 'duplicate'>>();
  for (const r of rows) {
    const { duplicate: _ignored, ...outcome } = r.response ?? { duplicate: true };
    map.set(`${r.c}\u0000${r.m}\u0000${r.h}`, outcome);
  }
  return map;
}

async function recordResponses(client: pg.ClientBase, items: ApplyItem[], results: ApplyResult[]): Promise<void> {
  if (!items.length) return;
  await client.query(
    `UPDATE processed_messages p SET response = k.r
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS k(c, m, h, r)
      WHERE p.charger_id = k.c AND p.message_id = k.m AND p.payload_hash = k.h`,
    [
      items.map((i) => i.chargerId),
      items.map((i) => i.messageId),
      items.map((i) => i.payloadHash),
      results.map(({ duplicate: _d, ...r }) => JSON.stringify(r)),
    ],
  );
}

async function writePlan(client: pg.ClientBase, plan: BatchPlan, items: ApplyItem[], results: ApplyResult[]): Promise<void> {
  for (const step of plan.steps) if (step.kind === 'boot') await boot(client, step, items, results);

  if (plan.statusRows.length) {
    const rows = plan.statusRows;
    await client.query(
      `INSERT INTO status_events (time, received_at, charger_id, evse_id, connector_id, status, error_code, vendor_error_code, vendor_id, info)
       SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.time), rows.map((r) => r.receivedAt), rows.map((r) => r.chargerId), rows.map((r) => r.evseId),
        rows.map((r) => r.connectorId), rows.map((r) => r.status), rows.map((r) => r.errorCode),
        rows.map((r) => r.vendorErrorCode), rows.map((r) => r.vendorId), rows.map((r) => r.info),
      ],
    );
  }
  if (plan.connectors.length) {
    const c = plan.connectors;
    await client.query(
      `INSERT INTO connectors (charger_id, evse_id, connector_id)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[]) ON CONFLICT DO NOTHING`,
      [c.map((r) => r.chargerId), c.map((r) => r.evseId), c.map((r) => r.connectorId)],
    );
  }
  if (plan.latestStatus.length) {
    const rows = plan.latestStatus;
    // Late data must not overwrite newer state: a report older than the stored status only goes to history.
    await client.query(
      `INSERT INTO connector_state (charger_id, evse_id, connector_id, status, error_code, vendor_error_code, info, status_at, received_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
       ON CONFLICT (charger_id, evse_id, connector_id) DO UPDATE SET
         status = EXCLUDED.status, error_code = EXCLUDED.error_code, vendor_error_code = EXCLUDED.vendor_error_code,
         info = EXCLUDED.info, status_at = EXCLUDED.status_at, received_at = EXCLUDED.received_at
       WHERE connector_state.status_at <= EXCLUDED.status_at`,
      [
        rows.map((r) => r.chargerId), rows.map((r) => r.evseId), rows.map((r) => r.connectorId), rows.map((r) => r.status),
        rows.map((r) => r.errorCode), rows.map((r) => r.vendorErrorCode), rows.map((r) => r.info),
        rows.map((r) => r.time), rows.map((r) => r.receivedAt),
      ],
    );
  }
  if (plan.chargerEventRows.length) {
    const rows = plan.chargerEventRows;
    await client.query(
      `INSERT INTO charger_events (time, received_at, charger_id, kind, evse_id, connector_id, payload)
       SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::int[], $6::int[], $7::jsonb[])`,
      [
        rows.map((r) => r.time), rows.map((r) => r.receivedAt), rows.map((r) => r.chargerId), rows.map((r) => r.kind),
        rows.map((r) => r.evseId), rows.map((r) => r.connectorId), rows.map((r) => JSON.stringify(r.payload)),
      ],
    );
  }

  for (const step of plan.steps) {
    const chargerId = items[step.item]!.chargerId;
    if (step.kind === 'start') results[step.item]!.transactionId = await startTransaction(client, chargerId, step.event);
    else if (step.kind === 'update') await updateTransaction(client, chargerId, step.event);
    else if (step.kind === 'end') await endTransaction(client, chargerId, step.event);
  }

  // After the transactions: a sample that names only its transaction takes that transaction's EVSE and
  // connector (0/0, the charger as a whole, when the session is unknown).
  if (plan.meterRows.length) {
    const rows = plan.meterRows;
    await client.query(
      `INSERT INTO meter_samples (time, received_at, charger_id, evse_id, connector_id, transaction_ref, measurand, phase, location, unit, value, context, signed)
       SELECT u.time, u.received_at, u.charger_id,
              coalesce(u.evse_id, t.evse_id, 0), coalesce(u.connector_id, t.connector_id, 0),
              u.transaction_ref, u.measurand, u.phase, u.location, u.unit, u.value, u.context, u.signed
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[])
              AS u(time, received_at, charger_id, evse_id, connector_id, transaction_ref, measurand, phase, location, unit, value, context, signed)
         LEFT JOIN transactions t ON t.charger_id = u.charger_id AND t.transaction_ref = u.transaction_ref
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.time), rows.map((r) => r.receivedAt), rows.map((r) => r.chargerId), rows.map((r) => r.evseId),
        rows.map((r) => r.connectorId), rows.map((r) => r.transactionRef), rows.map((r) => r.measurand), rows.map((r) => r.phase),
        rows.map((r) => r.location), rows.map((r) => r.unit), rows.map((r) => r.value), rows.map((r) => r.context), rows.map((r) => r.signed),
      ],
    );
  }
  if (plan.lastSeen.size) {
    const ids = [...plan.lastSeen.keys()];
    await client.query(
      `INSERT INTO charger_state (charger_id, last_seen_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[])
       ON CONFLICT (charger_id) DO UPDATE SET last_seen_at = greatest(charger_state.last_seen_at, EXCLUDED.last_seen_at)`,
      [ids, ids.map((id) => plan.lastSeen.get(id))],
    );
  }
}

async function boot(client: pg.ClientBase, step: Extract<OrderedStep, { kind: 'boot' }>, items: ApplyItem[], results: ApplyResult[]): Promise<void> {
  const e = step.event;
  const chargerId = items[step.item]!.chargerId;
  const { rows } = await client.query<{ registration_status: RegistrationStatus }>(
    `UPDATE charge_points SET vendor = $2, model = $3, serial_number = $4, firmware_version = $5, iccid = $6, imsi = $7,
            meter_type = $8, meter_serial_number = $9, last_boot_at = $10, protocol = $11, updated_at = now()
      WHERE id = $1 RETURNING registration_status`,
    [
      chargerId, e.vendor, e.model, e.serialNumber ?? null, e.firmwareVersion ?? null, e.iccid ?? null, e.imsi ?? null,
      e.meterType ?? null, e.meterSerialNumber ?? null, e.at, step.protocol,
    ],
  );
  const status = rows[0]?.registration_status;
  if (status) results[step.item]!.registrationStatus = status;
  await client.query(
    `INSERT INTO connectivity_events (time, charger_id, event, protocol, detail) VALUES ($1, $2, 'booted', $3, $4)`,
    [e.at, chargerId, step.protocol, JSON.stringify({ vendor: e.vendor, model: e.model, firmwareVersion: e.firmwareVersion, reason: e.reason })],
  );
}

/** Attempts before giving up on finding a free 1.6 id (taken only by stops replayed for unknown sessions). */
const startAttempts = 5;

async function startTransaction(client: pg.ClientBase, chargerId: string, e: TransactionStarted): Promise<number | undefined> {
  if (e.transactionId !== undefined) {
    await client.query(
      `INSERT INTO transactions (charger_id, transaction_ref, evse_id, connector_id, id_tag, started_at, meter_start_wh, last_seq_no, received_at, charging_state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (charger_id, transaction_ref) DO UPDATE SET
         charging_state = coalesce(transactions.charging_state, EXCLUDED.charging_state),
         evse_id = coalesce(transactions.evse_id, EXCLUDED.evse_id),
         connector_id = coalesce(transactions.connector_id, EXCLUDED.connector_id),
         id_tag = coalesce(transactions.id_tag, EXCLUDED.id_tag),
         started_at = least(transactions.started_at, EXCLUDED.started_at),
         meter_start_wh = coalesce(transactions.meter_start_wh, EXCLUDED.meter_start_wh),
         last_seq_no = greatest(transactions.last_seq_no, EXCLUDED.last_seq_no),
         updated_at = now()`,
      [chargerId, e.transactionId, e.evseId, e.connectorId, e.idTag ?? null, e.at, e.meterStartWh ?? null, e.seqNo ?? null, e.receivedAt, e.chargingState ?? null],
    );
    await transactionEvent(client, chargerId, e.transactionId, 'Started', e);
    await attachToConnector(client, chargerId, e, e.transactionId);
    return undefined;
  }
  // 1.6: our id is the session's name; a resent start (same natural key) gets the id it was given first.
  const key = startKey(e);
  for (let attempt = 0; attempt < startAttempts; attempt++) {
    const existing = await client.query<{ id: string }>('SELECT id FROM transactions WHERE charger_id = $1 AND start_key = $2', [chargerId, key]);
    if (existing.rows[0]) return Number(existing.rows[0].id);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO transactions (id, charger_id, transaction_ref, start_key, evse_id, connector_id, id_tag, started_at, meter_start_wh, received_at)
       SELECT n.id, $1, n.id::text, $2, $3, $4, $5, $6, $7, $8
         FROM (SELECT nextval(pg_get_serial_sequence('transactions', 'id')) AS id) n
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [chargerId, key, e.evseId, e.connectorId, e.idTag ?? null, e.at, e.meterStartWh ?? null, e.receivedAt],
    );
    const id = inserted.rows[0]?.id;
    if (id !== undefined) {
      await attachToConnector(client, chargerId, e, id);
      return Number(id);
    }
  }
  throw new StoreError('PW_STORE_WRITE_REJECTED', `no transaction id could be assigned to a start of charger ${chargerId}`);
}

/** Only an existing connector_state row is marked: a status is never invented for a connector. */
async function attachToConnector(client: pg.ClientBase, chargerId: string, e: TransactionStarted, ref: string): Promise<void> {
  await client.query(
    'UPDATE connector_state SET transaction_ref = $4 WHERE charger_id = $1 AND evse_id = $2 AND connector_id = $3',
    [chargerId, e.evseId, e.connectorId, ref],
  );
}

async function updateTransaction(client: pg.ClientBase, chargerId: string, e: TransactionUpdated): Promise<void> {
  // An update for a session we never saw start creates it: the start may have been lost or not yet arrived.
  await client.query(
    `INSERT INTO transactions (charger_id, transaction_ref, evse_id, connector_id, id_tag, charging_state, last_seq_no, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (charger_id, transaction_ref) DO UPDATE SET
       evse_id = coalesce(transactions.evse_id, EXCLUDED.evse_id),
       connector_id = coalesce(transactions.connector_id, EXCLUDED.connector_id),
       id_tag = coalesce(EXCLUDED.id_tag, transactions.id_tag),
       charging_state = CASE
         WHEN EXCLUDED.last_seq_no IS NULL OR transactions.last_seq_no IS NULL OR EXCLUDED.last_seq_no >= transactions.last_seq_no
         THEN coalesce(EXCLUDED.charging_state, transactions.charging_state)
         ELSE transactions.charging_state END,
       last_seq_no = greatest(transactions.last_seq_no, EXCLUDED.last_seq_no),
       updated_at = now()`,
    [chargerId, e.transactionId, e.evseId ?? null, e.connectorId ?? null, e.idTag ?? null, e.chargingState ?? null, e.seqNo ?? null, e.receivedAt],
  );
  await transactionEvent(client, chargerId, e.transactionId, 'Updated', e);
}

async function endTransaction(client: pg.ClientBase, chargerId: string, e: TransactionEnded): Promise<void> {
  // Chargers replay stops after a reboot: a stop for an unknown session creates it; a second stop
  // changes nothing unless it is earlier (the earliest stop time is the true one).
  await client.query(
    `INSERT INTO transactions (charger_id, transaction_ref, evse_id, connector_id, id_tag, stopped_at, meter_stop_wh, stop_reason, last_seq_no, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (charger_id, transaction_ref) DO UPDATE SET
       evse_id = coalesce(transactions.evse_id, EXCLUDED.evse_id),
       connector_id = coalesce(transactions.connector_id, EXCLUDED.connector_id),
       id_tag = coalesce(transactions.id_tag, EXCLUDED.id_tag),
       stopped_at = EXCLUDED.stopped_at,
       meter_stop_wh = coalesce(EXCLUDED.meter_stop_wh, transactions.meter_stop_wh),
       stop_reason = coalesce(EXCLUDED.stop_reason, transactions.stop_reason),
       last_seq_no = greatest(transactions.last_seq_no, EXCLUDED.last_seq_no),
       updated_at = now()
     WHERE transactions.stopped_at IS NULL OR EXCLUDED.stopped_at < transactions.stopped_at`,
    [
      chargerId, e.transactionId, e.evseId ?? null, e.connectorId ?? null, e.idTag ?? null, e.at,
      e.meterStopWh ?? null, e.reason ?? null, e.seqNo ?? null, e.receivedAt,
    ],
  );
  await transactionEvent(client, chargerId, e.transactionId, 'Ended', e);
  await client.query('UPDATE connector_state SET transaction_ref = NULL WHERE charger_id = $1 AND transaction_ref = $2', [chargerId, e.transactionId]);
}

/** 2.0.1 TransactionEvents carry a seqNo; the primary key stores each once. */
async function transactionEvent(
  client: pg.ClientBase,
  chargerId: string,
  ref: string,
  type: 'Started' | 'Updated' | 'Ended',
  e: { seqNo?: number; triggerReason?: string; at: Date; receivedAt: Date },
): Promise<void> {
  if (e.seqNo === undefined) return;
  await client.query(
    `INSERT INTO transaction_events (charger_id, transaction_ref, seq_no, event_type, trigger_reason, time, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [chargerId, ref, e.seqNo, type, e.triggerReason ?? null, e.at, e.receivedAt],
  );
}

const offline = new Set(['disconnected', 'ping_timeout', 'heartbeat_missed']);

async function recordConnectivity(client: pg.ClientBase, c: ConnectivityChange): Promise<void> {
  await client.query(
    `INSERT INTO connectivity_events (time, charger_id, event, protocol, node_id, remote_address, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.time, c.chargerId, c.event, c.protocol ?? null, c.nodeId ?? null, c.remoteAddress ?? null, c.detail ? JSON.stringify(c.detail) : null],
  );
  if (c.event === 'connected') {
    // A connect older than the one on record (a slow node reporting late) does not take the state back.
    await client.query(
      `INSERT INTO charger_state (charger_id, online, protocol, node_id, remote_address, connected_at, last_seen_at, heartbeat_interval_s)
       VALUES ($1, true, $2, $3, $4, $5, $5, $6)
       ON CONFLICT (charger_id) DO UPDATE SET
         online = true, protocol = coalesce(EXCLUDED.protocol, charger_state.protocol), node_id = EXCLUDED.node_id,
         remote_address = EXCLUDED.remote_address, connected_at = EXCLUDED.connected_at,
         last_seen_at = greatest(charger_state.last_seen_at, EXCLUDED.last_seen_at),
         heartbeat_interval_s = coalesce(EXCLUDED.heartbeat_interval_s, charger_state.heartbeat_interval_s)
       WHERE charger_state.connected_at IS NULL OR charger_state.connected_at <= EXCLUDED.connected_at`,
      [c.chargerId, c.protocol ?? null, c.nodeId ?? null, c.remoteAddress ?? null, c.time, c.heartbeatIntervalS ?? null],
    );
  } else if (offline.has(c.event)) {
    // The end of an older connection (or of one on another node) must not mark a reconnected charger offline.
    await client.query(
      `INSERT INTO charger_state (charger_id, online, disconnected_at) VALUES ($1, false, $2)
       ON CONFLICT (charger_id) DO UPDATE SET online = false, disconnected_at = EXCLUDED.disconnected_at
       WHERE (charger_state.connected_at IS NULL OR charger_state.connected_at <= EXCLUDED.disconnected_at)
         AND ($3::text IS NULL OR charger_state.node_id IS NULL OR charger_state.node_id = $3)`,
      [c.chargerId, c.time, c.nodeId ?? null],
    );
  } else if (c.heartbeatIntervalS !== undefined || c.protocol !== undefined) {
    await client.query(
      `INSERT INTO charger_state (charger_id, protocol, heartbeat_interval_s) VALUES ($1, $2, $3)
       ON CONFLICT (charger_id) DO UPDATE SET
         protocol = coalesce(EXCLUDED.protocol, charger_state.protocol),
         heartbeat_interval_s = coalesce(EXCLUDED.heartbeat_interval_s, charger_state.heartbeat_interval_s)`,
      [c.chargerId, c.protocol ?? null, c.heartbeatIntervalS ?? null],
    );
  }
}

export async function insertJournal(client: pg.ClientBase, entries: readonly JournalEntry[]): Promise<void> {
  if (!entries.length) return;
  await client.query(
    `INSERT INTO ocpp_messages (time, charger_id, direction, message_type, message_id, action, protocol, frame)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [
      entries.map((e) => e.time), entries.map((e) => e.chargerId), entries.map((e) => e.direction), entries.map((e) => e.messageType),
      entries.map((e) => e.messageId), entries.map((e) => e.action ?? null), entries.map((e) => e.protocol ?? null), entries.map((e) => e.frame),
    ],
  );
}
