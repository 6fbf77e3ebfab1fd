import { describe, expect, it } from 'vitest';
import { validateNotificationParams, validateRequestMeta, validateRequestParams } from './index.js';
import { MODERN_CLIENT_NOTIFICATIONS, MODERN_REQUEST_PARAMS } from './modern-requests.js';
import { expectIssue, expectValidUntouched, withExtras } from './test-helpers.js';

const PV = 'io.modelcontextprotocol/protocolVersion';
const CAPS = 'io.modelcontextprotocol/clientCapabilities';
const INFO = 'io.modelcontextprotocol/clientInfo';
const LEVEL = 'io.modelcontextprotocol/logLevel';

/** The smallest valid request `_meta`. */
const MIN_META = { [PV]: '2026-07-28', [CAPS]: {} };

/** A request `_meta` using every optional key (and capability sub-keys the schema does not list). */
const FULL_META = {
  [PV]: '2026-07-28',
  [CAPS]: {
    roots: { listChanged: true },
    sampling: { tools: {}, context: {} },
    elicitation: { form: {}, url: {} },
    experimental: { 'com.example/feature': { on: true } },
    extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html'] } },
    'x-future': { anything: 1 },
  },
  [INFO]: { name: 'client', version: '1.0.0', title: 'Client', icons: [{ src: 'https://x.example/i.png' }] },
  [LEVEL]: 'warning',
  progressToken: 'progress-1',
};

const SAMPLES: Record<string, Record<string, unknown>[]> = {
  'server/discover': [{}],
  'tools/list': [{}, { cursor: '' }, { cursor: 'page-2' }],
  'resources/list': [{}, { cursor: 'c' }],
  'resources/templates/list': [{}],
  'prompts/list': [{ cursor: 'c' }],
  'tools/call': [
    { name: 'test_simple_text' },
    { name: 'add', arguments: { a: 1, b: 2, nested: { deep: [null] } } },
    {
      name: 'book',
      arguments: {},
      inputResponses: {
        user_name: { action: 'accept', content: { name: 'octocat', age: 30, ok: true, tags: ['a', 'b'] } },
        declined: { action: 'decline' },
        capital_question: {
          role: 'assistant',
          content: { type: 'text', text: 'Paris' },
          model: 'model-x',
          stopReason: 'endTurn',
        },
        multi: {
          role: 'assistant',
          content: [
            { type: 'text', text: 'a' },
            { type: 'tool_use', id: 'u1', name: 'lookup', input: { q: 1 } },
          ],
          model: 'm',
        },
        client_roots: { roots: [{ uri: 'file:///home/user', name: 'home' }] },
      },
      requestState: 'opaque-state',
    },
    { name: 'state-only', requestState: '' },
  ],
  'resources/read': [
    { uri: 'test://static-text' },
    { uri: 'test://x', inputResponses: { k: { action: 'cancel' } }, requestState: 's' },
  ],
  'prompts/get': [
    { name: 'test_simple_prompt' },
    { name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } },
    { name: 'p', inputResponses: { user_context: { action: 'accept', content: { context: 'c' } } } },
  ],
  'completion/complete': [
    {
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'par' },
    },
    {
      ref: { type: 'ref/resource', uri: 'test://template/{id}/data' },
      argument: { name: 'id', value: '1' },
      context: { arguments: { other: 'x' } },
    },
  ],
  'subscriptions/listen': [
    { notifications: {} },
    {
      notifications: {
        toolsListChanged: true,
        promptsListChanged: false,
        resourcesListChanged: true,
        resourceSubscriptions: ['test://watched-resource'],
      },
    },
  ],
};

describe('modern request params: valid samples pass untouched', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...MODERN_REQUEST_PARAMS.keys()].sort());
  });

  for (const [method, samples] of Object.entries(SAMPLES)) {
    it(method, () => {
      for (const sample of samples) {
        for (const meta of [MIN_META, FULL_META]) {
          const params = { ...sample, _meta: meta };
          expectValidUntouched(params, (p) => validateRequestParams('modern', method, p));
          expectValidUntouched(withExtras(params), (p) => validateRequestParams('modern', method, p));
        }
      }
    });
  }
});

