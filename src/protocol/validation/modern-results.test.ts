import { describe, expect, it } from 'vitest';
import { validateNotificationParams, validateResult } from './index.js';
import { MODERN_RESULTS, MODERN_SERVER_NOTIFICATIONS } from './modern-results.js';
import { expectIssue, expectValidUntouched, withExtras } from './test-helpers.js';

const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
const SUB_ID = 'io.modelcontextprotocol/subscriptionId';
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const cache = { ttlMs: 60_000, cacheScope: 'public' } as const;
const complete = {
  resultType: 'complete',
  _meta: { [SERVER_INFO]: { name: 'srv', version: '1.2.3' } },
} as const;

const ALL_BLOCKS = [
  {
    type: 'text',
    text: 'hello',
    annotations: { audience: ['user'], priority: 0.5, lastModified: '2025-01-12T15:00:58Z' },
  },
  { type: 'image', data: PNG, mimeType: 'image/png', _meta: { k: 1 } },
  { type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav' },
  {
    type: 'resource_link',
    uri: 'test://x',
    name: 'x',
    mimeType: 'text/plain',
    size: 12,
    icons: [{ src: 'data:,' }],
  },
  { type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'body' } },
  { type: 'resource', resource: { uri: 'test://blob', blob: PNG } },
];

const INPUT_REQUIRED = {
  resultType: 'input_required',
  inputRequests: {
    github_login: {
      method: 'elicitation/create',
      params: {
        mode: 'form',
        message: 'Please provide your GitHub username',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      },
    },
    no_mode: {
      method: 'elicitation/create',
      params: {
        message: 'ok?',
        requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
      },
    },
    sign_in: {
      method: 'elicitation/create',
      params: { mode: 'url', message: 'Sign in', url: 'https://x.example/a' },
    },
    capital_of_france: {
      method: 'sampling/createMessage',
      params: {
        messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
        modelPreferences: { hints: [{ name: 'claude' }], intelligencePriority: 0.8, speedPriority: 0.5 },
        systemPrompt: 'You are a helpful assistant.',
        maxTokens: 100,
      },
    },
    client_roots: { method: 'roots/list', params: {} },
    roots_no_params: { method: 'roots/list' },
  },
  requestState: 'AEAD-protected blob',
};

