/**
 * Access tokens issued through query_token, shared by every API node. Keys are the tokens' sha256, so
 * someone who can read Redis still holds no token; each key expires with its token.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TokenStore } from '@pilewatch/tcec';

export const tokenKeyPrefix = 'pw:tcec:token:';

const keyOf = (prefix: string, token: string) => prefix + createHash('sha256').update(token).digest('hex');

export function createRedisTokenStore(redis: Redis, prefix = tokenKeyPrefix): TokenStore {
  return {
    async save(token, operatorId, expiresAt) {
      await redis.set(keyOf(prefix, token), operatorId, 'PXAT', expiresAt.getTime());
    },
    async lookup(token) {
      return (await redis.get(keyOf(prefix, token))) ?? undefined;
    },
  };
}
