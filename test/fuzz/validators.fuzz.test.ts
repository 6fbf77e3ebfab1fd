/**
 * Fuzzing every inbound validator of both eras (protocol/validation/): valid messages pass
 * untouched; a message with one spot replaced by any JSON value either still passes or gets an
 * issue whose path leads to that spot; no input makes a validator throw. Then the same mutations
 * through a real McpServer, on 2026-07-28 over `server.fetch` and on 2025-11-25 over the stdio
 * framing: the answer is -32602 naming the path, never an internal error.
 */
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpServer } from '../../src/entries/server.js';
import { ErrorCode } from '../../src/protocol/errors.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import type { JSONRPCMessage, JSONRPCResponse, RequestId } from '../../src/protocol/jsonrpc.js';
import { META_PROTOCOL_VERSION } from '../../src/protocol/meta.js';
import {
  validateNotificationParams,
  validateRequestParams,
  validateResult,
  validateServerRequestParams,
} from '../../src/protocol/validation/index.js';
import {
  LEGACY_CLIENT_NOTIFICATIONS,
  LEGACY_REQUEST_PARAMS,
  LEGACY_SERVER_REQUEST_PARAMS,
} from '../../src/protocol/validation/legacy-requests.js';
import { LEGACY_RESULTS, LEGACY_SERVER_NOTIFICATIONS } from '../../src/protocol/validation/legacy-results.js';
import {
  MODERN_CLIENT_NOTIFICATIONS,
  MODERN_REQUEST_PARAMS,
} from '../../src/protocol/validation/modern-requests.js';
import { MODERN_RESULTS, MODERN_SERVER_NOTIFICATIONS } from '../../src/protocol/validation/modern-results.js';
import { deepFreeze } from '../../src/protocol/validation/test-helpers.js';
import { formatPath, type ValidationIssue } from '../../src/protocol/validation/validator.js';
import { StreamTransport } from '../../src/transport/stdio/stream-transport.js';
import {
  completeResult,
  contentBlock,
  jsonValue,
  legacyRequest,
  type MethodCall,
  modernRequest,
  pathsOf,
  replaceAt,
  type ValuePath,
} from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

type Check = (value: unknown) => ValidationIssue | undefined;

/** `value` with one spot (maybe the whole value) replaced by any JSON value, and where. */
function mutated<T>(value: T, exclude: (path: ValuePath) => boolean = () => false) {
  const paths = pathsOf(value).filter((path) => !exclude(path));
  return fc
    .tuple(fc.constantFrom(...paths), jsonValue)
    .map(([path, replacement]) => ({ value: replaceAt(value, path, replacement), path }));
}

/**
 * Asserts that `issue` points at the mutated spot: at it or on the way to it, or inside its
 * parent (changing a union's tag, say `type: "text"` to `"image"`, makes a sibling field missing).
 */
function expectOnRoute(issue: ValidationIssue, root: string, path: ValuePath) {
  const route = path.map((_, i) => formatPath(root, path.slice(0, i + 1).reverse()));
  const parent = formatPath(root, path.slice(0, -1).reverse());
  const inParent =
    issue.path === parent || issue.path.startsWith(`${parent}.`) || issue.path.startsWith(`${parent}[`);
  expect(
    [root, ...route].includes(issue.path) || inParent,
    `issue at ${issue.path} (${issue.message}) for a change at ${formatPath(root, [...path].reverse())}`,
  ).toBe(true);
  expect(issue.message.length).toBeGreaterThan(0);
}

/** Checks that a valid value passes and is left exactly as it was. */
function expectValidUntouched(value: unknown, check: Check) {
  const frozen = deepFreeze(structuredClone(value));
  expect(check(frozen)).toBeUndefined();
  expect(frozen).toEqual(value);
}

/** A valid payload and the check it must pass. */
interface Sample {
  payload: unknown;
  check: Check;
}

/** Properties of a validator over valid payloads and their mutations. */
function validAndMutated(valid: fc.Arbitrary<Sample>, root: string, runs: number) {
  fc.assert(
    fc.property(
      valid.chain((sample) => fc.tuple(fc.constant(sample), mutated(sample.payload))),
      ([{ payload, check }, change]) => {
        expectValidUntouched(payload, check);
        const issue = check(deepFreeze(change.value));
        if (issue !== undefined) expectOnRoute(issue, root, change.path);
      },
    ),
    fuzzParams(runs),
  );
}

