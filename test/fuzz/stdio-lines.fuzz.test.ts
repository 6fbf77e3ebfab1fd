/**
 * Fuzzing the stdio framing (transport/stdio/line-decoder.ts and the StreamTransport over it):
 * however the bytes of a sequence of messages are cut into chunks (inside a line, inside a
 * UTF-8 sequence, between CR and LF), the same messages come out in order; a line over the limit
 * is reported once with its size, never held, and the next line is read as usual; and a server
 * fed junk lines answers each with an error and goes on serving.
 */
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { McpServer } from '../../src/entries/server.js';
import { ErrorCode } from '../../src/protocol/errors.js';
import type { JSONRPCMessage } from '../../src/protocol/jsonrpc.js';
import { LineDecoder, type LineEvent } from '../../src/transport/stdio/line-decoder.js';
import { StreamTransport } from '../../src/transport/stdio/stream-transport.js';
import { jsonRpcMessage, modernMeta } from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

/** A line of text without a line break, any Unicode in it (so multi-byte UTF-8). */
const lineText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => !/[\r\n]/.test(s));

/** How a line ends on the wire: LF or CRLF, sometimes followed by blank lines (which are skipped). */
const lineEnd = fc.constantFrom('\n', '\r\n', '\n\n', '\r\n\n');

/** `bytes` cut at the given points (sorted, deduplicated), into chunks that cover it exactly. */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const end of [...at, bytes.length]) {
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

const cutPoints = fc.array(fc.nat(), { maxLength: 12 });

/** Runs a fresh decoder over chunks; every event, and the most bytes it held at once. */
function decode(chunks: Buffer[], maxBytes?: number): { events: LineEvent[]; mostHeld: number } {
  const decoder = new LineDecoder(maxBytes);
  const events: LineEvent[] = [];
  let mostHeld = 0;
  for (const chunk of chunks) {
    decoder.push(chunk, (event) => events.push(event));
    // What the decoder keeps for an unfinished line: the one look at its insides, since holding
    // nothing of an oversized line is the point of the limit.
    // (None between lines: the decoder keeps no array then.)
    const held = ((decoder as unknown as { parts?: Buffer[] }).parts ?? []).reduce(
      (sum, part) => sum + part.length,
      0,
    );
    mostHeld = Math.max(mostHeld, held);
  }
  return { events, mostHeld };
}

describe('the stdio line decoder under fuzzing', () => {
  it('yields the same lines however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineText, lineEnd), { minLength: 1, maxLength: 6 }),
        cutPoints,
        (lines, points) => {
          const bytes = Buffer.from(lines.map(([text, end]) => text + end).join(''));
          expect(decode(cut(bytes, points)).events).toEqual(lines.map(([line]) => ({ line })));
        },
      ),
      fuzzParams(500),
    );
  });

  it('reports each line over the limit once with its size, holds none of it, and reads the rest', () => {
    const limit = 32;
    const text = fc.oneof(
      lineText,
      fc.string({ unit: 'grapheme', minLength: 33, maxLength: 300 }).filter((s) => !/[\r\n]/.test(s)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, lineEnd), { minLength: 1, maxLength: 6 }),
        cutPoints,
        (lines, points) => {
          const bytes = Buffer.from(lines.map(([t, end]) => t + end).join(''));
          const { events, mostHeld } = decode(cut(bytes, points), limit);
          const expected = lines.map(([t, end]) => {
            // The limit counts the line's bytes as they arrive, its CR included.
            const size = Buffer.byteLength(t) + (end.startsWith('\r') ? 1 : 0);
            return size > limit ? { oversized: size } : { line: t };
          });
          expect(events).toEqual(expected);
          expect(mostHeld).toBeLessThanOrEqual(limit);
        },
      ),
      fuzzParams(300),
    );
  });

  it('delivers the same messages through a StreamTransport however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonRpcMessage, { minLength: 1, maxLength: 5 }),
        cutPoints,
        async (messages, points) => {
          const input = new PassThrough();
          const transport = new StreamTransport(input, new PassThrough());
          const received: JSONRPCMessage[] = [];
          const invalid: string[] = [];
          transport.start({
            onMessage: (message) => received.push(message),
            onInvalid: (_reply, detail) => invalid.push(detail),
            onClose: () => {},
          });
          const bytes = Buffer.from(messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
          for (const chunk of cut(bytes, points)) input.write(chunk);
          await new Promise((resolve) => setImmediate(resolve));
          await transport.close();
          expect(invalid).toEqual([]);
          expect(received).toEqual(messages);
        },
      ),
      fuzzParams(100),
    );
  });

  it('has a server answer junk lines with errors and go on serving', async () => {
    const junk = fc.oneof(
      fc
        .uint8Array({ minLength: 1, maxLength: 40 })
        .map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a))),
      jsonRpcMessage.map((m) => Buffer.from(JSON.stringify(m).slice(0, -1))),
      fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => Buffer.from(text.replace(/\n/g, ''))),
    );
    const server = new McpServer({ name: 'fuzz', version: '1.0.0' }, { warn: () => {} });
    await fc.assert(
      fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 5 }), modernMeta, async (lines, meta) => {
        const input = new PassThrough();
        const output = new PassThrough();
        await server.connect(new StreamTransport(input, output));
        const replies: Record<string, unknown>[] = [];
        let pending = '';
        let answered!: () => void;
        const probeAnswered = new Promise<void>((resolve) => {
          answered = resolve;
        });
        output.on('data', (chunk: Buffer) => {
          pending += chunk.toString('utf8');
          for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
            const reply = JSON.parse(pending.slice(0, end));
            pending = pending.slice(end + 1);
            replies.push(reply);
            if (reply.id === 'probe') answered();
          }
        });
        for (const line of lines) input.write(Buffer.concat([line, Buffer.from('\n')]));
        const probe = { jsonrpc: '2.0', id: 'probe', method: 'server/discover', params: { _meta: meta } };
        input.write(`${JSON.stringify(probe)}\n`);
        await probeAnswered;
        input.end();
        for (const reply of replies) {
          expect(reply.jsonrpc).toBe('2.0');
          const error = reply.error as { code: number; message: string } | undefined;
          if (error) expect(error.code, error.message).not.toBe(ErrorCode.InternalError);
        }
        expect(replies.find((reply) => reply.id === 'probe')).toHaveProperty('result.supportedVersions');
      }),
      fuzzParams(100),
    );
  });
});
