import { describe, expect, it } from 'vitest';
import { acknowledge, evaluate, evaluateCharger, type AlertInput } from './alert-engine.js';
import { emptyAlertState, listAlerts, parseAlertId, type AlertState, type AlertTransition } from './alert-state.js';
import { SupervisionError } from './errors.js';
import { parseRulesConfig, type RulesConfigInput } from './rules-config.js';
import { ack, at, heartbeat, offline, online, power, register, security, started, status, temperature, tick } from './fixtures/charger-messages.js';

function feed(inputs: AlertInput[], config: RulesConfigInput = {}, from: AlertState = emptyAlertState()) {
  const rules = parseRulesConfig(config);
  let state = from;
  const transitions: AlertTransition[] = [];
  for (const input of inputs) {
    const r = evaluate(state, input, rules);
    state = r.state;
    transitions.push(...r.transitions);
  }
  return { state, transitions };
}

function errorOf(fn: () => unknown): SupervisionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SupervisionError) return e;
    throw e;
  }
  throw new Error('expected a SupervisionError');
}

const groundFault = (minute: number) => status(minute, 1, 'Faulted', { errorCode: 'GroundFailure' });

describe('alert lifecycle', () => {
  it('names alerts by rule, charger and connector, with an occurrence number', () => {
    const { transitions } = feed([groundFault(0)]);
    expect(transitions[0]).toMatchObject({
      type: 'opened',
      alertId: 'fault.ground_failure:CP-1:1:1#1',
      rule: 'fault.ground_failure',
      severity: 1,
      chargerId: 'CP-1',
      evseId: 1,
      connectorId: 1,
      at: '2024-03-01T00:00:00.000Z',
      detail: { status: 'Faulted', errorCode: 'GroundFailure' },
    });
    expect(parseAlertId('fault.ground_failure:CP-1:1:1#1')).toEqual({
      rule: 'fault.ground_failure',
      chargerId: 'CP-1',
      ref: { evseId: 1, connectorId: 1 },
      occurrence: 1,
    });
  });

  it('keeps the latest confirming report on a repeated condition without a transition', () => {
    const { state, transitions } = feed([groundFault(0), status(3, 1, 'Faulted', { errorCode: 'GroundFailure', vendorErrorCode: '0x23' })]);
    expect(transitions).toHaveLength(1);
    const [alert] = listAlerts(state);
    expect(alert).toMatchObject({ status: 'open', openedAt: at(0).toISOString(), lastSeenAt: at(3).toISOString() });
    expect(alert!.detail).toMatchObject({ vendorErrorCode: '0x23' });
  });

  it('acknowledging is a transition that records who and why, and never resolves', () => {
    const opened = feed([groundFault(0)]);
    const id = opened.transitions[0]!.alertId;
    const { state, transitions } = feed([ack(2, id, 'regulator:xz-energy', '已通知运营企业')], {}, opened.state);
    expect(transitions).toEqual([
      expect.objectContaining({ type: 'acknowledged', alertId: id, by: 'regulator:xz-energy', note: '已通知运营企业', at: at(2).toISOString() }),
    ]);
    expect(listAlerts(state)[0]).toMatchObject({
      status: 'acknowledged',
      acknowledgement: { by: 'regulator:xz-energy', note: '已通知运营企业', at: at(2).toISOString() },
    });
    // the condition still holds: clearing it resolves, and the acknowledgement stays on record
    const cleared = feed([status(9, 1, 'Available')], {}, state);
    expect(cleared.transitions.map((t) => t.type)).toEqual(['resolved']);
    expect(listAlerts(cleared.state)[0]).toMatchObject({ status: 'resolved', resolvedAt: at(9).toISOString(), acknowledgement: { by: 'regulator:xz-energy' } });
  });

  it('refuses a second acknowledgement and an unknown alert, with stable codes', () => {
    const { state, transitions } = feed([groundFault(0)]);
    const id = transitions[0]!.alertId;
    const once = acknowledge(state, { alertId: id, by: 'op', note: 'seen', at: at(1) });
    expect(errorOf(() => acknowledge(once.state, { alertId: id, by: 'op', note: 'again', at: at(2) })).code).toBe('PW_SUP_ALERT_ALREADY_ACKNOWLEDGED');
    expect(errorOf(() => acknowledge(state, { alertId: 'fault.ground_failure:CP-9:1:1#1', by: 'op', note: '', at: at(2) })).code).toBe('PW_SUP_ALERT_NOT_FOUND');
    expect(errorOf(() => acknowledge(state, { alertId: 'fault.ground_failure:CP-1:1:1#7', by: 'op', note: '', at: at(2) })).code).toBe('PW_SUP_ALERT_NOT_FOUND');
    expect(errorOf(() => acknowledge(state, { alertId: 'not an id', by: 'op', note: '', at: at(2) })).code).toBe('PW_SUP_ALERT_NOT_FOUND');
  });

  it('a resolved alert can be acknowledged afterwards', () => {
    const { state, transitions } = feed([groundFault(0), status(5, 1, 'Available')]);
    const r = acknowledge(state, { alertId: transitions[0]!.alertId, by: 'op', note: 'fixed on site', at: at(30) });
    expect(r.transitions.map((t) => t.type)).toEqual(['acknowledged']);
    expect(listAlerts(r.state)[0]!.status).toBe('resolved');
  });

  it('reopens the same alert when the condition returns within reopenWithinMinutes, and clears its acknowledgement', () => {
    const first = feed([groundFault(0)]);
    const id = first.transitions[0]!.alertId;
    const { state, transitions } = feed([ack(1, id), status(5, 1, 'Available'), groundFault(65)], {}, first.state);
    expect(transitions.map((t) => `${t.type} ${t.alertId}`)).toEqual([`acknowledged ${id}`, `resolved ${id}`, `reopened ${id}`]);
    expect(listAlerts(state)[0]).toMatchObject({ id, status: 'open', reopenCount: 1, reopenedAt: at(65).toISOString(), openedAt: at(0).toISOString() });
    expect(listAlerts(state)[0]!.acknowledgement).toBeUndefined();
  });

  it('opens a new occurrence with a new id when the condition returns later', () => {
    const { transitions } = feed([groundFault(0), status(5, 1, 'Available'), groundFault(66)]);
    expect(transitions.map((t) => `${t.type} ${t.alertId}`)).toEqual([
      'opened fault.ground_failure:CP-1:1:1#1',
      'resolved fault.ground_failure:CP-1:1:1#1',
      'opened fault.ground_failure:CP-1:1:1#2',
    ]);
  });

  it('never reopens when reopenWithinMinutes is 0 unless at the same instant', () => {
    const { transitions } = feed([groundFault(0), status(5, 1, 'Available'), groundFault(6)], { reopenWithinMinutes: 0 });
    expect(transitions.map((t) => t.type)).toEqual(['opened', 'resolved', 'opened']);
  });

  it('stays open while any of its sources holds (gun Outlet and Cable sensors)', () => {
    const { transitions } = feed([
      temperature(0, 1, 91, 'Outlet'),
      temperature(0, 1, 92, 'Cable'),
      temperature(2, 1, 70, 'Outlet'),
      temperature(3, 1, 70, 'Cable'),
    ]);
    expect(transitions.map((t) => `${t.type} @${t.at.slice(11, 16)}`)).toEqual(['opened @00:00', 'resolved @00:03']);
  });

  it('does not modify the state it is given, and returns it unchanged when no rule reads the input', () => {
    const { state } = feed([groundFault(0), started(1, 1, { transactionId: 'T1' })]);
    const before = JSON.stringify(state);
    const r = evaluate(state, status(2, 1, 'Available'));
    expect(JSON.stringify(state)).toBe(before);
    expect(r.state).not.toBe(state);
    expect(evaluate(r.state, heartbeat(3)).state).toBe(r.state);
    expect(evaluate(r.state, tick(4)).state).toBe(r.state);
  });

  it('never changes an earlier state, whatever the inputs touched', () => {
    const inputs: AlertInput[] = [
      online(0), offline(1), online(2), online(3), online(4), online(5),
      started(6, 1, { transactionId: 'T1', meterStartWh: 100 }),
      temperature(7, 1, 30), temperature(8, 1, 95), temperature(8, 1, 60, 'EV'),
      register(9, 1, 50), power(10, 1, 900_000),
      security(11, 'TamperDetectionActivated'), security(12, 'FailedToAuthenticateAtCsms'),
      groundFault(13), status(14, 1, 'Faulted', { errorCode: 'HighTemperature' }),
      ack(15, 'fault.pile_over_temperature:CP-1:1:1#1'),
      tick(3000), status(3001, 1, 'Available'),
    ];
    let state = emptyAlertState();
    const snapshots: Array<[AlertState, string]> = [];
    for (const input of inputs) {
      state = evaluate(state, input).state;
      snapshots.push([state, JSON.stringify(state)]);
    }
    for (const [s, json] of snapshots) expect(JSON.stringify(s)).toBe(json);
  });

  it("evaluates one charger's state on its own, and refuses another charger's input", () => {
    const first = evaluateCharger('CP-1', undefined, groundFault(0));
    expect(first).toMatchObject({ changed: true, transitions: [expect.objectContaining({ type: 'opened' })] });
    const again = evaluateCharger('CP-1', first.state, groundFault(1));
    expect(again.changed).toBe(true); // lastSeenAt moved
    expect(again.transitions).toEqual([]);
    const idle = evaluateCharger('CP-1', again.state, heartbeat(2));
    expect(idle).toEqual({ state: again.state, changed: false, transitions: [] });
    expect(errorOf(() => evaluateCharger('CP-2', first.state, groundFault(3))).code).toBe('PW_SUP_CHARGER_MISMATCH');
    expect(errorOf(() => evaluateCharger('CP-2', first.state, ack(3, first.transitions[0]!.alertId))).code).toBe('PW_SUP_ALERT_NOT_FOUND');
    // the whole-state and per-charger forms agree
    expect(evaluate({ version: 1, chargers: { 'CP-1': first.state } }, groundFault(1)).state.chargers['CP-1']).toEqual(again.state);
  });

  it('state survives a JSON round trip (the worker stores it) and evaluation continues identically', () => {
    const start = feed([online(0), offline(1), started(2, 1, { transactionId: 'T1' }), temperature(3, 1, 30)]);
    const stored = JSON.parse(JSON.stringify(start.state)) as AlertState;
    const next: AlertInput[] = [temperature(5, 1, 41), tick(17), online(20), tick(1450)];
    expect(feed(next, {}, stored)).toEqual(feed(next, {}, start.state));
    expect(feed(next, {}, stored).transitions.map((t) => `${t.type} ${t.rule}`)).toEqual([
      'opened temperature.rising_fast',
      'opened connectivity.offline',
      'resolved connectivity.offline',
      'opened transaction.stuck',
    ]);
  });

  it('reports the transitions of one tick in time order across chargers', () => {
    const { transitions } = feed([security(10, 'InvalidTLSVersion', 'CP-B'), security(0, 'InvalidTLSVersion', 'CP-A'), tick(2000)]);
    expect(transitions.filter((t) => t.type === 'resolved').map((t) => t.chargerId)).toEqual(['CP-A', 'CP-B']);
  });

  it('refuses a state it does not know', () => {
    expect(errorOf(() => evaluate({ version: 2 } as unknown as AlertState, tick(0))).code).toBe('PW_SUP_STATE_UNSUPPORTED');
  });

  it('lists active alerts before resolved ones', () => {
    const { state } = feed([groundFault(0), status(1, 2, 'Faulted'), status(2, 2, 'Available')]);
    expect(listAlerts(state).map((a) => `${a.rule} ${a.status}`)).toEqual(['fault.ground_failure open', 'fault.other resolved']);
  });
});
