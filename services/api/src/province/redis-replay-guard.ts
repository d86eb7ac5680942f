/**
 * The replay guard shared by every API node: one Redis key per accepted OperatorID + TimeStamp + Seq,
 * set only if absent and expiring on its own once a copy could no longer pass the skew check.
 */
import type { Redis } from 'ioredis';
import type { ReplayGuard } from '@pilewatch/tcec';

export const replayKeyPrefix = 'pw:tcec:replay:';

export function createRedisReplayGuard(redis: Redis, prefix = replayKeyPrefix): ReplayGuard {
  return {
    async firstSeen(key, expiresAt) {
      // SET NX checks and records in one step: two nodes receiving the same request cannot both accept it.
      return (await redis.set(prefix + key, '1', 'PXAT', expiresAt.getTime(), 'NX')) === 'OK';
    },
  };
}
