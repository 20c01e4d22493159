import { ValidationError } from '@agent-runtime/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSSEComment, formatSSEFrame } from './sse-frame';
import { parseSSE } from './sse-test-parser';

describe('formatSSEFrame', () => {
  it('writes id, event, retry and one data line per line', () => {
    expect(formatSSEFrame({ id: 'evt-1', event: 'tool.end', data: 'a\nb', retryMs: 3000 })).toBe(
      'id: evt-1\nevent: tool.end\nretry: 3000\ndata: a\ndata: b\n\n',
    );
  });

  it('splits CRLF, CR and LF so a real SSE parser rebuilds the data with LF', () => {
    const { events, retries } = parseSSE([
      formatSSEFrame({ id: '1', event: 'x', data: 'one\r\ntwo\rthree\nfour', retryMs: 10 }),
    ]);
    expect(events).toEqual([{ id: '1', event: 'x', data: 'one\ntwo\nthree\nfour' }]);
    expect(retries).toEqual([10]);
  });

  it('round-trips any data through eventsource-parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (data, id) => {
        fc.pre(!/[\r\n\0]/.test(id));
        const { events } = parseSSE([formatSSEFrame({ id, event: 'progress', data })]);
        expect(events).toHaveLength(1);
        expect(events[0]?.data).toBe(data.replace(/\r\n|\r/g, '\n'));
        expect(events[0]?.id).toBe(id);
      }),
    );
  });

  it('keeps leading spaces of data lines (only one space after the colon is eaten)', () => {
    expect(parseSSE([formatSSEFrame({ data: '  indented' })]).events[0]?.data).toBe('  indented');
  });

  it('refuses an id or event with a line break (it would inject fields) and a NUL id', () => {
    expect(() => formatSSEFrame({ id: 'a\nevent: evil', data: '' })).toThrow(
      expect.objectContaining({ field: 'frame.id' }),
    );
    expect(() => formatSSEFrame({ event: 'a\rb', data: '' })).toThrow(
      expect.objectContaining({ field: 'frame.event' }),
    );
    expect(() => formatSSEFrame({ id: 'a\0b', data: '' })).toThrow(ValidationError);
    expect(() => formatSSEFrame({ data: '', retryMs: -1 })).toThrow(
      expect.objectContaining({ field: 'frame.retryMs' }),
    );
  });
});

describe('formatSSEComment', () => {
  it('is ignored as an event and seen as a comment, line by line', () => {
    const { events, comments } = parseSSE([formatSSEComment('heartbeat\nsecond')]);
    expect(events).toEqual([]);
    expect(comments).toEqual(['heartbeat', 'second']);
  });
});
