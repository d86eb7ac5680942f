/** Server-Sent Events framing (the WHATWG `text/event-stream` format). */

export interface SseMessage {
  id?: string;
  event?: string;
  data: unknown;
}

/** One message; `data` is JSON on one line, so it never needs splitting over several `data:` lines. */
export function sseFrame({ id, event, data }: SseMessage): string {
  return `${id ? `id: ${id}\n` : ''}${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream, ignored by clients. */
export const sseKeepAlive = ': keep-alive\n\n';

/** Tells the client how long to wait before reconnecting, in milliseconds. */
export const sseRetry = (ms: number) => `retry: ${ms}\n\n`;
