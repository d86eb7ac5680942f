/**
 * A test push receiver: the province's side of `notification_stationStatus` and
 * `notification_stationInfo`, on node:http, with the envelope handled by the independent codec of
 * test-province.ts. It issues tokens through query_token, checks every signature, token, TimeStamp
 * and Seq (a repeated Seq in one second is refused as a replay, 4003), records what it accepts, and
 * can be told to misbehave: fail the next requests, answer Status 1, expire every token it issued.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, encrypt, type RequestEnvelope, type Secrets, sign } from './test-province.js';

export interface Received {
  interface: string;
  data: Record<string, unknown>;
  timeStamp: string;
  seq: string;
}

/** How the next request to a push interface is answered instead of accepting it. */
export type Failure = 'http-500' | 'ret-500' | 'ret-busy' | 'ret-4004' | 'hang-up';

export interface ReceiverOptions {
  /** The OperatorID pilewatch calls us as, and the OperatorSecret we issued it. */
  caller: { operatorId: string; operatorSecret: string };
  secrets: Secrets;
  /** TokenAvailableTime of issued tokens, in seconds. */
  tokenLifetimeS?: number;
}

export class PushReceiver {
  readonly received: Received[] = [];
  /** Every push request that reached the handler, answered or not. */
  readonly attempts: Array<{ interface: string; answered: string }> = [];
  tokensIssued = 0;
  /** Every token issued, expired or not. */
  readonly issued: string[] = [];
  private readonly tokens = new Set<string>();
  private readonly seen = new Set<string>();
  private failures: Failure[] = [];
  private held: Promise<void> | undefined;
  private releaseHeld: (() => void) | undefined;
  private status: 0 | 1 = 0;
  private server: Server | undefined;

  constructor(readonly options: ReceiverOptions) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/evcs/v1`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `n` push requests fail this way. */
  failNext(n: number, how: Failure = 'http-500'): void {
    this.failures.push(...Array.from({ length: n }, () => how));
  }

  /** Answers later pushes with Status `status` (1: "ignored, do not retry"). */
  answerStatus(status: 0 | 1): void {
    this.status = status;
  }

  /** Push requests wait, unanswered, until `release()`. */
  hold(): void {
    this.held ??= new Promise<void>((resolve) => (this.releaseHeld = resolve));
  }

  /** Answers the held requests (in the order they arrived) and stops holding. */
  release(): void {
    this.releaseHeld?.();
    this.held = undefined;
  }

  /** Push requests waiting in `hold()`. */
  holding = 0;

  /** Every token issued so far stops working, as if it had expired. */
  expireTokens(): void {
    this.tokens.clear();
  }

  of(name: string): Received[] {
    return this.received.filter((r) => r.interface === name);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const name = (req.url ?? '').split('/').pop() ?? '';
    const reply = (ret: number, msg: string, data?: unknown) => {
      const Data = data === undefined ? '' : encrypt(JSON.stringify(data), this.options.secrets);
      const body = { Ret: ret, Msg: msg, Data, Sig: sign(String(ret) + msg + Data, this.options.secrets.sigSecret) };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };

    let e: Partial<RequestEnvelope>;
    try {
      e = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<RequestEnvelope>;
    } catch {
      return reply(4003, 'not JSON');
    }
    if (!e.OperatorID || !e.Data || !e.TimeStamp || !e.Seq || !e.Sig) return reply(4003, 'missing envelope field');
    if (e.OperatorID !== this.options.caller.operatorId) return reply(4003, 'unknown OperatorID');
    if (e.Sig !== sign(e.OperatorID + e.Data + e.TimeStamp + e.Seq, this.options.secrets.sigSecret)) return reply(4001, 'bad Sig');
    const stamp = `${e.TimeStamp}:${e.Seq}`;
    if (this.seen.has(stamp)) return reply(4003, `Seq ${e.Seq} already used at ${e.TimeStamp}`);
    this.seen.add(stamp);
    const data = JSON.parse(decrypt(e.Data, this.options.secrets)) as Record<string, unknown>;

    if (name === 'query_token') {
      if (data.OperatorID !== this.options.caller.operatorId || data.OperatorSecret !== this.options.caller.operatorSecret) {
        return reply(0, '', { OperatorID: data.OperatorID, SuccStat: 1, AccessToken: '', TokenAvailableTime: 0, FailReason: 2 });
      }
      const token = randomBytes(16).toString('hex');
      this.tokens.add(token);
      this.issued.push(token);
      this.tokensIssued += 1;
      return reply(0, '', {
        OperatorID: e.OperatorID,
        SuccStat: 0,
        AccessToken: token,
        TokenAvailableTime: this.options.tokenLifetimeS ?? 7200,
        FailReason: 0,
      });
    }

    if (this.held) {
      this.holding += 1;
      await this.held;
      this.holding -= 1;
    }
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      this.attempts.push({ interface: name, answered: '4002' });
      return reply(4002, 'token invalid');
    }
    const failure = this.failures.shift();
    if (failure) {
      this.attempts.push({ interface: name, answered: failure });
      if (failure === 'http-500') return void res.writeHead(500).end('Internal Server Error');
      if (failure === 'hang-up') return void req.socket.destroy();
      if (failure === 'ret-4004') return reply(4004, 'ConnectorID unknown here');
      return reply(failure === 'ret-busy' ? -1 : 500, 'try later');
    }
    this.attempts.push({ interface: name, answered: `Status ${this.status}` });
    if (this.status === 0) this.received.push({ interface: name, data, timeStamp: e.TimeStamp, seq: e.Seq });
    return reply(0, '', { Status: this.status });
  }
}
