/**
 * Generators shared by the fuzz properties: realistic messages of both eras, built from the
 * protocol's types, and hostile values (odd keys, deep nesting, wrong types) to mutate them with.
 */
import fc from 'fast-check';
import type { JSONRPCMessage, RequestId } from '../../src/protocol/jsonrpc.js';
import {
  META_CLIENT_CAPABILITIES,
  META_LOG_LEVEL,
  META_PROGRESS_TOKEN,
  META_PROTOCOL_VERSION,
} from '../../src/protocol/meta.js';
import type { ContentBlock, TextContent } from '../../src/protocol/types/common.js';

/** Keys that have broken hand-written validators and parsers before: prototype names, empty, dotted. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  'a.b',
  '[0]',
];

/** Object keys: mostly ordinary, sometimes hostile. */
export const objectKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
);

/** Any JSON value, hostile keys included, a few levels deep. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    // JSON has no -0 (it is written as 0), so a value that must survive the wire has none either.
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
    fc.string({ maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(objectKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A JSON object (what `params`, `result` and `_meta` must be). */
export const jsonObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(objectKey, jsonValue, {
  maxKeys: 4,
});

/** A request id as MCP allows it: a string or a safe integer. */
export const requestId: fc.Arbitrary<RequestId> = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
);

/** Printable names (tools, prompts, arguments). */
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,15}$/);
/** A URI a resource might have. */
const uri = fc.oneof(
  fc.webUrl(),
  name.map((n) => `file:///${n}`),
  fc.string({ maxLength: 20 }).map((s) => `mem://${encodeURIComponent(s)}`),
);
const loggingLevel = fc.constantFrom(
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
);
const progressToken = fc.oneof(fc.string({ maxLength: 8 }), fc.integer());
const stringRecord = fc.dictionary(name, fc.string({ maxLength: 12 }), { maxKeys: 3 });

/** Client capabilities valid in both eras. */
const clientCapabilities = fc.record(
  {
    sampling: fc.constant({}),
    elicitation: fc.constantFrom({}, { form: {} }, { form: {}, url: {} }),
    experimental: fc.dictionary(name, fc.constant({}), { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);

/** The `_meta` envelope every 2026-07-28 request carries, with optional fields and unknown keys. */
export const modernMeta: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    clientCapabilities,
    fc.option(loggingLevel, { nil: undefined }),
    fc.option(progressToken, { nil: undefined }),
    fc.dictionary(fc.constantFrom('com.example/trace', 'traceparent', 'x'), jsonValue, { maxKeys: 2 }),
  )
  .map(([capabilities, level, token, extra]) => {
    const meta: Record<string, unknown> = {
      ...extra,
      [META_PROTOCOL_VERSION]: '2026-07-28',
      [META_CLIENT_CAPABILITIES]: capabilities,
    };
    if (level !== undefined) meta[META_LOG_LEVEL] = level;
    if (token !== undefined) meta[META_PROGRESS_TOKEN] = token;
    return meta;
  });

/** A request as the validators see it: method and params. */
export interface MethodCall {
  method: string;
  params: Record<string, unknown>;
}

const completionRef = fc.oneof(
  name.map((n) => ({ type: 'ref/prompt', name: n })),
  uri.map((u) => ({ type: 'ref/resource', uri: u })),
);

/** Params of client requests both eras define, without `_meta` (the era adds its own). */
const sharedParams: fc.Arbitrary<MethodCall> = fc.oneof(
  fc
    .record({ name, arguments: fc.dictionary(name, jsonValue, { maxKeys: 3 }) }, { requiredKeys: ['name'] })
    .map((params) => ({ method: 'tools/call', params })),
  fc.record({ name, arguments: stringRecord }, { requiredKeys: ['name'] }).map((params) => ({
    method: 'prompts/get',
    params,
  })),
  uri.map((u) => ({ method: 'resources/read', params: { uri: u } })),
  fc
    .tuple(
      fc.constantFrom('tools/list', 'resources/list', 'resources/templates/list', 'prompts/list'),
      fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
    )
    .map(([method, cursor]) => ({ method, params: cursor === undefined ? {} : { cursor } })),
  fc
    .record(
      {
        ref: completionRef,
        argument: fc.record({ name, value: fc.string({ maxLength: 12 }) }),
        context: fc.record({ arguments: stringRecord }),
      },
      { requiredKeys: ['ref', 'argument'] },
    )
    .map((params) => ({ method: 'completion/complete', params })),
);

/** A valid 2026-07-28 client request (method and params, `_meta` included). */
export const modernRequest: fc.Arbitrary<MethodCall> = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: sharedParams },
      fc.constant({ method: 'server/discover', params: {} }),
      fc
        .record(
          {
            toolsListChanged: fc.boolean(),
            resourcesListChanged: fc.boolean(),
            resourceSubscriptions: fc.array(uri, { maxLength: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((notifications) => ({ method: 'subscriptions/listen', params: { notifications } })),
    ),
    modernMeta,
  )
  .map(([call, meta]) => ({ method: call.method, params: { ...call.params, _meta: meta } }));

/** A valid 2025-11-25 client request (after `initialize`). */
export const legacyRequest: fc.Arbitrary<MethodCall> = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: sharedParams },
      loggingLevel.map((level) => ({ method: 'logging/setLevel', params: { level } })),
      uri.map((u) => ({ method: 'resources/subscribe', params: { uri: u } })),
      fc.constant({ method: 'ping', params: {} }),
    ),
    fc.option(fc.record({ progressToken }), { nil: undefined }),
  )
  .map(([call, meta]) => ({
    method: call.method,
    params: meta ? { ...call.params, _meta: meta } : call.params,
  }));

