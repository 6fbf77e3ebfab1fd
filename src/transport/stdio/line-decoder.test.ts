import { describe, expect, it } from 'vitest';
import { LineDecoder, type LineEvent } from './line-decoder.js';

function feed(decoder: LineDecoder, ...chunks: (string | Buffer)[]): LineEvent[] {
  const events: LineEvent[] = [];
  for (const chunk of chunks)
    decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, (e) => events.push(e));
  return events;
}

describe('LineDecoder', () => {
  it('splits lines across and within chunks, skipping blank lines and CR', () => {
    const decoder = new LineDecoder();
    expect(feed(decoder, 'a\nb', 'c\r\n', '\n', 'd')).toEqual([{ line: 'a' }, { line: 'bc' }]);
    expect(decoder.buffered).toBe(1);
    expect(feed(decoder, '\n')).toEqual([{ line: 'd' }]);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const bytes = Buffer.from('"ü"\n');
    const decoder = new LineDecoder();
    expect(feed(decoder, bytes.subarray(0, 2), bytes.subarray(2))).toEqual([{ line: '"ü"' }]);
  });

  it('reports an oversized line once, holds none of it, and recovers', () => {
    const decoder = new LineDecoder(8);
    const events = feed(decoder, '12345', '67890', 'abc', '\nok\n');
    expect(events).toEqual([{ oversized: 13 }, { line: 'ok' }]);
    expect(decoder.buffered).toBe(0);
  });
});
