/**
 * Server-Sent Events, parsed from a byte stream as the specification says (fields per line, a blank
 * line ends an event, `:` lines are comments). The browser's EventSource cannot send a bearer token,
 * so the live feed is read with fetch and parsed here.
 */

export interface SseFrame {
  id?: string;
  event: string;
  data: string;
}

export function createSseParser(onFrame: (frame: SseFrame) => void): { push(chunk: string): void } {
  let buffer = '';
  let id: string | undefined;
  let event = '';
  let data: string[] = [];
  const dispatch = () => {
    if (data.length > 0) onFrame({ ...(id !== undefined ? { id } : {}), event: event || 'message', data: data.join('\n') });
    event = '';
    data = [];
    id = undefined;
  };
  return {
    push(chunk) {
      buffer += chunk;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
        if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) return;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          dispatch();
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id' && !value.includes('\0')) id = value;
      }
    },
  };
}
