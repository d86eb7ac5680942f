/** The package's one error type and the catalogue of every reason it throws. */

export const errorCatalogue = {
  PW_SUP_ALERT_NOT_FOUND: 'no alert with that id in the state (it never existed, or a newer occurrence replaced it)',
  PW_SUP_ALERT_ALREADY_ACKNOWLEDGED: 'the alert occurrence was already acknowledged; a reopened alert can be acknowledged again',
  PW_SUP_RULES_CONFIG_INVALID: 'the alert rules configuration does not match its schema',
  PW_SUP_CHARGER_MISMATCH: "evaluateCharger was given another charger's input (a bug in the caller)",
  PW_SUP_STATE_UNSUPPORTED: 'the alert state was written by an incompatible version of this package',
  PW_SUP_WINDOW_INVALID: 'a time window must have a valid start strictly before its end',
  PW_SUP_OPENING_HOURS_INVALID: 'opening hours must read like "08:00-22:00", "22:00-06:00", "00:00-24:00" or "24h"',
  PW_SUP_DAY_INVALID: 'a day must be written YYYY-MM-DD',
  PW_SUP_PLAN_TARGETS_INVALID: 'the plan targets file does not match its schema',
  PW_SUP_PLAN_YEAR_UNKNOWN: 'the plan sets targets for 2023, 2024 and 2025 only',
} as const;

export type SupervisionErrorCode = keyof typeof errorCatalogue;

export class SupervisionError extends Error {
  override readonly name = 'SupervisionError';
  constructor(
    readonly code: SupervisionErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
