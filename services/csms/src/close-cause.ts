/**
 * Why a charger's socket closed, for the connectivity record.
 *
 * ocpp-rpc pings every `pingIntervalMs` and, when a ping is still unanswered at the next tick, terminates
 * the socket — which surfaces as an abnormal closure (1006) like any dropped TCP connection, with no
 * event of its own. The two are told apart by the last pong: a ping timeout happens about two intervals
 * after the last pong (the unanswered ping went out one interval after it, the verdict one interval
 * later), while a connection dropped by the network closes within one interval of a pong.
 */

export type CloseCause = 'ping_timeout' | 'disconnected';

export interface ClosedSocket {
  code: number;
  /** ms since the last pong, or since the connection opened when no pong came yet */
  msSinceLastPong: number;
  /** 0 when pings are off */
  pingIntervalMs: number;
}

const abnormalClosure = 1006;

export function closeCause({ code, msSinceLastPong, pingIntervalMs }: ClosedSocket): CloseCause {
  if (code !== abnormalClosure || pingIntervalMs <= 0) return 'disconnected';
  return msSinceLastPong >= pingIntervalMs * 1.5 ? 'ping_timeout' : 'disconnected';
}
