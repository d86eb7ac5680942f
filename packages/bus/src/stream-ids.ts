/** Stream entry ids, `<ms>-<seq>` as Redis Streams make them; the in-process log makes them the same way. */
import { BusError } from './errors.js';

const pattern = /^(\d{1,15})-(\d{1,15})$/;

export function isStreamId(value: string): boolean {
  return pattern.test(value);
}

export function parseStreamId(value: string): { ms: number; seq: number } {
  const m = pattern.exec(value);
  if (!m) throw new BusError('PW_BUS_BAD_STREAM_ID', `stream id ${JSON.stringify(value)} must look like <ms>-<seq>`);
  return { ms: Number(m[1]), seq: Number(m[2]) };
}

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b`. */
export function compareStreamIds(a: string, b: string): number {
  const x = parseStreamId(a);
  const y = parseStreamId(b);
  return x.ms - y.ms || x.seq - y.seq;
}

/** The next id after `last` at wall-clock `now`: time-based, but never going backwards. */
export function nextStreamId(last: string | undefined, now: number): string {
  if (last === undefined) return `${now}-0`;
  const { ms, seq } = parseStreamId(last);
  return now > ms ? `${now}-0` : `${ms}-${seq + 1}`;
}
