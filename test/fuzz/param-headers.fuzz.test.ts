/**
 * Fuzzing the SEP-2243 header encoding (protocol/http-headers.ts): every value a client mirrors
 * into `Mcp-Name` or `Mcp-Param-*` comes out as printable ASCII that a server decodes back to the
 * same value, so nothing in a value (CR, LF, NUL, non-ASCII) can inject a header or break one;
 * only HTTP tokens become header names; and a server checking the headers a client built for a
 * body finds them matching, and never throws on headers a hostile client made up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/errors.js';
import {
  checkRequestHeaders,
  decodeHeaderValue,
  encodeHeaderValue,
  extractParamHeaders,
  requestHeadersFor,
} from '../../src/protocol/http-headers.js';
import { jsonValue } from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

/** Printable ASCII, nothing around it to trim: all a header value may be on the wire. */
const SAFE_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;
/** RFC 9110 token: all a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Strings of any Unicode scalar values, with the characters that break headers mixed in often. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({
    unit: fc.constantFrom('\r', '\n', '\0', ' ', '\t', 'a', '=', '?', 'é', '\u2028'),
    maxLength: 12,
  }),
  fc.constantFrom('=?base64?', '=?base64?YQ==?=', '=?base64??=', ' =?base64?YQ==?= '),
);

/** A property name or annotation value, sometimes a token, sometimes anything. */
const headerName = fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), anyText);

describe('the SEP-2243 header encoding under fuzzing', () => {
  it('encodes every value as safe printable ASCII that decodes back to it', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const encoded = encodeHeaderValue(value);
        expect(encoded).toMatch(SAFE_VALUE);
        // A Fetch Headers object takes it as it is (it refuses CR, LF and NUL, and trims spaces).
        expect(new Headers({ 'Mcp-Param-X': encoded }).get('Mcp-Param-X')).toBe(encoded);
        expect(decodeHeaderValue(encoded)).toEqual({ ok: true, value, encoded: encoded !== value });
      }),
      fuzzParams(1000),
    );
  });

  it('decodes any received text without throwing, to exactly what it spells', () => {
    const base64Of = (value: string) => Buffer.from(value, 'utf8').toString('base64');
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          anyText.map((v) => `=?base64?${base64Of(v)}?=`),
          anyText.map((v) => `${encodeHeaderValue(v)}${encodeHeaderValue(v)}`),
        ),
        (raw) => {
          const decoded = decodeHeaderValue(raw);
          if (!decoded.ok) {
            expect(decoded.error.length).toBeGreaterThan(0);
            return;
          }
          // Only the optional whitespace around a value is not part of it.
          const text = raw.replace(/^[ \t]+|[ \t]+$/g, '');
          // A client may Base64 a value that needs no encoding (over-encoding is safe), but the
          // payload must be the canonical Base64 of the value's UTF-8: nothing else decodes.
          expect(decoded.encoded ? `=?base64?${base64Of(decoded.value)}?=` : decoded.value).toBe(text);
        },
      ),
      fuzzParams(500),
    );
  });

  it('turns only HTTP tokens into header names, and reports every other annotation', () => {
    fc.assert(
      fc.property(headerName, fc.constantFrom('string', 'integer', 'boolean'), (name, type) => {
        const extraction = extractParamHeaders({
          type: 'object',
          properties: { p: { type, 'x-mcp-header': name } },
        });
        if (extraction.ok) {
          expect(name).toMatch(TOKEN);
          const [declaration] = extraction.declarations;
          expect(declaration!.header).toBe(`Mcp-Param-${name}`);
          expect(() => new Headers({ [declaration!.header]: 'x' })).not.toThrow();
        } else {
          expect(name).not.toMatch(TOKEN);
          expect(extraction.issues.map((issue) => issue.rule)).toContain(
            name === '' ? 'not-empty' : 'charset',
          );
        }
      }),
      fuzzParams(500),
    );
  });

  it('builds headers for any tools/call that a server finds matching its body', () => {
    const args = fc.dictionary(
      fc.stringMatching(/^[a-z]{1,4}$/),
      fc.oneof(anyText, fc.integer(), fc.boolean(), fc.double(), jsonValue),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(
        anyText,
        args,
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 4 }),
        (name, values, mirrored) => {
          const schema = {
            type: 'object',
            properties: Object.fromEntries(
              mirrored.map((key) => [key, { type: 'string', 'x-mcp-header': `P-${key}` }]),
            ),
          };
          const extraction = extractParamHeaders(schema);
          if (!extraction.ok) throw new Error(JSON.stringify(extraction.issues));
          const message = {
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name, arguments: values },
          };
          const headers = requestHeadersFor(message, {
            protocolVersion: '2026-07-28',
            paramHeaders: extraction.declarations,
          });
          for (const [header, value] of Object.entries(headers)) {
            expect(header).toMatch(TOKEN);
            expect(value).toMatch(SAFE_VALUE);
          }
          // Through a real Headers object, as the server gets them.
          expect(
            checkRequestHeaders(new Headers(headers), message, { paramHeaders: extraction.declarations }),
          ).toEqual({
            ok: true,
          });
        },
      ),
      fuzzParams(500),
    );
  });

  it('checks made-up headers without throwing, answering any problem with -32020', () => {
    const headers = fc.dictionary(
      fc.constantFrom('Mcp-Method', 'mcp-name', 'MCP-NAME', 'Mcp-Param-Region', 'mcp-param-region'),
      fc.oneof(anyText, fc.array(anyText, { maxLength: 2 })),
      { maxKeys: 4 },
    );
    const declarations = extractParamHeaders({
      type: 'object',
      properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
    });
    if (!declarations.ok) throw new Error('the fixture schema is valid');
    fc.assert(
      fc.property(
        headers,
        fc.constantFrom('tools/call', 'resources/read', 'tools/list'),
        jsonValue,
        (given, method, params) => {
          const result = checkRequestHeaders(
            given,
            { method, params, id: 1 },
            { paramHeaders: declarations.declarations },
          );
          if (result.ok) return;
          expect(result.httpStatus).toBe(400);
          expect(result.error.code).toBe(ErrorCode.HeaderMismatch);
          expect(result.problems.length).toBeGreaterThan(0);
        },
      ),
      fuzzParams(500),
    );
  });
});