/** Every validator entry point, by era and method, for the any-input property. */
const ALL_CHECKS: [string, Check][] = [
  ...[...MODERN_REQUEST_PARAMS.keys()].map((m): [string, Check] => [
    `modern request ${m}`,
    (v) => validateRequestParams('modern', m, v),
  ]),
  ...[...LEGACY_REQUEST_PARAMS.keys()].map((m): [string, Check] => [
    `legacy request ${m}`,
    (v) => validateRequestParams('legacy', m, v),
  ]),
  ...[...LEGACY_SERVER_REQUEST_PARAMS.keys()].map((m): [string, Check] => [
    `legacy server request ${m}`,
    (v) => validateServerRequestParams(m, v),
  ]),
  ...[...MODERN_RESULTS.keys()].map((m): [string, Check] => [
    `modern result ${m}`,
    (v) => validateResult('modern', m, v),
  ]),
  ...[...LEGACY_RESULTS.keys()].map((m): [string, Check] => [
    `legacy result ${m}`,
    (v) => validateResult('legacy', m, v),
  ]),
  ...(
    [
      ['modern', 'toServer', MODERN_CLIENT_NOTIFICATIONS],
      ['modern', 'toClient', MODERN_SERVER_NOTIFICATIONS],
      ['legacy', 'toServer', LEGACY_CLIENT_NOTIFICATIONS],
      ['legacy', 'toClient', LEGACY_SERVER_NOTIFICATIONS],
    ] as const
  ).flatMap(([era, direction, map]) =>
    [...map.keys()].map((m): [string, Check] => [
      `${era} ${direction} notification ${m}`,
      (v) => validateNotificationParams(era, direction, m, v),
    ]),
  ),
];

describe('the inbound validators under fuzzing', () => {
  it('pass valid 2026-07-28 requests untouched and place every issue of a mutated one on its route', () => {
    const samples = modernRequest.map(({ method, params }) => ({
      payload: params,
      check: (v: unknown) => validateRequestParams('modern', method, v),
    }));
    validAndMutated(samples, 'params', 300);
  });

  it('pass valid 2025-11-25 requests untouched and place every issue of a mutated one on its route', () => {
    const samples = legacyRequest.map(({ method, params }) => ({
      payload: params,
      check: (v: unknown) => validateRequestParams('legacy', method, v),
    }));
    validAndMutated(samples, 'params', 300);
  });

  it('pass valid results of both eras untouched and place every issue of a mutated one on its route', () => {
    const samples = fc
      .tuple(
        completeResult(contentBlock),
        fc.constantFrom('modern' as const, 'legacy' as const),
        fc.boolean(),
      )
      .map(([{ method, result }, era, stamped]) => ({
        // A modern client sees resultType; an older server's result lacks it, which also passes.
        payload: era === 'modern' && stamped ? { ...result, resultType: 'complete' } : result,
        check: (v: unknown) => validateResult(era, method, v),
      }));
    validAndMutated(samples, 'result', 300);
  });

  it('never throw, whatever the input, and report issues under their root', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_CHECKS), jsonValue, ([, check], value) => {
        const issue = check(value);
        if (issue === undefined) return;
        expect(issue.path).toMatch(/^(params|result)/);
        expect(issue.message.length).toBeGreaterThan(0);
      }),
      fuzzParams(1000),
    );
  });
});

/** A server with a tool, a prompt and a resource, so every generated method exists and is validated. */
function fuzzServer(): McpServer {
  const server = new McpServer({ name: 'fuzz', version: '1.0.0' }, { warn: () => {} });
  server.registerTool('echo', { inputSchema: { type: 'object' } }, (args) => ({
    content: [{ type: 'text', text: JSON.stringify(args) }],
  }));
  server.registerPrompt('greet', {}, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }],
  }));
  server.registerResource('readme', 'file:///README.md', {}, (uri) => ({
    contents: [{ uri: uri.href, text: 'read me' }],
  }));
  return server;
}

