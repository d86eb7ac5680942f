/**
 * Opening and sealing T/CEC 102 envelopes, both ways: the serving side (`openRequest`, `sealResponse`)
 * and the calling side (`sealRequest`, `openResponse`). Pure apart from the replay guard.
 *
 * A request is checked in the order that spends the least on a bad caller and never decrypts anything
 * unauthenticated: envelope fields (4003) → known OperatorID (4003) → Sig (4001) → TimeStamp skew (4003)
 * → replay (4003) → decrypt and parse Data (4004).
 */
import type { z } from 'zod';
import { parseTimeStamp } from './china-time.js';
import {
  type ChannelSecrets,
  decryptData,
  encryptData,
  requestSignature,
  responseSignature,
  verifyRequestSignature,
  verifyResponseSignature,
} from './crypto.js';
import {
  type RequestEnvelope,
  type ResponseEnvelope,
  type Stamp,
  requestEnvelopeSchema,
  responseEnvelopeSchema,
} from './envelope.js';
import { Ret, TcecError, type TcecErrorCode } from './errors.js';
import type { ReplayGuard } from './replay-guard.js';
import { type FieldSpelling, invertSpelling, respell } from './spelling.js';

/** A partner's link to us: the secrets it calls with, and optionally its own skew limit and field spellings. */
export interface InboundChannel extends ChannelSecrets {
  maxSkewS?: number;
  spelling?: FieldSpelling;
}

/** The link of the partner calling as `operatorId`, or undefined for an OperatorID we do not know. */
export type SecretsLookup = (operatorId: string) => InboundChannel | undefined;

/** How far a request's TimeStamp may be from our clock when no other limit is configured. */
export const DEFAULT_MAX_SKEW_S = 300;

export interface OpenRequestOptions<T> {
  replayGuard: ReplayGuard;
  /** Our clock; defaults to the current time. */
  now?: Date;
  /** Largest accepted |now − TimeStamp|, in seconds, unless the partner's channel sets its own. */
  maxSkewS?: number;
  /** The interface's request schema; Data that does not match is refused with 4004. */
  schema?: z.ZodType<T>;
  /** Field spellings (ours → theirs) when the partner's channel has none; incoming keys are translated back to ours. */
  spelling?: FieldSpelling;
}

export interface OpenedRequest<T> {
  ok: true;
  operatorId: string;
  timeStamp: string;
  seq: string;
  /** The instant TimeStamp names. */
  sentAt: Date;
  data: T;
  /** The partner's link, to seal the answer with. */
  secrets: InboundChannel;
}

/** A request we refuse: answer it with `sealResponse(ret, msg, null, secrets)`. */
export interface RefusedRequest {
  ok: false;
  ret: number;
  msg: string;
  code: TcecErrorCode;
  /** Present once the caller is identified; absent means the answer cannot be signed. */
  operatorId?: string;
  secrets?: InboundChannel;
}

/** Checks and decrypts a request body (the parsed JSON object, or its raw text). */
export async function openRequest<T = unknown>(
  body: unknown,
  partnerSecrets: SecretsLookup,
  options: OpenRequestOptions<T>,
): Promise<OpenedRequest<T> | RefusedRequest> {
  const now = options.now ?? new Date();

  const parsedBody = typeof body === 'string' ? parseJson(body) : body;
  const envelope = requestEnvelopeSchema.safeParse(parsedBody);
  if (!envelope.success) {
    const problems = envelope.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`);
    return refuse(Ret.BadRequest, `bad POST parameters: ${problems.join('; ')}`, 'PW_TCEC_ENVELOPE_INVALID');
  }
  const e = envelope.data;

  const secrets = partnerSecrets(e.OperatorID);
  if (!secrets) {
    return refuse(Ret.BadRequest, `unknown OperatorID ${e.OperatorID}`, 'PW_TCEC_UNKNOWN_OPERATOR');
  }
  const known = { operatorId: e.OperatorID, secrets };
  const maxSkewMs = (secrets.maxSkewS ?? options.maxSkewS ?? DEFAULT_MAX_SKEW_S) * 1000;

  if (!verifyRequestSignature(e, secrets.sigSecret)) {
    return refuse(Ret.BadSignature, 'Sig does not match', 'PW_TCEC_SIGNATURE_INVALID', known);
  }

  const sentAt = parseTimeStamp(e.TimeStamp)!;
  if (Math.abs(now.getTime() - sentAt.getTime()) > maxSkewMs) {
    return refuse(
      Ret.BadRequest,
      `TimeStamp ${e.TimeStamp} is more than ${maxSkewMs / 1000} s from our clock (Asia/Shanghai)`,
      'PW_TCEC_TIMESTAMP_SKEW',
      known,
    );
  }

  // Remember the triple until a copy could no longer pass the skew check.
  const first = await options.replayGuard.firstSeen(
    `${e.OperatorID}:${e.TimeStamp}:${e.Seq}`,
    new Date(now.getTime() + 2 * maxSkewMs),
    now,
  );
  if (!first) {
    return refuse(Ret.BadRequest, `Seq ${e.Seq} of TimeStamp ${e.TimeStamp} was already used`, 'PW_TCEC_REPLAYED', known);
  }

  let data: unknown;
  try {
    data = readData(e.Data, secrets, secrets.spelling ?? options.spelling);
  } catch (err) {
    if (err instanceof TcecError) return refuse(Ret.BadData, err.message, err.code, known);
    throw err;
  }
  if (options.schema) {
    const checked = options.schema.safeParse(data);
    if (!checked.success) {
      return refuse(Ret.BadData, `bad business parameters: ${describeIssues(checked.error)}`, 'PW_TCEC_DATA_INVALID', known);
    }
    data = checked.data;
  }
  return { ok: true, operatorId: e.OperatorID, timeStamp: e.TimeStamp, seq: e.Seq, sentAt, data: data as T, secrets };
}

function refuse(
  ret: number,
  msg: string,
  code: TcecErrorCode,
  known?: { operatorId: string; secrets: InboundChannel },
): RefusedRequest {
  return { ok: false, ret, msg, code, ...known };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readData(cipherText: string, secrets: ChannelSecrets, spelling: FieldSpelling | undefined): unknown {
  const plain = decryptData(cipherText, secrets);
  let data: unknown;
  try {
    data = JSON.parse(plain);
  } catch (cause) {
    throw new TcecError('PW_TCEC_DATA_INVALID', 'Data decrypts to text that is not JSON', {}, { cause });
  }
  return spelling ? respell(data, invertSpelling(spelling)) : data;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'Data'}: ${i.message}`).join('; ');
}

