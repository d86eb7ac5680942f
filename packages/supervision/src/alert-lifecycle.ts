/**
 * The lifecycle every alert follows, whatever its rule: conditions `hold` and `release` sources; an alert
 * opens when its first source holds, stays open (no duplicates) while any source holds, resolves when
 * the last is released or lapses, and reopens when a source holds again within `reopenWithinMinutes`
 * (later, a new occurrence opens with a new id). Acknowledging is a transition of its own and never
 * resolves anything.
 *
 * A `ChargerDraft` is what the conditions edit: it reads the caller's state of one charger and copies
 * it on the first write, so the caller's state is never changed and an input that changes nothing
 * costs no copy.
 */
import { alertRules, isAlertCode, type AlertCode } from './alert-rules.js';
import {
  alertId,
  alertKey,
  cloneChargerState,
  emptyChargerMemory,
  parseAlertId,
  type AlertDetail,
  type AlertRecord,
  type AlertTransition,
  type ChargerAlertState,
  type ChargerMemory,
  type ConnectorRef,
  type ResolveReason,
} from './alert-state.js';
import { SupervisionError } from './errors.js';
import type { RulesConfig } from './rules-config.js';

export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (time: string | Date): number => (typeof time === 'string' ? Date.parse(time) : time.getTime());
export const MINUTE = 60_000;

export class ChargerDraft {
  readonly transitions: AlertTransition[] = [];
  private readonly base: ChargerAlertState;
  private copy: ChargerAlertState | undefined;

  constructor(
    readonly chargerId: string,
    base: ChargerAlertState | undefined,
    readonly config: RulesConfig,
  ) {
    this.base = base ?? { alerts: {}, memory: emptyChargerMemory() };
  }

  /** True once anything was written; an untouched draft leaves the engine's state object as it was. */
  get changed(): boolean {
    return this.copy !== undefined;
  }

  /** The charger's state as edited so far (the caller's until the first write). */
  get state(): ChargerAlertState {
    return this.copy ?? this.base;
  }

  /** Memory for writing: the first write copies the charger's state. */
  get memory(): ChargerMemory {
    return this.writable().memory;
  }

  /** Memory for reading only. */
  get peek(): Readonly<ChargerMemory> {
    return this.state.memory;
  }

  private writable(): ChargerAlertState {
    this.copy ??= cloneChargerState(this.base);
    return this.copy;
  }

  enabled(rule: AlertCode): boolean {
    return this.config.rules[rule].enabled;
  }

  /**
   * The condition of `rule` on `ref` holds because of `source`. Opens or reopens the alert if it was not
   * active; otherwise only refreshes what it remembers (no transition).
   */
  hold(rule: AlertCode, ref: ConnectorRef, source: string, at: string, detail: AlertDetail, expiresAt?: string): void {
    if (!this.enabled(rule)) return;
    const key = alertKey(rule, ref);
    const current = this.state.alerts[key];
    if (current && current.status !== 'resolved') {
      const known = current.sources[source];
      const newer = ms(at) > ms(current.lastSeenAt);
      if (known && known.expiresAt === expiresAt && !newer) return; // nothing new: stay quiet and unchanged
      const existing = this.writable().alerts[key]!;
      existing.sources[source] = { since: known?.since ?? at, ...(expiresAt ? { expiresAt } : {}) };
      if (newer) {
        existing.lastSeenAt = at;
        existing.detail = detail;
      }
      return;
    }
    const alerts = this.writable().alerts;
    const sources = { [source]: { since: at, ...(expiresAt ? { expiresAt } : {}) } };
    const reopenWithin = this.config.reopenWithinMinutes * MINUTE;
    if (current?.resolvedAt && ms(at) - ms(current.resolvedAt) <= reopenWithin) {
      const reopened: AlertRecord = {
        ...current,
        status: 'open',
        reopenedAt: at,
        reopenCount: current.reopenCount + 1,
        lastSeenAt: at,
        sources,
        detail,
      };
      // A reopened alert needs fresh attention: the earlier acknowledgement was for the earlier episode.
      delete reopened.resolvedAt;
      delete reopened.resolveReason;
      delete reopened.acknowledgement;
      alerts[key] = reopened;
      this.emit('reopened', reopened, at);
      return;
    }
    const occurrence = (current?.occurrence ?? 0) + 1;
    const opened: AlertRecord = {
      id: alertId(rule, this.chargerId, ref, occurrence),
      rule,
      chargerId: this.chargerId,
      evseId: ref.evseId,
      connectorId: ref.connectorId,
      occurrence,
      status: 'open',
      openedAt: at,
      lastSeenAt: at,
      reopenCount: 0,
      sources,
      detail,
    };
    alerts[key] = opened;
    this.emit('opened', opened, at);
  }

