import { describe, expect, it } from 'vitest';
import { intOption, parse, UsageError } from './usage.js';

const help = 'Usage: pilewatch thing [--count N]';

describe('argument parsing', () => {
  it('reads known options and positionals', () => {
    const { values, positionals } = parse(['--count', '3', 'CP-1'], { count: { type: 'string' } }, help, { positionals: 1 });
    expect(values.count).toBe('3');
    expect(positionals).toEqual(['CP-1']);
  });

  it.each([
    [['--colour', 'red'], /Unknown option '--colour'/],
    [['CP-1'], /Unexpected argument 'CP-1'|unexpected argument 'CP-1'/],
    [['--count'], /--count/],
  ])('refuses %j with a UsageError that carries the help', (argv, message) => {
    let err: unknown;
    try {
      parse(argv, { count: { type: 'string' } }, help);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(message);
    expect((err as UsageError).help).toBe(help);
  });

  it.each([
    ['12', 12],
    [undefined, undefined],
  ])('reads a whole number option %s', (value, expected) => {
    expect(intOption(value, 'chargers', help, 1)).toBe(expected);
  });

  it.each(['0', '-4', '2.5', 'many'])('refuses --chargers %s, naming the option', (value) => {
    expect(() => intOption(value, 'chargers', help, 1)).toThrow(`--chargers must be a whole number ≥ 1, got '${value}'`);
  });
});
