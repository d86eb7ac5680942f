import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working embedded defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.database.url).toBeUndefined();
    expect(c.database.dataDir).toBe('./.pilewatch/data');
    expect(c.redis.url).toBeUndefined();
    expect(c.ocpp).toMatchObject({ port: 9000, path: '/ocpp', heartbeatIntervalS: 300, autoRegister: false });
    expect(c.write).toEqual({ batchMax: 500, batchWaitMs: 10 });
  });

  it('reads and converts given values', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h:5432/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PILEWATCH_OCPP_PORT: '9100',
      PILEWATCH_AUTO_REGISTER: 'yes',
    });
    expect(c.database.url).toBe('postgres://u@h:5432/db');
    expect(c.ocpp.port).toBe(9100);
    expect(c.ocpp.autoRegister).toBe(true);
  });

  it('reports every bad value at once, naming the variable', () => {
    let err: unknown;
    try {
      loadConfig({ PILEWATCH_OCPP_PORT: 'ninety', DATABASE_URL: 'mysql://x', PILEWATCH_AUTO_REGISTER: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toContain('PILEWATCH_OCPP_PORT="ninety"');
    expect(problems).toContain('DATABASE_URL="mysql://x": must be a URL starting with postgres:// or postgresql://');
    expect(problems).toContain('PILEWATCH_AUTO_REGISTER="maybe": must be true or false');
  });

  it('rejects a path prefix that ends with a slash', () => {
    expect(() => loadConfig({ PILEWATCH_OCPP_PATH: '/ocpp/' })).toThrow(/PILEWATCH_OCPP_PATH/);
  });
});
