import { describe, expect, it } from 'vitest';
import { answerQueryToken, bearerToken, createMemoryTokenStore, tokenAuthorizes } from './tokens.js';

const caller = { operatorId: 'MA0SX0001', operatorSecret: 'province-secret', tokenLifetimeS: 7200 };
const now = new Date('2024-05-01T00:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);

describe('query_token answers', () => {
  it('issue a token for the right OperatorID and OperatorSecret', async () => {
    const store = createMemoryTokenStore();
    const answer = await answerQueryToken({ OperatorID: 'MA0SX0001', OperatorSecret: 'province-secret' }, caller, store, now);
    expect(answer).toMatchObject({ OperatorID: 'MA0SX0001', SuccStat: 0, TokenAvailableTime: 7200, FailReason: 0 });
    expect(answer.AccessToken).toMatch(/^[0-9a-f]{64}$/);
    expect(await tokenAuthorizes(`Bearer ${answer.AccessToken}`, 'MA0SX0001', store, later(7199))).toBe(true);
  });

  it('refuse a Data OperatorID other than the signed envelope’s with FailReason 1', async () => {
    const store = createMemoryTokenStore();
    const answer = await answerQueryToken({ OperatorID: 'MA0SX0002', OperatorSecret: 'province-secret' }, caller, store, now);
    expect(answer).toEqual({ OperatorID: 'MA0SX0002', SuccStat: 1, AccessToken: '', TokenAvailableTime: 0, FailReason: 1 });
    expect(store.size).toBe(0);
  });

  it('refuse a wrong OperatorSecret with FailReason 2', async () => {
    const answer = await answerQueryToken({ OperatorID: 'MA0SX0001', OperatorSecret: 'guess' }, caller, createMemoryTokenStore(), now);
    expect(answer).toMatchObject({ SuccStat: 1, FailReason: 2, AccessToken: '' });
  });
});

describe('Bearer tokens', () => {
  it('expire after their lifetime', async () => {
    const store = createMemoryTokenStore();
    const { AccessToken } = await answerQueryToken({ OperatorID: 'MA0SX0001', OperatorSecret: 'province-secret' }, caller, store, now);
    expect(await tokenAuthorizes(`Bearer ${AccessToken}`, 'MA0SX0001', store, later(7200))).toBe(false);
  });

  it('only authorize the partner they were issued to', async () => {
    const store = createMemoryTokenStore();
    const { AccessToken } = await answerQueryToken({ OperatorID: 'MA0SX0001', OperatorSecret: 'province-secret' }, caller, store, now);
    expect(await tokenAuthorizes(`Bearer ${AccessToken}`, 'MA0SX0002', store, now)).toBe(false);
    expect(await tokenAuthorizes(undefined, 'MA0SX0001', store, now)).toBe(false);
    expect(await tokenAuthorizes(AccessToken, 'MA0SX0001', store, now)).toBe(false);
  });

  it('are read from the Authorization header', () => {
    expect(bearerToken('Bearer abc123')).toBe('abc123');
    expect(bearerToken('bearer  abc123 ')).toBe('abc123');
    expect(bearerToken('Basic abc123')).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });
});