  /** `source` no longer holds the condition of `rule` on `ref`; the alert resolves when none is left. */
  release(rule: AlertCode, ref: ConnectorRef, source: string, at: string, reason: ResolveReason): void {
    const key = alertKey(rule, ref);
    const current = this.state.alerts[key];
    if (!current || current.status === 'resolved' || !(source in current.sources)) return;
    const record = this.writable().alerts[key]!;
    delete record.sources[source];
    if (Object.keys(record.sources).length === 0) this.resolve(record, at, reason);
  }

  /** Releases every source of `rule` on `ref`. */
  releaseAll(rule: AlertCode, ref: ConnectorRef, at: string, reason: ResolveReason): void {
    const key = alertKey(rule, ref);
    const current = this.state.alerts[key];
    if (!current || current.status === 'resolved') return;
    const record = this.writable().alerts[key]!;
    record.sources = {};
    this.resolve(record, at, reason);
  }

  /** Active alerts on `ref` that `source` holds, whatever their rule. */
  heldBy(ref: ConnectorRef, source: string): AlertRecord[] {
    return Object.values(this.state.alerts).filter(
      (a) => a.status !== 'resolved' && a.evseId === ref.evseId && a.connectorId === ref.connectorId && source in a.sources,
    );
  }

  /** Lets sources whose time ran out lapse, each at its own expiry time. */
  expire(now: number, reasonFor: (rule: AlertCode) => ResolveReason): void {
    for (const record of Object.values(this.state.alerts)) {
      if (record.status === 'resolved') continue;
      const lapsed = Object.entries(record.sources)
        .filter(([, s]) => s.expiresAt !== undefined && ms(s.expiresAt) <= now)
        .sort(([, a], [, b]) => ms(a.expiresAt!) - ms(b.expiresAt!));
      const ref = { evseId: record.evseId, connectorId: record.connectorId };
      for (const [source, s] of lapsed) this.release(record.rule, ref, source, s.expiresAt!, reasonFor(record.rule));
    }
  }

  acknowledge(id: string, by: string, note: string, at: string): void {
    const parsed = parseAlertId(id);
    const key = parsed && isAlertCode(parsed.rule) ? alertKey(parsed.rule, parsed.ref) : undefined;
    const current = key ? this.state.alerts[key] : undefined;
    if (!key || !current || current.id !== id) {
      throw new SupervisionError('PW_SUP_ALERT_NOT_FOUND', `No alert ${id}; list the current alerts and acknowledge one of those`, { id });
    }
    if (current.acknowledgement) {
      throw new SupervisionError(
        'PW_SUP_ALERT_ALREADY_ACKNOWLEDGED',
        `Alert ${id} was already acknowledged by ${current.acknowledgement.by} at ${current.acknowledgement.at}`,
        { id, acknowledgement: current.acknowledgement },
      );
    }
    const record = this.writable().alerts[key]!;
    record.acknowledgement = { by, note, at };
    if (record.status === 'open') record.status = 'acknowledged';
    this.emit('acknowledged', record, at, { by, note });
  }

  private resolve(record: AlertRecord, at: string, reason: ResolveReason): void {
    record.status = 'resolved';
    record.resolvedAt = at;
    record.resolveReason = reason;
    this.emit('resolved', record, at, { reason });
  }

  private emit(
    type: AlertTransition['type'],
    record: AlertRecord,
    at: string,
    extra: Partial<Pick<AlertTransition, 'reason' | 'by' | 'note'>> = {},
  ): void {
    this.transitions.push({
      type,
      alertId: record.id,
      rule: record.rule,
      severity: alertRules[record.rule].severity,
      chargerId: record.chargerId,
      evseId: record.evseId,
      connectorId: record.connectorId,
      at,
      detail: { ...record.detail },
      ...extra,
    });
  }
}
