import { describe, expect, it } from 'vitest';
import { identityProblem } from './charger-identity.js';

describe('OCPP charger identities', () => {
  it.each(['CP-0001', 'XZ.140902.000017', 'a', 'A'.repeat(48), 'pile_01*+|@=', 'with space'])('accepts %j', (id) => {
    expect(identityProblem(id)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['A'.repeat(49), /49 characters, at most 48/],
    ['CP:1', /':'/],
    ['充电桩1', /printable ASCII/],
    ['CP\n1', /printable ASCII/],
    ['CP\u007f', /printable ASCII/],
  ])('refuses %j', (id, reason) => {
    expect(identityProblem(id)).toMatch(reason);
  });
});
