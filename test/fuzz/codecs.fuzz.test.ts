/**
 * Fuzzing the per-revision codecs (protocol/codec/): on every revision, decoding what the server
 * encoded gives back the internal model (results with `resultType`) the handler produced, adding
 * only what the revision's wire defines; encoding never touches its input; and an error keeps
 * its class, message and data across the wire, but for the codes an era spells differently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CACHEABLE_METHODS } from '../../src/protocol/codec/cacheable.js';
import { codecFor, isResourceNotFound } from '../../src/protocol/codec/codec.js';
import { featuresOf } from '../../src/protocol/codec/older-revisions.js';
import { ErrorCode, McpError } from '../../src/protocol/errors.js';
import { META_SERVER_INFO } from '../../src/protocol/meta.js';
import type { ContentBlock } from '../../src/protocol/types/common.js';
import { deepFreeze } from '../../src/protocol/validation/test-helpers.js';
import { LEGACY_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS } from '../../src/protocol/versions.js';
import { completeResult, contentBlock, jsonValue, textBlock } from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

const MODERN = MODERN_PROTOCOL_VERSIONS[0];

/** Content blocks a revision defines, so its codec has nothing to bring down. */
function blocksOf(version: string): fc.Arbitrary<ContentBlock> {
  const features = featuresOf(version);
  return contentBlock.filter(
    (block) =>
      (block.type !== 'audio' || features.audioContent) &&
      (block.type !== 'resource_link' || features.resourceLinks),
  );
}

/** The caching hints a server may give a cacheable result. */
const cacheHints = fc.record({ ttlMs: fc.nat(), cacheScope: fc.constantFrom('public', 'private') });

const serverInfo = fc.record({ name: fc.string({ maxLength: 8 }), version: fc.string({ maxLength: 8 }) });

describe('the per-revision codecs under fuzzing', () => {
  it('2026-07-28: decode(encode(result)) is the result when it carries resultType and its caching hints', () => {
    const codec = codecFor(MODERN);
    fc.assert(
      fc.property(completeResult(contentBlock), cacheHints, ({ method, result }, hints) => {
        const internal = deepFreeze({
          ...result,
          resultType: 'complete',
          ...(CACHEABLE_METHODS.has(method) ? hints : {}),
        });
        expect(codec.decodeResult(method, codec.encodeResult(method, internal))).toEqual(internal);
      }),
      fuzzParams(300),
    );
  });

  it('2026-07-28: encoding adds only resultType, the caching hints and serverInfo, and leaves its input alone', () => {
    const codec = codecFor(MODERN);
    fc.assert(
      fc.property(
        completeResult(contentBlock),
        fc.option(cacheHints, { nil: undefined }),
        fc.option(serverInfo, { nil: undefined }),
        ({ method, result }, cache, info) => {
          const input = deepFreeze(structuredClone(result));
          const wire = codec.encodeResult(method, input, { cache, serverInfo: info });
          expect(input).toEqual(result);
          const decoded = codec.decodeResult(method, wire);
          const { resultType, ttlMs, cacheScope, _meta, ...rest } = decoded;
          expect(rest).toEqual(result);
          expect(resultType).toBe('complete');
          if (CACHEABLE_METHODS.has(method)) {
            expect({ ttlMs, cacheScope }).toEqual(cache ?? { ttlMs: 0, cacheScope: 'private' });
          } else expect([ttlMs, cacheScope]).toEqual([undefined, undefined]);
          expect(_meta).toEqual(info === undefined ? undefined : { [META_SERVER_INFO]: info });
        },
      ),
      fuzzParams(300),
    );
  });

  it('2025 revisions: decode(encode(result)) is the result, less the modern fields, when it uses only what the revision defines', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...LEGACY_PROTOCOL_VERSIONS)
          .chain((version) => fc.tuple(fc.constant(version), completeResult(blocksOf(version)), cacheHints)),
        ([version, { method, result }, hints]) => {
          const codec = codecFor(version);
          const internal = deepFreeze({ ...result, resultType: 'complete' });
          const wire = codec.encodeResult(method, { ...internal, ...hints });
          // The modern-only fields never reach a 2025 peer.
          for (const field of ['resultType', 'ttlMs', 'cacheScope']) expect(wire).not.toHaveProperty(field);
          // A 2025 result has no resultType; the client reads its absence as complete.
          expect(codec.decodeResult(method, wire)).toEqual(result);
        },
      ),
      fuzzParams(300),
    );
  });

  it('2025 revisions before 2025-11-25 still get a text block for content they lack', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LEGACY_PROTOCOL_VERSIONS),
        fc.array(fc.oneof(textBlock, contentBlock), { maxLength: 4 }),
        (version, content) => {
          const features = featuresOf(version);
          const wire = codecFor(version).encodeResult(
            'tools/call',
            deepFreeze({ content, resultType: 'complete' }),
          );
          const blocks = wire.content as { type: string }[];
          expect(blocks).toHaveLength(content.length);
          for (const [i, block] of blocks.entries()) {
            const original = content[i]!;
            const known =
              (original.type !== 'audio' || features.audioContent) &&
              (original.type !== 'resource_link' || features.resourceLinks);
            expect(block.type).toBe(known ? original.type : 'text');
          }
        },
      ),
      fuzzParams(200),
    );
  });

  it('keeps an error’s class, message and data across the wire, but for the codes an era spells differently', () => {
    const codes = Object.values(ErrorCode);
    fc.assert(
      fc.property(
        fc.constantFrom(MODERN, ...LEGACY_PROTOCOL_VERSIONS),
        fc.oneof(fc.constantFrom(...codes), fc.integer({ min: -32_768, max: 32_767 })),
        fc.string({ maxLength: 20 }),
        fc.option(jsonValue, { nil: undefined }),
        (version, code, message, data) => {
          const codec = codecFor(version);
          const sent = McpError.fromObject({ code, message, data });
          const received = codec.decodeError(codec.encodeError(sent));
          expect(received).toBeInstanceOf(McpError);
          if (version === MODERN && code === ErrorCode.ResourceNotFound) {
            // 2026-07-28 dropped -32002: a missing resource is -32602 carrying the same data.
            expect(received.code).toBe(ErrorCode.InvalidParams);
            expect(received.data).toEqual(data);
          } else if (
            code === ErrorCode.UrlElicitationRequired &&
            (version === MODERN || version < '2025-11-25')
          ) {
            expect(received.code).toBe(ErrorCode.InternalError);
          } else {
            expect(received.constructor).toBe(sent.constructor);
            expect([received.code, received.message, received.data]).toEqual([code, message, data]);
          }
        },
      ),
      fuzzParams(300),
    );
  });

  it('tells a missing resource apart on every revision, whatever its URI', () => {
    fc.assert(
      fc.property(fc.constantFrom(MODERN, ...LEGACY_PROTOCOL_VERSIONS), fc.string(), (version, uri) => {
        const codec = codecFor(version);
        const sent = McpError.fromObject({
          code: ErrorCode.ResourceNotFound,
          message: 'missing',
          data: { uri },
        });
        expect(isResourceNotFound(codec.decodeError(codec.encodeError(sent)))).toBe(true);
      }),
      fuzzParams(100),
    );
  });
});