const SAMPLES: Record<string, Record<string, unknown>[]> = {
  'server/discover': [
    {
      ...complete,
      ...cache,
      supportedVersions: ['2026-07-28'],
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
        extensions: { 'io.modelcontextprotocol/tasks': {} },
        experimental: { 'com.example/x': {} },
      },
      instructions: 'Use the tools wisely.',
    },
    // A server that omits the caching hints (clients treat that as ttlMs 0).
    { resultType: 'complete', supportedVersions: [], capabilities: {} },
  ],
  'tools/list': [
    {
      ...complete,
      ...cache,
      tools: [
        { name: 'minimal', inputSchema: { type: 'object' } },
        {
          name: 'json_schema_2020_12_tool',
          title: 'Schema tool',
          description: 'Keeps every keyword',
          inputSchema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            $defs: { address: { $anchor: 'addressDef', type: 'object' } },
            properties: { address: { $ref: '#/$defs/address' }, flag: true },
            allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
            additionalProperties: false,
          },
          outputSchema: { type: 'array', items: { type: 'number' } },
          annotations: { title: 'T', readOnlyHint: true, destructiveHint: false, openWorldHint: false },
          icons: [
            { src: 'https://x.example/i.svg', mimeType: 'image/svg+xml', sizes: ['any'], theme: 'dark' },
          ],
          execution: { taskSupport: 'optional' },
          _meta: { 'com.example/k': 1 },
        },
      ],
      nextCursor: '',
    },
  ],
  'tools/call': [
    { ...complete, content: ALL_BLOCKS, isError: false },
    { ...complete, content: [], structuredContent: null },
    { ...complete, content: [{ type: 'text', text: '[1,2]' }], structuredContent: [1, 2] },
    INPUT_REQUIRED,
    { resultType: 'input_required', requestState: 'only-state' },
    // From a server of an earlier revision: no resultType means complete.
    { content: [{ type: 'text', text: 'legacy' }] },
    // An extension's result type passes untouched.
    { resultType: 'task', task: { taskId: 't1' } },
  ],
  'resources/list': [
    {
      ...complete,
      ...cache,
      resources: [
        { uri: 'test://static-text', name: 'static', description: 'd', mimeType: 'text/plain' },
        { uri: 'test://b', name: 'b', title: 'B', size: 3, annotations: { priority: 1 }, icons: [] },
      ],
      nextCursor: 'next',
    },
  ],
  'resources/templates/list': [
    {
      ...complete,
      ...cache,
      resourceTemplates: [
        { uriTemplate: 'test://template/{id}/data', name: 't', mimeType: 'application/json' },
      ],
    },
  ],
  'resources/read': [
    {
      ...complete,
      ttlMs: 0,
      cacheScope: 'private',
      contents: [
        { uri: 'test://static-text', mimeType: 'text/plain', text: 'hello' },
        { uri: 'test://static-binary', mimeType: 'image/png', blob: PNG, _meta: { a: 1 } },
      ],
    },
    { ...INPUT_REQUIRED },
  ],
  'prompts/list': [
    {
      ...complete,
      ...cache,
      prompts: [
        { name: 'test_simple_prompt' },
        {
          name: 'test_prompt_with_arguments',
          title: 'With args',
          description: 'd',
          arguments: [
            { name: 'arg1', required: true, description: 'first', title: 'Arg 1' },
            { name: 'arg2' },
          ],
          icons: [{ src: 'https://x.example/p.png' }],
        },
      ],
    },
  ],
  'prompts/get': [
    {
      ...complete,
      description: 'd',
      messages: [
        { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
        { role: 'assistant', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
        {
          role: 'user',
          content: { type: 'resource', resource: { uri: 'test://r', text: 't', mimeType: 'text/plain' } },
        },
      ],
    },
    { resultType: 'input_required', inputRequests: INPUT_REQUIRED.inputRequests },
  ],
  'completion/complete': [
    { ...complete, completion: { values: [] } },
    { ...complete, completion: { values: ['paris', 'parma'], total: 2, hasMore: false } },
    { ...complete, completion: { values: Array.from({ length: 100 }, (_, i) => `v${i}`), hasMore: true } },
  ],
  'subscriptions/listen': [
    { resultType: 'complete', _meta: { [SUB_ID]: 5 } },
    { resultType: 'complete', _meta: { [SUB_ID]: 'listen-1', [SERVER_INFO]: { name: 's', version: '1' } } },
  ],
};

describe('modern results: valid samples pass untouched', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...MODERN_RESULTS.keys()].sort());
  });

  for (const [method, samples] of Object.entries(SAMPLES)) {
    it(method, () => {
      for (const sample of samples) {
        expectValidUntouched(sample, (r) => validateResult('modern', method, r));
        expectValidUntouched(withExtras(sample), (r) => validateResult('modern', method, r));
      }
    });
  }

  it('tolerates a negative or absent ttlMs (clients treat it as 0)', () => {
    expect(
      validateResult('modern', 'tools/list', { resultType: 'complete', tools: [], ttlMs: -5 }),
    ).toBeUndefined();
    expect(validateResult('modern', 'tools/list', { resultType: 'complete', tools: [] })).toBeUndefined();
  });
});

