/**
 * A test "province": a T/CEC 102 client and envelope codec written from the protocol document
 * (shared docs province-interface.md) with node:crypto alone — deliberately not `@pilewatch/tcec`, so
 * pilewatch's codec is checked against an independent reading of the standard, not against itself.
 *
 * - Data: AES-128-CBC, PKCS#7, Base64; key DataSecret, IV DataSecretIV (16 UTF-8 bytes each, literally).
 * - Sig: uppercase hex HMAC-MD5 keyed with SigSecret over OperatorID + Data + TimeStamp + Seq (request)
 *   or String(Ret) + Msg + Data (response).
 * - TimeStamp: yyyyMMddHHmmss in China time (UTC+8, no daylight saving); Seq: 0001-9999 per second.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

export interface Secrets {
  dataSecret: string;
  dataSecretIv: string;
  sigSecret: string;
}

export function encrypt(plain: string, s: Secrets): string {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(s.dataSecret, 'utf8'), Buffer.from(s.dataSecretIv, 'utf8'));
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

export function decrypt(data: string, s: Secrets): string {
  const decipher = createDecipheriv('aes-128-cbc', Buffer.from(s.dataSecret, 'utf8'), Buffer.from(s.dataSecretIv, 'utf8'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

export function sign(message: string, sigSecret: string): string {
  return createHmac('md5', Buffer.from(sigSecret, 'utf8')).update(message, 'utf8').digest('hex').toUpperCase();
}

/** `yyyyMMddHHmmss` of `at` in China time. */
export function chinaTimeStamp(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`;
}

/** `yyyy-MM-dd HH:mm:ss` of `at` in China time. */
export function chinaDateTime(at: Date): string {
  const s = chinaTimeStamp(at);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}

/** `yyyy-MM-dd` of `at` in China time. */
export function chinaDate(at: Date): string {
  return chinaDateTime(at).slice(0, 10);
}

export interface RequestEnvelope {
  OperatorID: string;
  Data: string;
  TimeStamp: string;
  Seq: string;
  Sig: string;
}

export interface ResponseEnvelope {
  Ret: number;
  Msg: string;
  Data: string;
  Sig: string;
}

export interface Answer {
  httpStatus: number;
  envelope: ResponseEnvelope;
  ret: number;
  msg: string;
  /** Data decrypted and parsed; undefined when the answer carries none. */
  data: unknown;
  /** Whether Sig matches the answer under our SigSecret. */
  signed: boolean;
}

export interface ProvinceOptions {
  /** `{base}`: interfaces are POSTed to `{base}/{name}`. */
  baseUrl: string;
  operatorId: string;
  operatorSecret: string;
  secrets: Secrets;
}

/** Changes to a request, for provoking refusals. */
export interface Tamper {
  at?: Date;
  seq?: string;
  /** Replaces the computed Sig. */
  sig?: string;
  /** Replaces the encrypted Data (sent as is, and signed as is). */
  data?: string;
  /** Fields left out of the envelope. */
  omit?: Array<keyof RequestEnvelope>;
  /** Sends this instead of the envelope. */
  body?: string;
  /** Signs with this SigSecret instead of ours. */
  sigSecret?: string;
  /** Authorization header (default: Bearer of the current token, if any). */
  authorization?: string | null;
}

export class TestProvince {
  token: string | undefined;
  /** Seq values used per TimeStamp: a request stamped with an earlier second must not reuse one. */
  private readonly counts = new Map<string, number>();
  /** Every envelope sent, for replaying one. */
  readonly sent: Array<{ name: string; body: string; authorization: string | undefined }> = [];

  constructor(readonly options: ProvinceOptions) {}

  nextStamp(at = new Date()): { timeStamp: string; seq: string } {
    const timeStamp = chinaTimeStamp(at);
    const count = (this.counts.get(timeStamp) ?? 0) + 1;
    this.counts.set(timeStamp, count);
    return { timeStamp, seq: String(count).padStart(4, '0') };
  }

  envelope(data: unknown, tamper: Tamper = {}): RequestEnvelope {
    const { operatorId, secrets } = this.options;
    const stamp = this.nextStamp(tamper.at);
    const Data = tamper.data ?? encrypt(JSON.stringify(data), secrets);
    const Seq = tamper.seq ?? stamp.seq;
    const Sig = tamper.sig ?? sign(operatorId + Data + stamp.timeStamp + Seq, tamper.sigSecret ?? secrets.sigSecret);
    return { OperatorID: operatorId, Data, TimeStamp: stamp.timeStamp, Seq, Sig };
  }

  /** POSTs one request and reads the answer, without interpreting Ret. */
  async post(name: string, data: unknown, tamper: Tamper = {}): Promise<Answer> {
    const envelope = this.envelope(data, tamper) as Partial<RequestEnvelope>;
    for (const field of tamper.omit ?? []) delete envelope[field];
    const body = tamper.body ?? JSON.stringify(envelope);
    const authorization = tamper.authorization === null ? undefined : (tamper.authorization ?? (this.token ? `Bearer ${this.token}` : undefined));
    this.sent.push({ name, body, authorization });
    return this.send(name, body, authorization);
  }

  /** Sends a body exactly as given (a replay), as `contentType` (none when null). */
  async send(name: string, body: string, authorization: string | undefined, contentType: string | null = 'application/json'): Promise<Answer> {
    const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType };
    if (authorization) headers.authorization = authorization;
    const res = await fetch(`${this.options.baseUrl}/${name}`, { method: 'POST', headers, body });
    const envelope = (await res.json()) as ResponseEnvelope;
    const { secrets } = this.options;
    const signed = envelope.Sig === sign(String(envelope.Ret) + envelope.Msg + envelope.Data, secrets.sigSecret);
    const data = envelope.Data ? JSON.parse(decrypt(envelope.Data, secrets)) : undefined;
    return { httpStatus: res.status, envelope, ret: envelope.Ret, msg: envelope.Msg, data, signed };
  }

  async queryToken(secret = this.options.operatorSecret): Promise<Answer> {
    const answer = await this.post('query_token', { OperatorID: this.options.operatorId, OperatorSecret: secret }, { authorization: null });
    const data = answer.data as { SuccStat?: number; AccessToken?: string } | undefined;
    if (answer.ret === 0 && data?.SuccStat === 0) this.token = data.AccessToken;
    return answer;
  }

  /** A call that must succeed, signed answer and all; returns its Data. */
  async call<T = Record<string, unknown>>(name: string, data: unknown): Promise<T> {
    if (!this.token) await this.queryToken();
    const answer = await this.post(name, data);
    if (answer.ret !== 0 || !answer.signed) throw new Error(`${name}: Ret ${answer.ret} ${answer.msg} (signed: ${answer.signed})`);
    return answer.data as T;
  }
}

/**
 * WGS-84 → GCJ-02 by the published transformation (Krasovsky 1940 ellipsoid, a = 6378245 m,
 * ee = 0.00669342162296594323, as far as a double holds it), written here from the formula to check the coordinates we are sent.
 */
export function gcj02(lng: number, lat: number): { lng: number; lat: number } {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lng - 105;
  const y = lat - 35;
  const pi = Math.PI;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2) / 3;
  dLat += ((20 * Math.sin(y * pi) + 40 * Math.sin((y / 3) * pi)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * pi) + 320 * Math.sin((y * pi) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2) / 3;
  dLng += ((20 * Math.sin(x * pi) + 40 * Math.sin((x / 3) * pi)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * pi) + 300 * Math.sin((x / 30) * pi)) * 2) / 3;
  const radLat = (lat / 180) * pi;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * pi);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * pi);
  return { lng: lng + dLng, lat: lat + dLat };
}

/** Our reading of the status table in the protocol document: OCPP status (charger online) → T/CEC Status. */
export const expectedStatus: Record<string, number> = {
  Available: 1,
  Preparing: 2,
  Finishing: 2,
  Occupied: 2,
  Charging: 3,
  SuspendedEV: 3,
  SuspendedEVSE: 3,
  Reserved: 4,
  Faulted: 255,
  Unavailable: 255,
};

/** ConnectorID as docs/province.md defines it: EquipmentID + EVSE as 2 digits + connector as 1 digit. */
export function connectorIdOf(chargerId: string, evseId: number, connectorId: number): string {
  return `${chargerId}${String(evseId).padStart(2, '0')}${connectorId}`;
}
