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

  it('reads whole lines within one chunk the same way: CR dropped, blank and CR-only lines skipped', () => {
    const decoder = new LineDecoder();
    expect(feed(decoder, 'a\r\n\r\n\nb\nc')).toEqual([{ line: 'a' }, { line: 'b' }]);
    expect(feed(decoder, '\n')).toEqual([{ line: 'c' }]);
    expect(decoder.buffered).toBe(0);
  });

  it('reports an oversized line that arrives whole in one chunk, and goes on with the next', () => {
    const decoder = new LineDecoder(4);
    expect(feed(decoder, '123456789\nok\n')).toEqual([{ oversized: 9 }, { line: 'ok' }]);
    expect(feed(decoder, '1234\n')).toEqual([{ line: '1234' }]);
  });
});
