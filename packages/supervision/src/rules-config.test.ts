import { describe, expect, it } from 'vitest';
import { SupervisionError } from './errors.js';
import { defaultRulesConfig, parseRulesConfig, securityEventRule } from './rules-config.js';

describe('rules configuration', () => {
  it('fills every rule with defaults from an empty object', () => {
    expect(defaultRulesConfig.reopenWithinMinutes).toBe(60);
    expect(defaultRulesConfig.rules['temperature.connector_high']).toEqual({ enabled: true, thresholdC: 90, hysteresisC: 5 });
    expect(defaultRulesConfig.rules['connectivity.offline']).toEqual({ enabled: true, deadlineMinutes: 15 });
    expect(defaultRulesConfig.rules['fault.emergency_stop']).toEqual({ enabled: true });
    expect(defaultRulesConfig.rules['meter.impossible_power'].ratingsKw).toEqual({});
  });

  it('keeps the defaults of fields a partial rule leaves out', () => {
    const c = parseRulesConfig({ rules: { 'temperature.battery_high': { thresholdC: 50 } } });
    expect(c.rules['temperature.battery_high']).toEqual({ enabled: true, thresholdC: 50, hysteresisC: 3 });
  });

  it('names every bad value with its path, under one stable code', () => {
    let err: unknown;
    try {
      parseRulesConfig({
        rules: { 'connectivity.offline': { deadlineMinutes: -5 }, 'fault.made_up': { enabled: true } },
        vendorFaultCodes: [{ code: 'E1', rule: 'fault.nonsense' }],
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SupervisionError);
    expect((err as SupervisionError).code).toBe('PW_SUP_RULES_CONFIG_INVALID');
    const problems = ((err as SupervisionError).details!.problems as string[]).join('\n');
    expect(problems).toContain('rules.connectivity.offline.deadlineMinutes');
    expect(problems).toContain('fault.made_up');
    expect(problems).toContain('vendorFaultCodes.0.rule: must be an alert rule code');
  });

  it('maps security event types, with configured overrides over the defaults', () => {
    const c = parseRulesConfig({ securityEventRules: { InvalidMessages: 'security.integrity', TamperDetectionActivated: null } });
    expect(securityEventRule(c, 'InvalidMessages')).toBe('security.integrity');
    expect(securityEventRule(c, 'TamperDetectionActivated')).toBeNull();
    expect(securityEventRule(c, 'MemoryExhaustion')).toBe('security.integrity');
    expect(securityEventRule(c, 'SomeVendorEvent')).toBeNull();
  });
});
