/**
 * A charger's OCPP-J connection: ocpp-rpc's RPCClient in strict mode (every frame we send and every answer
 * we get is checked against the official schemas), plus the two things a misbehaving charger does that a
 * well-behaved client library will not: drop the socket without a close frame, and send raw frames.
 * Reconnecting is the charger's business (its backoff is seeded), so the library's own reconnect is off.
 */
import { RPCClient } from 'ocpp-rpc';
import type { ProtocolVersion } from './session.js';

export interface ChargerSocketOptions {
  url: string;
  identity: string;
  password: string;
  protocol: ProtocolVersion;
  callTimeoutMs: number;
  /** WebSocket pings from the charger's side, in ms; 0 leaves liveness checks to the central system. */
  pingIntervalMs: number;
}

export class ChargerSocket extends RPCClient {
  constructor(opts: ChargerSocketOptions) {
    super({
      endpoint: opts.url,
      identity: opts.identity,
      password: opts.password,
      protocols: [opts.protocol],
      strictMode: true,
      reconnect: false,
      callTimeoutMs: opts.callTimeoutMs,
      pingIntervalMs: opts.pingIntervalMs,
      callConcurrency: 1,
      respondWithDetailedErrors: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
  }

  get isOpen(): boolean {
    return this.state === RPCClient.OPEN;
  }

  /**
   * Power loss or a cut cable: the TCP connection goes away without a WebSocket close frame, so the
   * central system sees an abnormal closure (1006), not a goodbye.
   */
  dropWithoutClose(): void {
    this._ws?.terminate();
  }

  /** Sends a frame exactly as given, bypassing validation (chaos mode's malformed frames). */
  sendFrame(frame: string): void {
    this.sendRaw(frame);
  }
}
