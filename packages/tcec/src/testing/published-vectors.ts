/**
 * The published T/CEC 102 test vectors (province-interface.md): one request and one response, all
 * three secrets `1234567890abcdef`. Our crypto must reproduce them byte for byte.
 */
import type { ChannelSecrets } from '../crypto.js';

export const vectorSecrets: ChannelSecrets = {
  dataSecret: '1234567890abcdef',
  dataSecretIv: '1234567890abcdef',
  sigSecret: '1234567890abcdef',
};

export const requestVector = {
  OperatorID: '123456789',
  TimeStamp: '20180120165755',
  Seq: '0001',
  Data: 'mYvffpNoFf4E/ZTC1tOw41TC5OlkEobfAYCm5N8hEusaLUaUIqOrXtdbMrSck0DSmfM7mRuOGMoCQzH0nWPGuw==',
  Sig: 'D2D584A14F3F284445DF85D0E8C0697C',
  /** What Data decrypts to, newline included. */
  plain: '{"OperatorID":"123456789",\n"OperatorSecret":"1234567890abcdef"}',
};

export const responseVector = {
  Ret: 0,
  Msg: '',
  Data:
    'uxeKP0ezR5yL8xSg4/ZCDh/N91/u86NXFxd2DrwZVW8zCPYcpl59Twz/yQZ3RaO4rDDrGmkvQignmNEJ+k4PGxdmIC+4fpJ8rU6osSobY+AeA0uueuQ5+eQiWBL6p6v5XMMm91brtK8yfFELYUWQzVcxABnAwK/+dyxtUhqLIxUpkwTEU/4ktN40df9IzzlLO5uvUknPGYu9yL0pp5w9vdRxmA1RiiTDNCysz6klr9bunGV3VJa2qpLcgeZMf/oG',
  Sig: '58E52010C7DEE87FE183B0AFA5B2BE30',
};

/** The instant of the request vector's TimeStamp (2018-01-20 16:57:55 in Asia/Shanghai). */
export const requestVectorInstant = new Date('2018-01-20T08:57:55Z');
