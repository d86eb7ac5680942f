import { describe, expect, it } from 'vitest';
import { createSseParser, type SseFrame } from './sse.js';

function parse(chunks: string[]): SseFrame[] {
  const frames: SseFrame[] = [];
  const parser = createSseParser((f) => frames.push(f));
  for (const c of chunks) parser.push(c);
  return frames;
}

describe('the SSE parser', () => {
  it('reads id, event and data, and dispatches on the blank line', () => {
    expect(parse(['retry: 2000\n\nid: 1-0\nevent: status\ndata: {"a":1}\n\n'])).toEqual([{ id: '1-0', event: 'status', data: '{"a":1}' }]);
  });

  it('joins frames split anywhere across chunks, CRLF included', () => {
    const text = 'id: 5-1\r\nevent: alert\r\ndata: {"x":\r\ndata: 2}\r\n\r\n: keep-alive\r\n\r\nevent: ready\r\ndata: {}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual([
        { id: '5-1', event: 'alert', data: '{"x":\n2}' },
        { event: 'ready', data: '{}' },
      ]);
    }
  });

  it('names an event without an event field "message", and ignores comments and frames without data', () => {
    expect(parse([': hello\n\nid: 7-0\n\ndata: plain\n\n'])).toEqual([{ event: 'message', data: 'plain' }]);
  });
});
