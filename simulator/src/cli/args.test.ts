import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulateArgs } from './args.js';

const url = ['--url', 'ws://127.0.0.1:9000/ocpp'];

describe('simulate arguments', () => {
  it('reads a full run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-args-'));
    expect(
      parseSimulateArgs([
        ...url, '--chargers', '300', '--seed', 'xinzhou', '--speed', '144', '--scenario', 'fault-storm',
        '--ocpp201-share', '0.5', '--meter-interval', '30', '--duration', '600', '--json', join(dir, 'out.json'),
        '--chaos', '--start', '2026-10-01T07:00:00+08:00', '--ramp', '500',
      ]),
    ).toEqual({
      kind: 'run',
      url: 'ws://127.0.0.1:9000/ocpp',
      chargers: 300,
      seed: 'xinzhou',
      speed: 144,
      scenario: 'fault-storm',
      ocpp201Share: 0.5,
      meterIntervalS: 30,
      durationS: 600,
      json: join(dir, 'out.json'),
      chaos: true,
      quiet: false,
      start: Date.parse('2026-10-01T07:00:00+08:00'),
      ramp: 500,
    });
  });

  it('defaults to seed 1 and the weekday scenario; numeric seeds are numbers', () => {
    expect(parseSimulateArgs([...url, '--chargers', '5'])).toMatchObject({ seed: 1, scenario: 'weekday', chaos: false });
    expect(parseSimulateArgs([...url, '--chargers', '5', '--seed', '42'])).toMatchObject({ seed: 42 });
  });

  it('reads simulate fleet', () => {
    expect(parseSimulateArgs(['fleet', '--chargers', '10', '--seed', '3', '--out', '-'])).toEqual({
      kind: 'fleet', chargers: 10, seed: 3, out: '-', ocpp201Share: 0.3,
    });
  });

  it.each([
    [['--chargers', '5'], '--url is required'],
    [['--url', 'http://x/ocpp', '--chargers', '5'], '--url must be a ws:// or wss:// URL, got "http://x/ocpp"'],
    [['--url', 'not a url', '--chargers', '5'], '--url must be a ws:// or wss:// URL'],
    [[...url], '--chargers N is required (or --fleet FILE)'],
    [[...url, '--chargers', 'many'], '--chargers must be a whole number from 1 to 200000, got "many"'],
    [[...url, '--chargers', '0'], '--chargers must be a whole number from 1 to 200000, got "0"'],
    [[...url, '--chargers', '2.5'], '--chargers must be a whole number'],
    [[...url, '--chargers', '5', '--speed', '0'], '--speed must be a number above 0'],
    [[...url, '--chargers', '5', '--speed', 'fast'], '--speed must be a number above 0 to 100000, got "fast"'],
    [[...url, '--chargers', '5', '--ocpp201-share', '1.2'], '--ocpp201-share must be a number from 0 to 1, got "1.2"'],
    [[...url, '--chargers', '5', '--meter-interval', '0'], '--meter-interval must be a whole number from 1'],
    [[...url, '--chargers', '5', '--duration', '-3'], '--duration needs a value (for one that starts with "-", write --duration=VALUE)'],
    [[...url, '--chargers', '5', '--duration=-3'], '--duration must be a number above 0 to 31536000, got "-3"'],
    [[...url, '--chargers', '5', '--start', 'yesterday'], '--start must be an ISO 8601 instant'],
    [[...url, '--chargers', '5', '--json', '/no/such/dir/out.json'], '--json /no/such/dir/out.json: directory /no/such/dir does not exist'],
    [[...url, '--chargers', '5', '--sped', '3'], "Unknown option '--sped'"],
    [[...url, '--chargers'], '--chargers needs a value'],
    [[...url, '--chargers', '5', 'extra'], 'unexpected argument "extra"'],
    [[...url, '--fleet', 'f.json', '--ocpp201-share', '0.5'], '--ocpp201-share applies to generated fleets only'],
    [['fleet', '--chargers', '5'], 'simulate fleet needs --out FILE'],
    [['fleet', '--out', '-'], 'simulate fleet needs --chargers N'],
    [['fleet', '--chargers', '5', '--out', '-', '--speed', '2'], '--speed does not apply to "simulate fleet"'],
    [[...url, '--chargers', '5', '--out', 'x.json'], '--out belongs to "simulate fleet"'],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseSimulateArgs(argv)).toThrow(message);
  });
});
