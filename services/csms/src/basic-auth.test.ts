import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from './basic-auth.js';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('parseBasicAuth', () => {
  it('splits user and password at the first colon', () => {
    expect(parseBasicAuth(basic('XZ-0001:pa:ss'))).toEqual({ kind: 'basic', user: 'XZ-0001', password: 'pa:ss' });
  });

  it('accepts any case of the scheme and surrounding spaces', () => {
    expect(parseBasicAuth(`  bAsIc   ${Buffer.from('a:b').toString('base64')} `)).toEqual({ kind: 'basic', user: 'a', password: 'b' });
  });

  it('allows an empty password', () => {
    expect(parseBasicAuth(basic('a:'))).toEqual({ kind: 'basic', user: 'a', password: '' });
  });

  it('reports a missing header as no credentials', () => {
    expect(parseBasicAuth(undefined)).toEqual({ kind: 'none' });
  });

  it.each([['Bearer abc'], ['Basic'], ['Basic !!!'], [basic('no-colon')], [['Basic a', 'Basic b']]])(
    'reports %j as malformed',
    (header) => {
      expect(parseBasicAuth(header as string | string[])).toEqual({ kind: 'malformed' });
    },
  );
});
