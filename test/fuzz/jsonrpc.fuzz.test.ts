/**
 * Fuzzing the JSON-RPC decoder and envelope classifier every transport uses
 * (`parseMessage`/`classifyMessage` in protocol/validation/jsonrpc.ts, `decodeMessage` in
 * transport/decode.ts): well-formed messages come back as they were sent, and anything else,
 * text or value, gets a -32700 or -32600 answer (or none, for a broken response) without a throw;
 * a server's HTTP endpoint fed the same answers with a 4xx, never a 5xx.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { McpServer } from '../../src/entries/server.js';
import { ErrorCode } from '../../src/protocol/errors.js';
import { isErrorResponse, isNotification, isRequest, isResponse } from '../../src/protocol/jsonrpc.js';
import { classifyMessage, parseMessage } from '../../src/protocol/validation/jsonrpc.js';
import { decodeMessage } from '../../src/transport/decode.js';
import { jsonRpcMessage, jsonValue, pathsOf, replaceAt } from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

/** JSON text with a few characters inserted, deleted or replaced. */
const damagedText = fc
  .tuple(
    jsonRpcMessage.map((message) => JSON.stringify(message)),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('insert', 'delete', 'replace'),
        fc.string({ minLength: 1, maxLength: 2 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, kind, chars] of edits) {
      const i = out.length === 0 ? 0 : at % out.length;
      if (kind === 'insert') out = out.slice(0, i) + chars + out.slice(i);
      else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + 1);
      else out = out.slice(0, i) + chars + out.slice(i + 1);
    }
    return out;
  });

/** A well-formed message with one spot (maybe the envelope itself) replaced by any JSON value. */
const mutatedMessage = jsonRpcMessage.chain((message) =>
  fc
    .tuple(fc.constantFrom(...pathsOf(message)), jsonValue)
    .map(([path, replacement]) => replaceAt(message, path, replacement)),
);

const KINDS = ['request', 'notification', 'result', 'error', 'batch', 'invalid'];

/** What every classification must satisfy, whatever went in. */
function expectCoherent(input: unknown, classified: ReturnType<typeof classifyMessage>) {
  expect(KINDS).toContain(classified.kind);
  if (classified.kind === 'invalid') {
    expect([ErrorCode.ParseError, ErrorCode.InvalidRequest]).toContain(classified.error.code);
    expect(classified.error.message.length).toBeGreaterThan(0);
    if (classified.id !== undefined) {
      expect(
        typeof classified.id === 'string' || Number.isInteger(classified.id),
        `id ${String(classified.id)}`,
      ).toBe(true);
      // The id answered with is the one the input carried.
      expect((input as { id?: unknown }).id).toBe(classified.id);
    }
    return;
  }
  if (classified.kind === 'batch') {
    expect(classified.error.code).toBe(ErrorCode.InvalidRequest);
    return;
  }
  const message = classified.message as never;
  // The message is the input itself, and the type guards agree with the kind.
  expect(classified.message).toBe(input);
  expect(isRequest(message)).toBe(classified.kind === 'request');
  expect(isNotification(message)).toBe(classified.kind === 'notification');
  expect(isResponse(message)).toBe(classified.kind === 'result' || classified.kind === 'error');
  expect(isErrorResponse(message)).toBe(classified.kind === 'error');
}

describe('the JSON-RPC decoder under fuzzing', () => {
  it('decodes every well-formed message to an equal message of the right kind', () => {
    fc.assert(
      fc.property(jsonRpcMessage, (message) => {
        const text = JSON.stringify(message);
        const classified = parseMessage(text);
        const expected =
          'method' in message
            ? 'id' in message
              ? 'request'
              : 'notification'
            : 'error' in message
              ? 'error'
              : 'result';
        expect(classified.kind).toBe(expected);
        expect((classified as { message: unknown }).message).toEqual(message);
        expect(decodeMessage(text)).toEqual({ message });
      }),
      fuzzParams(300),
    );
  });

  it('classifies any JSON value coherently and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(jsonValue, mutatedMessage), (value) => {
        expectCoherent(value, classifyMessage(value));
      }),
      fuzzParams(500),
    );
  });

  it('answers damaged text with -32700 or -32600, or stays silent for a broken response, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(damagedText, fc.string({ maxLength: 40 })), (text) => {
        const classified = parseMessage(text);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          expect(classified).toMatchObject({ kind: 'invalid', error: { code: ErrorCode.ParseError } });
          expect(classified).not.toHaveProperty('id');
        }
        if (parsed !== undefined) expectCoherent(parsed, classifyMessage(parsed));

        const decoded = decodeMessage(text);
        if ('message' in decoded) return;
        expect(decoded.detail.length).toBeGreaterThan(0);
        if (decoded.reply === undefined) {
          // Only a broken response goes unanswered: JSON-RPC never answers a response.
          expect(classified).toMatchObject({ kind: 'invalid', shape: 'response' });
          return;
        }
        expect(decoded.reply.jsonrpc).toBe('2.0');
        expect([ErrorCode.ParseError, ErrorCode.InvalidRequest]).toContain(decoded.reply.error.code);
      }),
      fuzzParams(500),
    );
  });

  it('has a server answer any POSTed body without a 5xx, and unparseable text with -32700', async () => {
    const server = new McpServer({ name: 'fuzz', version: '1.0.0' }, { warn: () => {} });
    const body = fc.oneof(
      damagedText,
      fc.string({ maxLength: 40 }),
      fc.oneof(jsonValue, mutatedMessage).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const reply = await server.fetch(
          new Request('http://localhost/mcp', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              'mcp-protocol-version': '2026-07-28',
            },
            body: text,
          }),
        );
        expect(reply.status).toBeLessThan(500);
        const answer = await reply.text();
        const parsed = answer.startsWith('{') ? JSON.parse(answer) : undefined;
        if (parsed?.error) expect(parsed.error.code, parsed.error.message).not.toBe(ErrorCode.InternalError);
        const classified = parseMessage(text);
        if (classified.kind === 'invalid' && classified.error.code === ErrorCode.ParseError) {
          expect(reply.status).toBe(400);
          expect(parsed).toMatchObject({ jsonrpc: '2.0', error: { code: ErrorCode.ParseError } });
        }
      }),
      fuzzParams(200),
    );
  });
});
