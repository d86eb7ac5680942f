/**
 * TimeStamp + Seq for pushes sent by several workers as one OperatorID: Seq must be unique per
 * OperatorID and second across all of them, or a partner refuses the second request as a replay. One
 * Redis counter per OperatorID and second, expiring shortly after that second.
 */
import type { Redis } from 'ioredis';
import { formatTimeStamp, type SeqGenerator, TcecError } from '@pilewatch/tcec';

export function createRedisSeqGenerator(redis: Redis, operatorId: string, prefix = 'pw:tcec:seq:'): SeqGenerator {
  return {
    async next(at) {
      const timeStamp = formatTimeStamp(at);
      const key = `${prefix}${operatorId}:${timeStamp}`;
      const [[incrError, count] = [], [expireError] = []] = (await redis.multi().incr(key).pexpire(key, 10_000).exec()) ?? [];
      if (incrError || expireError) throw incrError ?? expireError;
      const n = Number(count);
      if (n > 9999) {
        throw new TcecError('PW_TCEC_SEQ_EXHAUSTED', `9999 requests already sent in second ${timeStamp}`, { timeStamp });
      }
      return { timeStamp, seq: String(n).padStart(4, '0') };
    },
  };
}
