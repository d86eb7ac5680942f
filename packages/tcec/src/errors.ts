/**
 * The two error vocabularies of this package, each in one place:
 * - `Ret`: the return codes T/CEC 102 puts in every response envelope (what a partner sees);
 * - `TcecError` codes: why something failed on our side (what our logs and callers see).
 */

/** Response envelope return codes, as T/CEC 102 part 4 defines them. */
export const Ret = {
  /** System busy: the caller should retry later. */
  Busy: -1,
  Ok: 0,
  /** Sig does not match. */
  BadSignature: 4001,
  /** Missing, unknown or expired access token: the caller fetches a new one and retries once. */
  BadToken: 4002,
  /** Bad POST parameters: a missing or malformed OperatorID, Data, TimeStamp, Seq or Sig. */
  BadRequest: 4003,
  /** Bad business parameters: Data decrypted but is not what the interface expects. */
  BadData: 4004,
  SystemError: 500,
} as const;

export type RetCode = (typeof Ret)[keyof typeof Ret];

/** Whether a partner can expect a retry of the same request to succeed later. */
export function isRetryable(ret: number): boolean {
  return ret === Ret.Busy || ret === Ret.SystemError;
}

/** Stable codes for everything that can go wrong in this package, with what each means. */
export const tcecErrorCodes = {
  PW_TCEC_ENVELOPE_INVALID: 'an envelope field is missing or malformed (Ret 4003)',
  PW_TCEC_UNKNOWN_OPERATOR: 'the OperatorID is not a configured partner (Ret 4003)',
  PW_TCEC_SIGNATURE_INVALID: 'Sig does not match the envelope (Ret 4001)',
  PW_TCEC_TIMESTAMP_SKEW: 'TimeStamp is too far from our clock (Ret 4003)',
  PW_TCEC_REPLAYED: 'OperatorID + TimeStamp + Seq was already used (Ret 4003)',
  PW_TCEC_DATA_UNDECRYPTABLE: 'Data is not valid Base64 AES-128-CBC under the agreed key (Ret 4004)',
  PW_TCEC_DATA_INVALID: 'decrypted Data is not the JSON the interface expects (Ret 4004)',
  PW_TCEC_TOKEN_INVALID: 'the Bearer token is missing, unknown or expired (Ret 4002)',
  PW_TCEC_INTERFACE_NOT_ALLOWED: 'the interface is unknown, not served, or not allowed to this partner (Ret 4004)',
  PW_TCEC_HANDLER_FAILED: 'our handler for the interface threw (Ret 500)',
  PW_TCEC_SECRET_INVALID: 'a DataSecret or DataSecretIV is not exactly 16 bytes',
  PW_TCEC_SEQ_EXHAUSTED: 'all 9999 Seq values of the current second are used',
  PW_TCEC_RESPONSE_INVALID: 'the partner answered with something that is not a T/CEC response envelope',
  PW_TCEC_RESPONSE_SIGNATURE_INVALID: 'the partner response Sig does not match',
  PW_TCEC_REMOTE_FAILURE: 'the partner answered with a Ret other than 0',
  PW_TCEC_TOKEN_REFUSED: 'query_token answered SuccStat 1',
  PW_TCEC_HTTP_ERROR: 'the partner answered with an HTTP status other than 2xx',
  PW_TCEC_UNREACHABLE: 'the partner could not be reached or did not answer in time',
  PW_TCEC_MAPPING_INCOMPLETE: 'a registry row lacks a field T/CEC requires, or an id is too long',
  PW_TCEC_PARTNER_CONFIG_INVALID: 'the partner configuration is invalid',
} as const;

export type TcecErrorCode = keyof typeof tcecErrorCodes;

export class TcecError extends Error {
  constructor(
    readonly code: TcecErrorCode,
    message: string,
    /** Extra facts for logs: a partner's Ret and Msg, an HTTP status, offending fields. Never secrets. */
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TcecError';
  }
}
