/**
 * Security events and firmware status. Security events are moments, not states: their alerts hold for
 * the rule's quiet period after the latest event (failed logins: while the trailing window still holds
 * enough of them), and a valid firmware being installed clears an invalid-firmware alert.
 */
import type { FirmwareStatusReported, SecurityEventReported } from '@pilewatch/ocpp';
import type { ChargerDraft } from '../alert-lifecycle.js';
import { iso, ms, MINUTE } from '../alert-lifecycle.js';
import { wholeCharger } from '../alert-state.js';
import { securityEventRule } from '../rules-config.js';
import { addToBurst } from './bursts.js';

/** 2.0.1 FirmwareStatusEnumType values (1.6 SignedFirmwareStatusNotification uses the same) that mean the image was refused. */
export const invalidFirmwareStatuses: readonly string[] = ['InvalidSignature', 'InvalidCertificate', 'RevokedCertificate'];

export function onSecurityEvent(draft: ChargerDraft, event: SecurityEventReported): void {
  const rule = securityEventRule(draft.config, event.type);
  if (!rule) return;
  const at = event.at.toISOString();
  const detail = { type: event.type, ...(event.techInfo ? { techInfo: event.techInfo } : {}) };
  if (rule === 'security.failed_logins') {
    const cfg = draft.config.rules['security.failed_logins'];
    const burst = addToBurst(draft.peek.failedLogins, at, cfg.count, cfg.windowMinutes);
    draft.memory.failedLogins = burst.times;
    if (burst.holdsUntil) draft.hold(rule, wholeCharger, 'logins', at, { ...detail, failures: burst.times.length }, burst.holdsUntil);
    return;
  }
  const cfg = draft.config.rules[rule];
  const quietMinutes = 'quietMinutes' in cfg ? cfg.quietMinutes : 1440;
  draft.hold(rule, wholeCharger, `event:${event.type}`, at, detail, iso(ms(at) + quietMinutes * MINUTE));
}

export function onFirmwareStatus(draft: ChargerDraft, event: FirmwareStatusReported): void {
  const at = event.at.toISOString();
  if (event.status === 'Installed') {
    draft.releaseAll('security.firmware_invalid', wholeCharger, at, 'firmware_installed');
    return;
  }
  if (!invalidFirmwareStatuses.includes(event.status)) return;
  const quiet = draft.config.rules['security.firmware_invalid'].quietMinutes * MINUTE;
  draft.hold('security.firmware_invalid', wholeCharger, 'firmware', at, { firmwareStatus: event.status }, iso(ms(at) + quiet));
}
