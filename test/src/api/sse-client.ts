/**
 * A small Server-Sent Events client on node:http, for tests that read the live feed from a real socket.
 * (node:http rather than fetch: closing must drop the connection at once, as a browser tab closing does.)
 */
import http from 'node:http';

export interface SseEvent {
  id?: string;
  event?: string;
  data: unknown;
}

export interface SseStream {
  status: number;
  contentType: string;
  /** The whole body, for an answer that is not a stream (an error). */
  text(): Promise<string>;
  /** Every event received so far. */
  events: SseEvent[];
  /** Resolves with the first event (received already or later) that matches, after the `after`-th one. */
  next(match: (e: SseEvent) => boolean, after?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let raw = '';
  const ended = new Promise<void>((resolve) => response.once('end', resolve));
  response.setEncoding('utf8');
  response.on('error', () => {});
  response.on('data', (chunk: string) => {
    raw += chunk;
  });
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
      }
      if (fields.data === undefined) continue;
      events.push({ ...(fields.id ? { id: fields.id } : {}), ...(fields.event ? { event: fields.event } : {}), data: JSON.parse(fields.data) });
      for (const w of [...waiters]) w();
    }
  });
  return {
    status: response.statusCode ?? 0,
    contentType: String(response.headers['content-type'] ?? ''),
    text: () => ended.then(() => raw),
    events,
    next(match, after = 0) {
      return new Promise((resolve) => {
        const look = () => {
          const found = events.slice(after).find(match);
          if (found) {
            waiters.delete(look);
            resolve(found);
          }
        };
        waiters.add(look);
        look();
      });
    },
    close() {
      request.destroy();
    },
  };
}
