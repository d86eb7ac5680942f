/**
 * Thresholds, deadlines and tables the alert rules read, per rule, with defaults that suit a public
 * network. Stored and edited as JSON (the API validates with `parseRulesConfig`); every field is
 * optional on input and filled from the defaults.
 */
import { z } from 'zod';
import { alertCodes, type AlertCode } from './alert-rules.js';
import { SupervisionError } from './errors.js';

const minutes = z.number().positive();
const celsius = z.number();
const enabled = z.boolean().default(true);
const alertCode = z.string().refine((v) => (alertCodes as readonly string[]).includes(v), 'must be an alert rule code');

const onOff = z.object({ enabled }).prefault({});
const quiet = (quietMinutes: number) => z.object({ enabled, quietMinutes: minutes.default(quietMinutes) }).prefault({});
const threshold = (thresholdC: number, hysteresisC: number) =>
  z.object({ enabled, thresholdC: celsius.default(thresholdC), hysteresisC: z.number().min(0).default(hysteresisC) }).prefault({});

const faultRules = Object.fromEntries(
  alertCodes.filter((c) => c.startsWith('fault.')).map((c) => [c, onOff]),
) as Record<Extract<AlertCode, `fault.${string}`>, typeof onOff>;

/** Default security event type → rule (OCPP 2.0.1 security events; 1.6 uses the same names). null: no alert. */
export const defaultSecurityEventRules: Readonly<Record<string, AlertCode | null>> = {
  TamperDetectionActivated: 'security.tamper',
  InvalidFirmwareSignature: 'security.firmware_invalid',
  InvalidFirmwareSigningCertificate: 'security.firmware_invalid',
  FailedToAuthenticateAtCsms: 'security.failed_logins',
  CsmsFailedToAuthenticate: 'security.failed_logins',
  MaintenanceLoginFailed: 'security.failed_logins',
  InvalidCsmsCertificate: 'security.certificate_invalid',
  InvalidChargingStationCertificate: 'security.certificate_invalid',
  InvalidTLSVersion: 'security.certificate_invalid',
  InvalidTLSCipherSuite: 'security.certificate_invalid',
  SecurityLogWasCleared: 'security.integrity',
  AttemptedReplayAttacks: 'security.integrity',
  MemoryExhaustion: 'security.integrity',
  // Routine: recorded, never alerted.
  FirmwareUpdated: null,
  SettingSystemTime: null,
  StartupOfTheDevice: null,
  ResetOrReboot: null,
  MaintenanceLoginAccepted: null,
  ReconfigurationOfSecurityParameters: null,
  InvalidMessages: null,
};

export const rulesConfigSchema = z.object({
  /** A condition that returns within this many minutes of its alert resolving reopens that alert; later, a new alert opens. */
  reopenWithinMinutes: z.number().min(0).default(60),
  /** Vendor codes (vendorErrorCode / techCode) mapped to rules; see fault-codes.ts. */
  vendorFaultCodes: z
    .array(z.object({ vendorId: z.string().optional(), code: z.string().min(1), rule: alertCode.transform((v) => v as AlertCode) }))
    .default([]),
  /** Security event type → rule, merged over `defaultSecurityEventRules`; null silences a type. */
  securityEventRules: z.record(z.string(), alertCode.transform((v) => v as AlertCode).nullable()).default({}),
  rules: z
    .object({
      ...faultRules,
      'temperature.connector_high': threshold(90, 5),
      'temperature.pile_high': threshold(80, 5),
      'temperature.battery_high': threshold(55, 3),
      'temperature.rising_fast': z
        .object({ enabled, deltaC: z.number().positive().default(10), windowMinutes: minutes.default(5) })
        .prefault({}),
      'security.tamper': quiet(1440),
      'security.firmware_invalid': quiet(1440),
      'security.failed_logins': z
        .object({ enabled, count: z.number().int().min(1).default(3), windowMinutes: minutes.default(10) })
        .prefault({}),
      'security.certificate_invalid': quiet(1440),
      'security.integrity': quiet(1440),
      'connectivity.offline': z.object({ enabled, deadlineMinutes: minutes.default(15) }).prefault({}),
      'connectivity.flapping': z
        .object({ enabled, reconnects: z.number().int().min(2).default(5), windowMinutes: minutes.default(10) })
        .prefault({}),
      'meter.energy_backwards': z
        .object({ enabled, toleranceWh: z.number().min(0).default(1), quietMinutes: minutes.default(1440) })
        .prefault({}),
      'meter.impossible_power': z
        .object({
          enabled,
          /** Allowed excess over the rating, as a fraction (0.1 = 10 %). */
          tolerance: z.number().min(0).default(0.1),
          /** Limit for connectors whose rating is not known: more than any charger sold today delivers. */
          absoluteMaxKw: z.number().positive().default(600),
          /** Ratings from the registry, keyed `chargerId:evseId:connectorId`, or `chargerId` for the whole pile. */
          ratingsKw: z.record(z.string(), z.number().positive()).default({}),
        })
        .prefault({}),
      'transaction.stuck': z.object({ enabled, afterMinutes: minutes.default(1440) }).prefault({}),
    })
    .strict()
    .prefault({}),
});

export type RulesConfig = z.output<typeof rulesConfigSchema>;
export type RulesConfigInput = z.input<typeof rulesConfigSchema>;

/** Validates and completes a rules configuration; every problem is named with its path. */
export function parseRulesConfig(input: unknown = {}): RulesConfig {
  const parsed = rulesConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new SupervisionError('PW_SUP_RULES_CONFIG_INVALID', `Invalid alert rules configuration:\n  - ${problems.join('\n  - ')}`, {
    problems,
  });
}

export const defaultRulesConfig: RulesConfig = parseRulesConfig({});

/** The rule a security event type raises, if any. */
export function securityEventRule(config: RulesConfig, type: string): AlertCode | null {
  if (Object.hasOwn(config.securityEventRules, type)) return config.securityEventRules[type] ?? null;
  return defaultSecurityEventRules[type] ?? null;
}
