import { describe, expect, it } from 'vitest';
import { sseFrame, sseKeepAlive, sseRetry } from './sse.js';

describe('Server-Sent Events framing', () => {
  it('writes id, event and one line of JSON data, ended by a blank line', () => {
    expect(sseFrame({ id: '1700000000000-0', event: 'status', data: { chargerId: 'CP-1', info: 'line 1\nline 2' } })).toBe(
      'id: 1700000000000-0\nevent: status\ndata: {"chargerId":"CP-1","info":"line 1\\nline 2"}\n\n',
    );
  });

  it('leaves out the id and event lines when there are none', () => {
    expect(sseFrame({ data: 1 })).toBe('data: 1\n\n');
  });

  it('writes keep-alives as comments and the retry delay as a field', () => {
    expect(sseKeepAlive.startsWith(':')).toBe(true);
    expect(sseRetry(2000)).toBe('retry: 2000\n\n');
  });
});