describe('validateRequestMeta', () => {
  it('accepts the minimal and full _meta, and a missing clientInfo', () => {
    expect(validateRequestMeta({ _meta: MIN_META })).toBeUndefined();
    expect(validateRequestMeta({ _meta: FULL_META })).toBeUndefined();
    expect(validateRequestMeta({ _meta: { ...MIN_META, progressToken: 7 } })).toBeUndefined();
  });

  it('reports missing params, _meta, protocolVersion and clientCapabilities distinctly', () => {
    expectIssue(validateRequestMeta(undefined), 'params', 'missing params');
    expectIssue(validateRequestMeta({}), 'params._meta', 'missing required field');
    expectIssue(
      validateRequestMeta({ _meta: { [CAPS]: {} } }),
      'params._meta["io.modelcontextprotocol/protocolVersion"]',
      'missing required field; expected a string',
    );
    expectIssue(
      validateRequestMeta({ _meta: { [PV]: '2026-07-28' } }),
      'params._meta["io.modelcontextprotocol/clientCapabilities"]',
      'missing required field; expected an object',
    );
  });

  it('checks the types of the reserved keys', () => {
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, [PV]: 20260728 } }),
      'params._meta["io.modelcontextprotocol/protocolVersion"]',
      'expected a string, got number',
    );
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, [CAPS]: [] } }),
      'params._meta["io.modelcontextprotocol/clientCapabilities"]',
      'expected an object, got array',
    );
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, [CAPS]: { sampling: true } } }),
      'params._meta["io.modelcontextprotocol/clientCapabilities"].sampling',
      'expected an object, got boolean',
    );
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, [CAPS]: { elicitation: { url: 'yes' } } } }),
      'params._meta["io.modelcontextprotocol/clientCapabilities"].elicitation.url',
      'expected an object, got string',
    );
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, [INFO]: { name: 'c' } } }),
      'params._meta["io.modelcontextprotocol/clientInfo"].version',
      'missing required field',
    );
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, [LEVEL]: 'verbose' } }),
      'params._meta["io.modelcontextprotocol/logLevel"]',
      'got "verbose"',
    );
    expectIssue(
      validateRequestMeta({ _meta: { ...MIN_META, progressToken: { t: 1 } } }),
      'params._meta.progressToken',
      'expected a string or a number, got object',
    );
  });

  it('rejects params and _meta that are not objects', () => {
    expectIssue(validateRequestMeta([]), 'params', 'got array');
    expectIssue(validateRequestMeta({ _meta: 'x' }), 'params._meta', 'got string');
  });
});

