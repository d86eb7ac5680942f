import { describe, expect, it } from 'vitest';
import { createSeqGenerator, requestEnvelopeSchema, responseEnvelopeSchema, seqGeneratorFor } from './envelope.js';
import { TcecError } from './errors.js';
import { requestVector, responseVector } from './testing/published-vectors.js';

describe('the Seq generator', () => {
  it('numbers requests 0001, 0002, … within one second and starts again in the next', () => {
    const seq = createSeqGenerator();
    expect(seq.next(new Date('2018-01-20T08:57:55.100Z'))).toEqual({ timeStamp: '20180120165755', seq: '0001' });
    expect(seq.next(new Date('2018-01-20T08:57:55.900Z'))).toEqual({ timeStamp: '20180120165755', seq: '0002' });
    expect(seq.next(new Date('2018-01-20T08:57:56.000Z'))).toEqual({ timeStamp: '20180120165756', seq: '0001' });
  });

  it('never repeats a TimeStamp + Seq, and refuses a 10000th request in one second', () => {
    const now = new Date('2018-01-20T08:57:55Z');
    const seq = createSeqGenerator();
    const issued = new Set(Array.from({ length: 9999 }, () => seq.next(now).seq));
    expect(issued.size).toBe(9999);
    expect([...issued].at(-1)).toBe('9999');
    expect(() => seq.next(now)).toThrow(TcecError);
    expect(() => seq.next(now)).toThrow(/9999 requests already sent/);
  });

  it('is shared by everything in the process calling as the same OperatorID', () => {
    const now = new Date('2018-01-20T08:57:55Z');
    expect(seqGeneratorFor('MA0SEQ001')).toBe(seqGeneratorFor('MA0SEQ001'));
    expect(seqGeneratorFor('MA0SEQ001')).not.toBe(seqGeneratorFor('MA0SEQ002'));
    expect(seqGeneratorFor('MA0SEQ002').next(now)).toEqual({ timeStamp: '20180120165755', seq: '0001' });
  });
});

describe('envelope shapes', () => {
  it('accept the published vectors', () => {
    expect(requestEnvelopeSchema.safeParse(requestVector).success).toBe(true);
    expect(responseEnvelopeSchema.parse(responseVector)).toEqual(responseVector);
  });

  it('read a Ret sent as a numeric string and a null Data or Msg the way the signature sees them', () => {
    expect(responseEnvelopeSchema.parse({ Ret: '4002', Msg: null, Data: null, Sig: 'X' })).toEqual({
      Ret: 4002,
      Msg: '',
      Data: '',
      Sig: 'X',
    });
  });

  it('refuse Seq 0000 and Seq of other widths', () => {
    for (const Seq of ['0000', '1', '00001', 'abcd']) {
      expect(requestEnvelopeSchema.safeParse({ ...requestVector, Seq }).success, Seq).toBe(false);
    }
  });
});
