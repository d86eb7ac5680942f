/**
 * The request and response envelopes every T/CEC 102 call travels in, and the TimeStamp + Seq pair
 * that makes each request unique. The business JSON is never here in clear: `Data` is ciphertext.
 */
import { z } from 'zod';
import { formatTimeStamp, parseTimeStamp } from './china-time.js';
import { TcecError } from './errors.js';

/** A 9-character organisation code (组织机构代码): digits and capital letters. */
export const operatorIdSchema = z.string().regex(/^[0-9A-Z]{9}$/, 'must be the 9-character organisation code');

/**
 * What a caller POSTs. Sig accepts either hex case here so that a lowercase Sig is reported as a
 * signature mismatch (4001, which is what it is) rather than as a missing parameter.
 */
export const requestEnvelopeSchema = z.object({
  OperatorID: operatorIdSchema,
  Data: z.string().min(1, 'must be the encrypted business data'),
  TimeStamp: z.string().refine((t) => parseTimeStamp(t) !== undefined, 'must be yyyyMMddHHmmss, a real time'),
  Seq: z.string().regex(/^(?!0000)\d{4}$/, 'must be 4 digits, 0001-9999'),
  Sig: z.string().regex(/^[0-9A-Fa-f]{32}$/, 'must be 32 hex digits'),
});

export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

/**
 * What a platform answers. Read leniently where platforms differ harmlessly (a Ret sent as a numeric
 * string, a null Data on error), never where the signature depends on the exact text.
 */
export const responseEnvelopeSchema = z.object({
  Ret: z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]),
  Msg: z.string().nullish().transform((m) => m ?? ''),
  Data: z.string().nullish().transform((d) => d ?? ''),
  Sig: z.string(),
});

export interface ResponseEnvelope {
  Ret: number;
  Msg: string;
  Data: string;
  Sig: string;
}

/** The unique part of one request: the second it was sent and its number within that second. */
export interface Stamp {
  timeStamp: string;
  seq: string;
}

export interface SeqGenerator {
  /** The stamp of a request sent at `at`. May be asynchronous (a Seq shared through Redis `INCR`). */
  next(at: Date): Stamp | Promise<Stamp>;
}

export interface InProcessSeqGenerator extends SeqGenerator {
  next(at: Date): Stamp;
}

/**
 * Numbers requests 0001, 0002, … within each second, starting again at 0001 when the second changes.
 * Throws PW_TCEC_SEQ_EXHAUSTED for a 10000th request in one second.
 */
export function createSeqGenerator(): InProcessSeqGenerator {
  let second = '';
  let count = 0;
  return {
    next(at) {
      const timeStamp = formatTimeStamp(at);
      if (timeStamp !== second) {
        second = timeStamp;
        count = 0;
      }
      if (count === 9999) {
        throw new TcecError('PW_TCEC_SEQ_EXHAUSTED', `9999 requests already sent in second ${timeStamp}`, {
          timeStamp,
        });
      }
      count += 1;
      return { timeStamp, seq: String(count).padStart(4, '0') };
    },
  };
}

const perOperator = new Map<string, SeqGenerator>();

/**
 * The one generator of this process for `operatorId`. Seq must be unique per OperatorID and second,
 * not per client object: two clients calling as the same OperatorID in the same second (a worker and
 * the API, or a client re-created after an error) would otherwise both send 0001, and the partner
 * would refuse the second as a replay. Processes on several nodes calling as one OperatorID need a
 * shared counter instead (a SeqGenerator over Redis).
 */
export function seqGeneratorFor(operatorId: string): SeqGenerator {
  let generator = perOperator.get(operatorId);
  if (!generator) {
    generator = createSeqGenerator();
    perOperator.set(operatorId, generator);
  }
  return generator;
}