/**
 * What the server answered must fit the verdict on the params it got: -32600 when they are not
 * an object at all (the envelope is broken), -32602 naming the path when the validator finds an
 * issue, and never an internal error.
 */
function expectAnswerFits(response: JSONRPCResponse, params: unknown, issue: ValidationIssue | undefined) {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    expect(response).toMatchObject({ error: { code: ErrorCode.InvalidRequest } });
  } else if (issue !== undefined) {
    expect(response, `expected -32602 for ${issue.path}: ${issue.message}`).toMatchObject({
      error: { code: ErrorCode.InvalidParams },
    });
    expect((response as { error: { message: string } }).error.message).toContain(issue.path);
  } else if ('error' in response) {
    expect(response.error.code, response.error.message).not.toBe(ErrorCode.InternalError);
  }
}

/** A valid request of `requests` (but subscriptions/listen, whose stream stays open) with one spot mutated. */
function mutatedCalls(requests: fc.Arbitrary<MethodCall>, exclude?: (path: ValuePath) => boolean) {
  return requests
    .filter((call) => call.method !== 'subscriptions/listen')
    .chain((call) =>
      mutated(call.params, exclude).map(({ value }) => ({ method: call.method, params: value })),
    );
}

describe('a server answering fuzzed requests', () => {
  it('answers a mutated 2026-07-28 request over HTTP with -32602 naming the path, never an internal error', async () => {
    const server = fuzzServer();
    // The protocol version stays (the mutation never replaces it or what holds it), so the request
    // stays a 2026-07-28 one and the MCP-Protocol-Version header matches the body: without it the
    // request would be taken for a 2025 one, and a mismatch is -32020 before params are looked at.
    const keepsVersion = (path: ValuePath) =>
      path.length === 0 || (path[0] === '_meta' && (path.length === 1 || path[1] === META_PROTOCOL_VERSION));
    await fc.assert(
      fc.asyncProperty(mutatedCalls(modernRequest, keepsVersion), async ({ method, params }) => {
        const message = { jsonrpc: '2.0', id: 1, method, params };
        const reply = await server.fetch(
          new Request('http://localhost/mcp', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              ...requestHeadersFor(message, { protocolVersion: '2026-07-28' }),
            },
            body: JSON.stringify(message),
          }),
        );
        expect(reply.status).toBeLessThan(500);
        const text = await reply.text();
        const last = reply.headers.get('content-type')?.startsWith('text/event-stream')
          ? text
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .pop()!
              .slice(6)
          : text;
        expectAnswerFits(JSON.parse(last), params, validateRequestParams('modern', method, params));
      }),
      fuzzParams(150),
    );
  });

  describe('on a 2025-11-25 session over the stdio framing', () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const client = new StreamTransport(toClient, toServer);
    const waiting = new Map<RequestId, (response: JSONRPCResponse) => void>();
    let nextId = 0;

    /** Sends a request on the raw transport and resolves with its response. */
    function request(method: string, params: unknown): Promise<JSONRPCResponse> {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no answer to ${method} ${JSON.stringify(params)}`)),
          5000,
        );
        waiting.set(id, (response) => {
          clearTimeout(timer);
          resolve(response);
        });
        void client.send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage);
      });
    }

    beforeAll(async () => {
      await fuzzServer().connect(new StreamTransport(toServer, toClient));
      client.start({
        onMessage: (message) => {
          if ('id' in message && !('method' in message)) waiting.get(message.id!)?.(message);
        },
        onInvalid: () => {},
        onClose: () => {},
      });
      const opened = await request('initialize', {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'fuzz', version: '1.0.0' },
      });
      expect(opened).toHaveProperty('result.protocolVersion', '2025-11-25');
      await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    });
    afterAll(() => client.close());

    it('answers a mutated request with -32602 naming the path, never an internal error', async () => {
      await fc.assert(
        fc.asyncProperty(mutatedCalls(legacyRequest), async ({ method, params }) => {
          expectAnswerFits(
            await request(method, params),
            params,
            validateRequestParams('legacy', method, params),
          );
        }),
        fuzzParams(150),
      );
    });
  });
});