/** Any well-formed JSON-RPC message MCP exchanges. */
export const jsonRpcMessage: fc.Arbitrary<JSONRPCMessage> = fc.oneof(
  fc
    .tuple(requestId, fc.oneof(modernRequest, legacyRequest))
    .map(([id, call]) => ({ jsonrpc: '2.0' as const, id, method: call.method, params: call.params })),
  fc
    .tuple(fc.constantFrom('notifications/cancelled', 'notifications/progress', 'x/y'), jsonObject)
    .map(([method, params]) => ({ jsonrpc: '2.0' as const, method, params })),
  fc.tuple(requestId, jsonObject).map(([id, result]) => ({ jsonrpc: '2.0' as const, id, result })),
  fc
    .tuple(
      fc.option(requestId, { nil: undefined }),
      fc.integer({ min: -32_768, max: 32_767 }),
      fc.string({ maxLength: 20 }),
    )
    .map(([id, code, message]) =>
      id === undefined
        ? { jsonrpc: '2.0' as const, error: { code, message } }
        : { jsonrpc: '2.0' as const, id, error: { code, message } },
    ),
);

/** The path to one spot in a value: object keys and array indexes, outermost first. */
export type ValuePath = (string | number)[];

/** Every path in `value` (its root included), for picking where to mutate. */
export function pathsOf(value: unknown, prefix: ValuePath = []): ValuePath[] {
  const paths: ValuePath[] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) paths.push(...pathsOf(item, [...prefix, i]));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

/**
 * A copy of `value` with the spot at `path` replaced by `replacement` (the root when `path` is
 * empty); a missing last key of an object is added.
 */
export function replaceAt(value: unknown, path: ValuePath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    // defineProperty keeps a key named `__proto__` an own data property, as JSON.parse makes it.
    Object.defineProperty(copy, key, {
      value: key === head ? replaceAt(item, rest, replacement) : item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (path.length === 1 && typeof head === 'string' && !Object.hasOwn(copy, head)) {
    Object.defineProperty(copy, head, {
      value: replacement,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

// --- Results (what a server returns; the codecs' internal model adds `resultType`)

const base64 = fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const mimeType = fc.constantFrom('text/plain', 'image/png', 'audio/wav', 'application/json');
const annotations = fc.record(
  {
    audience: fc.subarray(['user', 'assistant'] as const),
    priority: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: [] },
);
const resourceContents = fc.oneof(
  fc.record({ uri, text: fc.string({ maxLength: 20 }), mimeType }, { requiredKeys: ['uri', 'text'] }),
  fc.record({ uri, blob: base64, mimeType }, { requiredKeys: ['uri', 'blob'] }),
);

/** A text content block, the one kind every revision has. */
export const textBlock: fc.Arbitrary<TextContent> = fc
  .record({ text: fc.string({ maxLength: 30 }), annotations }, { requiredKeys: ['text'] })
  .map((block) => ({ type: 'text' as const, ...block }));

/** Any content block of 2025-11-25 and 2026-07-28 (typed, so it cannot drift from the protocol's types). */
export const contentBlock: fc.Arbitrary<ContentBlock> = fc.oneof(
  textBlock,
  fc.record({ data: base64, mimeType }).map((block) => ({ type: 'image' as const, ...block })),
  fc.record({ data: base64, mimeType }).map((block) => ({ type: 'audio' as const, ...block })),
  fc.record({ uri, name }).map((block) => ({ type: 'resource_link' as const, ...block })),
  resourceContents.map((resource) => ({ type: 'resource' as const, resource })),
);

/** A method and a complete result for it, as a handler returns it (no `resultType`). */
export interface MethodResult {
  method: string;
  result: Record<string, unknown>;
}

/** Complete results of the methods both eras define, built from `content` blocks of `blocks`. */
export function completeResult(blocks: fc.Arbitrary<ContentBlock>): fc.Arbitrary<MethodResult> {
  const tool = fc.record(
    {
      name,
      description: fc.string({ maxLength: 20 }),
      inputSchema: fc.constant({ type: 'object', properties: { q: { type: 'string' } } }),
    },
    { requiredKeys: ['name', 'inputSchema'] },
  );
  return fc.oneof(
    fc
      .record(
        { content: fc.array(blocks, { maxLength: 3 }), isError: fc.boolean() },
        { requiredKeys: ['content'] },
      )
      .map((result) => ({ method: 'tools/call', result })),
    fc
      .record(
        { tools: fc.array(tool, { maxLength: 2 }), nextCursor: fc.string({ maxLength: 8 }) },
        { requiredKeys: ['tools'] },
      )
      .map((result) => ({ method: 'tools/list', result })),
    fc
      .array(resourceContents, { maxLength: 2 })
      .map((contents) => ({ method: 'resources/read', result: { contents } })),
    fc
      .array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: blocks }), { maxLength: 2 })
      .map((messages) => ({ method: 'prompts/get', result: { messages } })),
    fc
      .record(
        {
          values: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
          total: fc.nat(),
          hasMore: fc.boolean(),
        },
        { requiredKeys: ['values'] },
      )
      .map((completion) => ({ method: 'completion/complete', result: { completion } })),
  );
}
