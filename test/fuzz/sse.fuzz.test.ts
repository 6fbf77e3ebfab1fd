/**
 * Fuzzing the SSE reading of both HTTP client transports: the 2026-07-28 Streamable HTTP client
 * (a POST answered with an event stream) and the 2024-11-05 HTTP+SSE client (the GET stream).
 * Whatever the framing allows (LF, CRLF or CR line ends, `data` split over several lines, with or
 * without the space after the colon, comments, ids, `retry`, events of other types) and however
 * the bytes are cut into chunks (inside a UTF-8 sequence, between CR and LF), the same messages
 * arrive in order and nothing is reported unreadable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage, JSONRPCRequest } from '../../src/protocol/jsonrpc.js';
import type { TransportHandlers } from '../../src/session/transport.js';
import { StreamableHttpClientTransport } from '../../src/transport/http/client.js';
import { LegacySseClientTransport } from '../../src/transport/http/legacy-sse-client.js';
import { jsonObject, requestId } from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

/** Text with any Unicode, so events carry multi-byte UTF-8. */
const text = fc.string({ unit: 'grapheme', maxLength: 20 });

/** Notifications a server sends on a request's stream before the response. */
const notification: fc.Arbitrary<JSONRPCMessage> = fc
  .tuple(fc.constantFrom('notifications/progress', 'notifications/message'), text, jsonObject)
  .map(([method, message, extra]) => ({ jsonrpc: '2.0', method, params: { ...extra, message } }));

/** How one message is framed as an SSE event. */
interface Framing {
  eol: string;
  /** Pretty-print the JSON so `data` spans several lines (joined with LF by the reader). */
  multiline: boolean;
  /** Whether `data:` is followed by a space (one leading space is dropped by the reader). */
  space: boolean;
  id: string | undefined;
  /** Write `event: message` explicitly. */
  named: boolean;
  comment: boolean;
  retry: number | undefined;
  /** An event of another type before this one, which the reader ignores. */
  other: boolean;
  /** A field SSE does not define, which the reader ignores. */
  unknownField: boolean;
}

const framing: fc.Arbitrary<Framing> = fc.record({
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  multiline: fc.boolean(),
  space: fc.boolean(),
  id: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { nil: undefined }),
  named: fc.boolean(),
  comment: fc.boolean(),
  retry: fc.option(fc.nat({ max: 5000 }), { nil: undefined }),
  other: fc.boolean(),
  unknownField: fc.boolean(),
});

/** One message as the text of an SSE event, framed as `f` says. */
function frame(message: JSONRPCMessage, f: Framing): string {
  const lines: string[] = [];
  if (f.other) lines.push('event: ping', `data: ${JSON.stringify({ not: 'a message' })}`, '');
  if (f.comment) lines.push(': keep-alive');
  if (f.unknownField) lines.push('x-trace: 1', 'novalue');
  if (f.id !== undefined) lines.push(`id: ${f.id}`);
  if (f.retry !== undefined) lines.push(`retry: ${f.retry}`);
  if (f.named) lines.push('event: message');
  const json = f.multiline ? JSON.stringify(message, null, 1) : JSON.stringify(message);
  for (const line of json.split('\n')) lines.push(`data:${f.space ? ' ' : ''}${line}`);
  lines.push('', '');
  return lines.join(f.eol);
}

/** The stream's bytes cut at the given points. */
function chunksOf(body: string, points: number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(body);
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const end of [...at, bytes.length]) {
    chunks.push(bytes.slice(start, end));
    start = end;
  }
  return chunks;
}

/** An SSE response whose body arrives in exactly these chunks. */
function eventStream(chunks: Uint8Array[]): Response {
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]!);
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** Handlers that record what a transport delivers; `done` resolves on close or on `until`. */
function recorder(until: (message: JSONRPCMessage) => boolean) {
  const received: JSONRPCMessage[] = [];
  const problems: string[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const handlers: TransportHandlers = {
    onMessage: (message) => {
      received.push(message);
      if (until(message)) finish();
    },
    onInvalid: (_reply, detail) => problems.push(detail),
    onRequestFailed: (_id, error) => {
      problems.push(error.message);
      finish();
    },
    onClose: () => finish(),
  };
  return { received, problems, done, handlers };
}

const points = fc.array(fc.nat(), { maxLength: 16 });

describe('the SSE readers of the HTTP client transports under fuzzing', () => {
  it('Streamable HTTP (2026-07-28): a response stream yields the same messages however it is framed and chunked', async () => {
    const stream = fc.tuple(
      requestId,
      fc.array(fc.tuple(notification, framing), { maxLength: 4 }),
      jsonObject,
      framing,
    );
    await fc.assert(
      fc.asyncProperty(stream, points, async ([id, related, result, last], cuts) => {
        const request: JSONRPCRequest = { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'x' } };
        const response: JSONRPCMessage = { jsonrpc: '2.0', id, result };
        const body = [...related, [response, last] as const].map(([m, f]) => frame(m, f)).join('');
        const transport = new StreamableHttpClientTransport(new URL('http://localhost/mcp'), {
          fetch: async () => eventStream(chunksOf(body, cuts)),
        });
        const { received, problems, done, handlers } = recorder((m) => !('method' in m));
        transport.start(handlers);
        await transport.send(request);
        await done;
        await transport.close();
        expect(problems).toEqual([]);
        expect(received).toEqual([...related.map(([m]) => m), response]);
      }),
      fuzzParams(150),
    );
  });

  it('HTTP+SSE (2024-11-05): the GET stream yields the endpoint and the same messages however it is framed and chunked', async () => {
    const message = fc.oneof(
      notification,
      fc.tuple(requestId, jsonObject).map(([id, result]): JSONRPCMessage => ({ jsonrpc: '2.0', id, result })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(message, framing), { maxLength: 5 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        points,
        async (messages, eol, cuts) => {
          const endpoint = `event: endpoint${eol}data: /messages?session=ü${eol}${eol}`;
          const body = endpoint + messages.map(([m, f]) => frame(m, f)).join('');
          const transport = new LegacySseClientTransport(new URL('http://localhost/sse'), {
            fetch: async () => eventStream(chunksOf(body, cuts)),
          });
          const { received, problems, done, handlers } = recorder(() => false);
          await transport.start(handlers);
          expect(transport.postEndpoint?.href).toBe('http://localhost/messages?session=%C3%BC');
          await done; // the stream ended
          expect(problems).toEqual([]);
          expect(received).toEqual(messages.map(([m]) => m));
        },
      ),
      fuzzParams(150),
    );
  });
});