describe('modern results: invalid samples', () => {
  const r = (method: string, result: unknown) => validateResult('modern', method, result);

  it('content blocks', () => {
    expectIssue(r('tools/call', { resultType: 'complete' }), 'result.content', 'missing required field');
    expectIssue(
      r('tools/call', { resultType: 'complete', content: [{ type: 'text', text: 'a' }, { type: 'video' }] }),
      'result.content[1].type',
      'expected one of "text", "image", "audio", "resource_link", "resource", got "video"',
    );
    expectIssue(
      r('tools/call', { content: [{ type: 'image', data: PNG }] }),
      'result.content[0].mimeType',
      'missing required field; expected a string',
    );
    expectIssue(
      r('tools/call', { content: [{ type: 'text', text: 'a', annotations: { priority: 2 } }] }),
      'result.content[0].annotations.priority',
      'expected a number between 0 and 1, got 2',
    );
    expectIssue(
      r('tools/call', { content: [{ type: 'text', text: 'a', annotations: { audience: ['robot'] } }] }),
      'result.content[0].annotations.audience[0]',
      'got "robot"',
    );
    expectIssue(
      r('tools/call', { content: [{ type: 'resource', resource: { uri: 'x' } }] }),
      'result.content[0].resource',
      'either text or blob',
    );
    expectIssue(r('tools/call', { content: [], isError: 'no' }), 'result.isError', 'expected a boolean');
    expectIssue(r('tools/call', []), 'result', 'got array');
  });

  it('resultType', () => {
    expectIssue(
      r('tools/call', { resultType: 5, content: [] }),
      'result.resultType',
      'expected a string, got 5',
    );
    expectIssue(
      r('tools/list', { resultType: 'input_required', requestState: 's' }),
      'result.resultType',
      '"input_required" is not allowed in a tools/list result',
    );
    expectIssue(
      r('completion/complete', { resultType: 'input_required', requestState: 's' }),
      'result.resultType',
      'not allowed',
    );
  });

  it('input_required results', () => {
    expectIssue(
      r('tools/call', { resultType: 'input_required' }),
      'result',
      'must carry inputRequests, requestState or both',
    );
    expectIssue(
      r('tools/call', {
        resultType: 'input_required',
        inputRequests: { x: { method: 'tools/call', params: {} } },
      }),
      'result.inputRequests.x.method',
      'got "tools/call"',
    );
    expectIssue(
      r('tools/call', {
        resultType: 'input_required',
        inputRequests: { x: { method: 'elicitation/create', params: { mode: 'url', message: 'm' } } },
      }),
      'result.inputRequests.x.params.url',
      'missing required field',
    );
    expectIssue(
      r('prompts/get', {
        resultType: 'input_required',
        inputRequests: {
          x: {
            method: 'elicitation/create',
            params: {
              message: 'm',
              requestedSchema: { type: 'object', properties: { a: { type: 'object' } } },
            },
          },
        },
      }),
      'result.inputRequests.x.params.requestedSchema.properties.a.type',
      'got "object"',
    );
    expectIssue(
      r('resources/read', {
        resultType: 'input_required',
        inputRequests: { s: { method: 'sampling/createMessage', params: { messages: [], maxTokens: 1.5 } } },
      }),
      'result.inputRequests.s.params.maxTokens',
      'expected an integer, got 1.5',
    );
    expectIssue(
      r('tools/call', { resultType: 'input_required', requestState: 42 }),
      'result.requestState',
      'expected a string',
    );
  });

  it('caching hints', () => {
    expectIssue(
      r('tools/list', { resultType: 'complete', tools: [], ttlMs: '5' }),
      'result.ttlMs',
      'got string',
    );
    expectIssue(
      r('tools/list', { resultType: 'complete', tools: [], cacheScope: 'shared' }),
      'result.cacheScope',
      'expected one of "public", "private", got "shared"',
    );
  });

  it('method-specific shapes', () => {
    expectIssue(
      r('tools/list', { tools: [{ name: 't', inputSchema: { type: 'array' } }] }),
      'result.tools[0].inputSchema.type',
      'expected "object", got "array"',
    );
    expectIssue(
      r('tools/list', { tools: [{ name: 't' }] }),
      'result.tools[0].inputSchema',
      'missing required field',
    );
    expectIssue(
      r('tools/list', {
        tools: [{ name: 't', inputSchema: { type: 'object' }, annotations: { readOnlyHint: 1 } }],
      }),
      'result.tools[0].annotations.readOnlyHint',
      'expected a boolean',
    );
    expectIssue(
      r('server/discover', { capabilities: {} }),
      'result.supportedVersions',
      'missing required field',
    );
    expectIssue(
      r('server/discover', {
        supportedVersions: ['2026-07-28'],
        capabilities: { tools: { listChanged: 'yes' } },
      }),
      'result.capabilities.tools.listChanged',
      'expected a boolean',
    );
    expectIssue(
      r('completion/complete', { completion: { values: Array.from({ length: 101 }, () => 'v') } }),
      'result.completion.values',
      'expected at most 100 items, got 101',
    );
    expectIssue(
      r('completion/complete', { completion: { values: [], total: 1.5 } }),
      'result.completion.total',
      'expected an integer',
    );
    expectIssue(
      r('subscriptions/listen', { resultType: 'complete', _meta: {} }),
      'result._meta["io.modelcontextprotocol/subscriptionId"]',
      'missing required field',
    );
    expectIssue(
      r('subscriptions/listen', { resultType: 'complete' }),
      'result._meta',
      'missing required field',
    );
    expectIssue(
      r('prompts/list', { prompts: [{ name: 'p' }], _meta: { [SERVER_INFO]: { name: 's' } } }),
      'result._meta["io.modelcontextprotocol/serverInfo"].version',
      'missing required field',
    );
    expectIssue(
      r('prompts/get', { messages: [{ role: 'system', content: { type: 'text', text: 'a' } }] }),
      'result.messages[0].role',
      'got "system"',
    );
    expectIssue(
      r('resources/templates/list', { resourceTemplates: [{ name: 't' }] }),
      'result.resourceTemplates[0].uriTemplate',
      'missing required field',
    );
    expectIssue(
      r('resources/read', { contents: [{ uri: 'u', blob: 5 }] }),
      'result.contents[0].blob',
      'got number',
    );
    expectIssue(validateResult('modern', 'tools/call', undefined), 'result', 'missing result');
  });

  it('leaves unknown and legacy-only methods to the caller', () => {
    expect(validateResult('modern', 'initialize', 5)).toBeUndefined();
    expect(validateResult('modern', 'ping', 5)).toBeUndefined();
  });
});

