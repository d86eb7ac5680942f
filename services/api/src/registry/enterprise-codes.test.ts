import { describe, expect, it } from 'vitest';
import { isCreditCode, isOrganisationCode, organisationCodeOf } from './enterprise-codes.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', true, 'the standard’s published example'],
    ['91350100M000100Y42', false, 'wrong check character'],
    ['91350100M000100Y4', false, 'too short'],
    ['91350100M000100I43', false, 'I is not in the alphabet'],
    ['91350100M000101Y43', false, 'embedded organisation code fails its own check'],
    ['91350100m000100y43', false, 'lower case'],
  ])('%s → %s (%s)', (code, valid) => {
    expect(isCreditCode(code)).toBe(valid);
  });

  it('carries the 9-character organisation code at characters 9 to 17', () => {
    expect(organisationCodeOf('91350100M000100Y43')).toBe('M000100Y4');
  });
});

describe('organisation code (GB 11714-1997)', () => {
  it.each([
    ['M000100Y4', true],
    ['M000100Y5', false],
    ['12345678X', false],
    ['D2143569X', true],
    ['00000000X', false],
    ['000000000', true],
  ])('%s → %s', (code, valid) => {
    expect(isOrganisationCode(code)).toBe(valid);
  });
});
