/**
 * Splits a byte stream into newline-delimited messages, the stdio framing.
 *
 * Chunks are kept as they arrive and joined once per line, so a message that
 * spans many chunks costs linear time, and a line over the limit is skipped
 * without being held in memory.
 */

/** Default largest message, in bytes, a stdio transport accepts. */
export const DEFAULT_MAX_STDIO_MESSAGE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** What the decoder hands back for each complete line. */
export type LineEvent = { line: string } | { oversized: number };

/**
 * Incremental newline splitter.
 *
 * @example
 * const decoder = new LineDecoder(1024);
 * decoder.push(Buffer.from('{"a":1}\n{"b"'), (event) => console.log(event)); // { line: '{"a":1}' }
 * decoder.push(Buffer.from(':2}\n'), (event) => console.log(event));         // { line: '{"b":2}' }
 */
export class LineDecoder {
  /** The pieces of an unfinished line; none (no array kept) between lines. */
  private parts: Buffer[] | undefined;
  private size = 0;
  private skipping = false;

  constructor(private readonly maxBytes = DEFAULT_MAX_STDIO_MESSAGE_BYTES) {}

  /** Feeds a chunk; calls `emit` once per complete line (empty lines are skipped). */
  push(chunk: Buffer, emit: (event: LineEvent) => void): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        this.append(chunk, start, chunk.length);
        return;
      }
      if (this.size === 0 && !this.skipping) {
        // The whole line is in this chunk (the usual case): read in place, nothing held.
        if (end - start > this.maxBytes) emit({ oversized: end - start });
        else this.emitLine(chunk.subarray(start, end), emit);
      } else {
        this.append(chunk, start, end);
        this.finishLine(emit);
      }
      start = end + 1;
    }
  }

  /** Bytes held for an unfinished line. */
  get buffered(): number {
    return this.size;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (start === end) return;
    this.size += end - start;
    if (this.skipping) return;
    if (this.size > this.maxBytes) {
      // Too big: drop what we held and count the rest of the line without keeping it.
      this.skipping = true;
      this.parts = undefined;
    } else {
      this.parts ??= [];
      this.parts.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end));
    }
  }

  private finishLine(emit: (event: LineEvent) => void): void {
    if (this.skipping) {
      const size = this.size;
      this.reset();
      emit({ oversized: size });
      return;
    }
    const parts = this.parts;
    if (this.size === 0 || !parts) return;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.size);
    this.reset();
    this.emitLine(bytes, emit);
  }

  /** A line's bytes without its newline: emitted without a trailing CR, skipped when empty. */
  private emitLine(line: Buffer, emit: (event: LineEvent) => void): void {
    const bytes = line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, line.length - 1) : line;
    if (bytes.length > 0) emit({ line: bytes.toString('utf8') });
  }

  private reset(): void {
    this.parts = undefined;
    this.size = 0;
    this.skipping = false;
  }
}