export interface SealOptions {
  /** The partner's field spellings (ours → theirs), applied to Data before encryption. */
  spelling?: FieldSpelling;
}

/**
 * The answer to a request. Data is encrypted only on success: the standard's error answers carry
 * `Data: ""`. Without secrets (the caller could not be identified) the answer goes out unsigned.
 * A channel's own spellings apply unless `options.spelling` is given.
 */
export function sealResponse(
  ret: number,
  msg: string,
  data: unknown,
  secrets: InboundChannel | undefined,
  options: SealOptions = {},
): ResponseEnvelope {
  if (!secrets) return { Ret: ret, Msg: msg, Data: '', Sig: '' };
  const spelling = options.spelling ?? secrets.spelling;
  const Data = ret === Ret.Ok && data !== undefined && data !== null ? writeData(data, secrets, spelling) : '';
  return { Ret: ret, Msg: msg, Data, Sig: responseSignature({ Ret: ret, Msg: msg, Data }, secrets.sigSecret) };
}

/** A request to a partner, signed and with Data encrypted. */
export function sealRequest(
  operatorId: string,
  data: unknown,
  secrets: ChannelSecrets,
  stamp: Stamp,
  options: SealOptions = {},
): RequestEnvelope {
  const fields = { OperatorID: operatorId, Data: writeData(data, secrets, options.spelling), TimeStamp: stamp.timeStamp, Seq: stamp.seq };
  return { ...fields, Sig: requestSignature(fields, secrets.sigSecret) };
}

function writeData(data: unknown, secrets: ChannelSecrets, spelling: FieldSpelling | undefined): string {
  return encryptData(JSON.stringify(spelling ? respell(data, spelling) : data), secrets);
}

export interface OpenResponseOptions<T> {
  /** The interface's response schema; a successful answer whose Data does not match throws. */
  schema?: z.ZodType<T>;
  spelling?: FieldSpelling;
}

export type OpenedResponse<T> = { ok: true; msg: string; data: T } | { ok: false; ret: number; msg: string };

/**
 * Checks a partner's answer. A Ret other than 0 is a value (the caller decides: refresh the token,
 * retry later, give up); an answer that is not a valid, correctly signed envelope throws.
 */
export function openResponse<T = unknown>(
  body: unknown,
  secrets: ChannelSecrets,
  options: OpenResponseOptions<T> = {},
): OpenedResponse<T> {
  const parsedBody = typeof body === 'string' ? parseJson(body) : body;
  const envelope = responseEnvelopeSchema.safeParse(parsedBody);
  if (!envelope.success) {
    throw new TcecError('PW_TCEC_RESPONSE_INVALID', `not a T/CEC response envelope: ${describeIssues(envelope.error)}`);
  }
  const e = envelope.data;
  if (!verifyResponseSignature(e, secrets.sigSecret)) {
    throw new TcecError('PW_TCEC_RESPONSE_SIGNATURE_INVALID', `response Sig does not match (Ret ${e.Ret}, Msg ${JSON.stringify(e.Msg)})`, {
      ret: e.Ret,
      msg: e.Msg,
    });
  }
  if (e.Ret !== Ret.Ok) return { ok: false, ret: e.Ret, msg: e.Msg };

  const data = e.Data === '' ? undefined : readData(e.Data, secrets, options.spelling);
  if (!options.schema) return { ok: true, msg: e.Msg, data: data as T };
  const checked = options.schema.safeParse(data);
  if (!checked.success) {
    throw new TcecError('PW_TCEC_DATA_INVALID', `response Data is not as expected: ${describeIssues(checked.error)}`);
  }
  return { ok: true, msg: e.Msg, data: checked.data };
}