const NOTIFICATIONS: Record<string, (Record<string, unknown> | undefined)[]> = {
  'notifications/cancelled': [{ requestId: 'listen-1', reason: 'server shutting down' }],
  'notifications/progress': [
    { progressToken: 'p', progress: 50, total: 100, message: 'half way' },
    { progressToken: 3, progress: 0.25 },
  ],
  'notifications/message': [
    { level: 'info', data: 'Tool execution started' },
    { level: 'error', logger: 'db', data: { code: 1 } },
    { level: 'debug', data: null },
  ],
  'notifications/resources/updated': [{ uri: 'test://watched-resource', _meta: { [SUB_ID]: 1 } }],
  'notifications/resources/list_changed': [undefined, {}, { _meta: { [SUB_ID]: 'listen-1' } }],
  'notifications/tools/list_changed': [undefined, { _meta: { [SUB_ID]: 2 } }],
  'notifications/prompts/list_changed': [undefined, {}],
  'notifications/subscriptions/acknowledged': [
    { notifications: { toolsListChanged: true }, _meta: { [SUB_ID]: 'listen-1' } },
    { notifications: {} },
  ],
};

describe('modern server notifications', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(NOTIFICATIONS).sort()).toEqual([...MODERN_SERVER_NOTIFICATIONS.keys()].sort());
  });

  for (const [method, samples] of Object.entries(NOTIFICATIONS)) {
    it(method, () => {
      for (const sample of samples) {
        const check = (p: unknown) => validateNotificationParams('modern', 'toClient', method, p);
        expectValidUntouched(sample, check);
        if (sample !== undefined) expectValidUntouched(withExtras(sample), check);
      }
    });
  }

  it('invalid samples', () => {
    const n = (method: string, params: unknown) =>
      validateNotificationParams('modern', 'toClient', method, params);
    expectIssue(
      n('notifications/progress', { progressToken: 't' }),
      'params.progress',
      'missing required field',
    );
    expectIssue(
      n('notifications/progress', { progressToken: null, progress: 1 }),
      'params.progressToken',
      'got null',
    );
    expectIssue(n('notifications/progress', undefined), 'params', 'missing params');
    expectIssue(n('notifications/message', { level: 'info' }), 'params.data', 'missing required field');
    expectIssue(n('notifications/message', { level: 'loud', data: 1 }), 'params.level', 'got "loud"');
    expectIssue(
      n('notifications/subscriptions/acknowledged', {}),
      'params.notifications',
      'missing required field',
    );
    expectIssue(
      n('notifications/tools/list_changed', { _meta: { [SUB_ID]: true } }),
      'params._meta["io.modelcontextprotocol/subscriptionId"]',
      'expected a string or an integer, got boolean',
    );
    expectIssue(n('notifications/resources/updated', {}), 'params.uri', 'missing required field');
    expectIssue(n('notifications/cancelled', {}), 'params.requestId', 'missing required field');
    expect(n('notifications/elicitation/complete', {})).toBeUndefined();
  });
});