describe('modern request params: invalid samples', () => {
  const call = (method: string, params: Record<string, unknown>) =>
    validateRequestParams('modern', method, { _meta: MIN_META, ...params });

  it('includes the _meta check', () => {
    expectIssue(validateRequestParams('modern', 'tools/list', {}), 'params._meta', 'missing required field');
    expectIssue(validateRequestParams('modern', 'server/discover', undefined), 'params', 'missing params');
  });

  it('tools/call', () => {
    expectIssue(call('tools/call', {}), 'params.name', 'missing required field; expected a string');
    expectIssue(call('tools/call', { name: 1 }), 'params.name', 'expected a string, got number');
    expectIssue(
      call('tools/call', { name: 'x', arguments: [1] }),
      'params.arguments',
      'expected an object, got array',
    );
    expectIssue(call('tools/call', { name: 'x', inputResponses: 5 }), 'params.inputResponses', 'got number');
    expectIssue(
      call('tools/call', { name: 'x', inputResponses: { k: null } }),
      'params.inputResponses.k',
      'got null',
    );
    expectIssue(
      call('tools/call', { name: 'x', inputResponses: { k: { method: 'elicitation/create', result: {} } } }),
      'params.inputResponses.k',
      'none of those fields',
    );
    expectIssue(
      call('tools/call', { name: 'x', inputResponses: { k: { action: 'ok' } } }),
      'params.inputResponses.k.action',
      'expected one of "accept", "decline", "cancel", got "ok"',
    );
    expectIssue(
      call('tools/call', {
        name: 'x',
        inputResponses: { k: { action: 'accept', content: { n: { a: 1 } } } },
      }),
      'params.inputResponses.k.content.n',
      'got object',
    );
    expectIssue(
      call('tools/call', {
        name: 'x',
        inputResponses: { k: { role: 'assistant', content: { type: 'text', text: 'a' } } },
      }),
      'params.inputResponses.k.model',
      'missing required field',
    );
    expectIssue(
      call('tools/call', { name: 'x', inputResponses: { k: { roots: [{ name: 'n' }] } } }),
      'params.inputResponses.k.roots[0].uri',
      'missing required field',
    );
    expectIssue(
      call('tools/call', { name: 'x', requestState: 5 }),
      'params.requestState',
      'expected a string',
    );
  });

  it('resources/read, prompts/get, completion/complete, subscriptions/listen, lists', () => {
    expectIssue(call('resources/read', {}), 'params.uri', 'missing required field');
    expectIssue(
      call('prompts/get', { name: 'p', arguments: { n: 1 } }),
      'params.arguments.n',
      'expected a string',
    );
    expectIssue(
      call('completion/complete', {
        ref: { type: 'ref/tool', name: 'x' },
        argument: { name: 'a', value: 'b' },
      }),
      'params.ref.type',
      'expected one of "ref/prompt", "ref/resource", got "ref/tool"',
    );
    expectIssue(
      call('completion/complete', { ref: { type: 'ref/prompt', name: 'p' }, argument: { name: 'a' } }),
      'params.argument.value',
      'missing required field',
    );
    expectIssue(
      call('completion/complete', { ref: { type: 'ref/resource' }, argument: { name: 'a', value: 'b' } }),
      'params.ref.uri',
      'missing required field',
    );
    expectIssue(call('subscriptions/listen', {}), 'params.notifications', 'missing required field');
    expectIssue(
      call('subscriptions/listen', { notifications: { resourceSubscriptions: ['a', 1] } }),
      'params.notifications.resourceSubscriptions[1]',
      'expected a string',
    );
    expectIssue(
      call('subscriptions/listen', { notifications: { toolsListChanged: 'yes' } }),
      'params.notifications.toolsListChanged',
      'expected a boolean',
    );
    expectIssue(call('tools/list', { cursor: 2 }), 'params.cursor', 'expected a string, got number');
  });

  it('leaves unknown and legacy-only methods to the caller', () => {
    expect(validateRequestParams('modern', 'no/such/method', 42)).toBeUndefined();
    expect(validateRequestParams('modern', 'initialize', {})).toBeUndefined();
    expect(validateRequestParams('modern', 'ping', undefined)).toBeUndefined();
    expect(validateRequestParams('modern', 'logging/setLevel', {})).toBeUndefined();
  });
});

describe('modern client notifications', () => {
  it('has samples for every method in the table', () => {
    expect([...MODERN_CLIENT_NOTIFICATIONS.keys()]).toEqual(['notifications/cancelled']);
  });

  it('notifications/cancelled', () => {
    for (const params of [{ requestId: 3 }, { requestId: 'abc', reason: 'user closed the dialog' }]) {
      expectValidUntouched(withExtras(params), (p) =>
        validateNotificationParams('modern', 'toServer', 'notifications/cancelled', p),
      );
    }
    const check = (p: unknown) =>
      validateNotificationParams('modern', 'toServer', 'notifications/cancelled', p);
    expectIssue(check({}), 'params.requestId', 'missing required field');
    expectIssue(check({ requestId: 1.5 }), 'params.requestId', 'expected a string or an integer, got number');
    expectIssue(check({ requestId: 1, reason: 2 }), 'params.reason', 'expected a string');
    expectIssue(check(undefined), 'params', 'missing params');
  });

  it('ignores notifications the era does not define', () => {
    expect(validateNotificationParams('modern', 'toServer', 'notifications/initialized', 5)).toBeUndefined();
    expect(
      validateNotificationParams('modern', 'toServer', 'notifications/roots/list_changed', 5),
    ).toBeUndefined();
  });
});
