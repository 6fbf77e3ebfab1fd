import { describe, expect, it } from 'vitest';
import { validateNotificationParams, validateRequestParams, validateServerRequestParams } from './index.js';
import {
  LEGACY_CLIENT_NOTIFICATIONS,
  LEGACY_REQUEST_PARAMS,
  LEGACY_SERVER_REQUEST_PARAMS,
} from './legacy-requests.js';
import { expectIssue, expectValidUntouched, withExtras } from './test-helpers.js';

type Samples = Record<string, (Record<string, unknown> | undefined)[]>;

function expectAllValid(samples: Samples, validate: (method: string, params: unknown) => unknown) {
  for (const [method, list] of Object.entries(samples)) {
    it(method, () => {
      for (const sample of list) {
        const check = (p: unknown) => validate(method, p) as ReturnType<typeof validateRequestParams>;
        expectValidUntouched(sample, check);
        if (sample !== undefined) expectValidUntouched(withExtras(sample), check);
      }
    });
  }
}

const REQUESTS: Samples = {
  initialize: [
    // 2024-11-05: the bare minimum.
    { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'c', version: '0.1' } },
    // 2025-11-25: everything a client may declare.
    {
      protocolVersion: '2025-11-25',
      capabilities: {
        roots: { listChanged: true },
        sampling: { context: {}, tools: {} },
        elicitation: { form: {}, url: {} },
        tasks: {
          list: {},
          cancel: {},
          requests: { sampling: { createMessage: {} }, elicitation: { create: {} } },
        },
        experimental: { 'com.example/x': { a: 1 } },
        'x-unknown-capability': { any: true },
      },
      clientInfo: {
        name: 'c',
        version: '2.0',
        title: 'Client',
        description: 'A client',
        websiteUrl: 'https://x.example',
        icons: [{ src: 'https://x.example/i.png', sizes: ['48x48'] }],
      },
      _meta: { progressToken: 'p' },
    },
  ],
  ping: [undefined, {}, { _meta: { progressToken: 1 } }],
  'logging/setLevel': [{ level: 'debug' }, { level: 'emergency' }],
  'resources/subscribe': [{ uri: 'test://watched-resource' }],
  'resources/unsubscribe': [{ uri: 'test://watched-resource' }],
  'tools/list': [undefined, {}, { cursor: 'c' }],
  'resources/list': [undefined, { cursor: '' }],
  'resources/templates/list': [undefined],
  'prompts/list': [undefined, {}],
  'tools/call': [
    { name: 'test_simple_text' },
    { name: 'add_numbers', arguments: { a: 1, b: 2 }, _meta: { progressToken: 'tok' } },
    { name: 'slow', arguments: {}, task: { ttl: 60000 } },
  ],
  'resources/read': [{ uri: 'test://static-text' }],
  'prompts/get': [{ name: 'p' }, { name: 'p', arguments: { arg1: 'a' } }],
  'completion/complete': [
    { ref: { type: 'ref/prompt', name: 'p' }, argument: { name: 'arg1', value: 'par' } },
    { ref: { type: 'ref/resource', uri: 'test://t/{id}' }, argument: { name: 'id', value: '' }, context: {} },
  ],
  'tasks/get': [{ taskId: 't1' }],
  'tasks/result': [{ taskId: 't1' }],
  'tasks/cancel': [{ taskId: 't1' }],
  'tasks/list': [undefined, { cursor: 'c' }],
};

describe('legacy request params (client→server): valid samples pass untouched', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(REQUESTS).sort()).toEqual([...LEGACY_REQUEST_PARAMS.keys()].sort());
  });
  expectAllValid(REQUESTS, (method, params) => validateRequestParams('legacy', method, params));
});

describe('legacy request params: invalid samples', () => {
  const q = (method: string, params: unknown) => validateRequestParams('legacy', method, params);

  it('initialize', () => {
    expectIssue(q('initialize', undefined), 'params', 'missing params; initialize requires an object with');
    expectIssue(
      q('initialize', { protocolVersion: '2025-11-25', capabilities: {} }),
      'params.clientInfo',
      'missing required field',
    );
    expectIssue(
      q('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c' } }),
      'params.clientInfo.version',
      'missing required field; expected a string',
    );
    expectIssue(
      q('initialize', {
        protocolVersion: '2025-11-25',
        capabilities: { roots: { listChanged: 'yes' } },
        clientInfo: { name: 'c', version: '1' },
      }),
      'params.capabilities.roots.listChanged',
      'expected a boolean, got string',
    );
    expectIssue(
      q('initialize', {
        protocolVersion: 20241105,
        capabilities: {},
        clientInfo: { name: 'c', version: '1' },
      }),
      'params.protocolVersion',
      'expected a string, got number',
    );
  });

  it('other methods', () => {
    expectIssue(q('logging/setLevel', { level: 'verbose' }), 'params.level', 'got "verbose"');
    expectIssue(q('logging/setLevel', undefined), 'params', 'missing params');
    expectIssue(q('resources/subscribe', {}), 'params.uri', 'missing required field');
    expectIssue(
      q('tools/call', undefined),
      'params',
      'missing params; tools/call requires an object with name',
    );
    expectIssue(
      q('tools/call', { name: 'x', task: { ttl: 'long' } }),
      'params.task.ttl',
      'expected an integer',
    );
    expectIssue(
      q('tools/call', { name: 'x', _meta: { progressToken: true } }),
      'params._meta.progressToken',
      'expected a string or a number, got boolean',
    );
    expectIssue(q('tools/list', { cursor: 5 }), 'params.cursor', 'expected a string');
    expectIssue(q('tools/list', null), 'params', 'got null');
    expectIssue(q('prompts/get', { name: 'p', arguments: { a: ['x'] } }), 'params.arguments.a', 'got array');
    expectIssue(q('tasks/get', {}), 'params.taskId', 'missing required field');
  });

  it('leaves unknown and modern-only methods to the caller', () => {
    expect(q('server/discover', 5)).toBeUndefined();
    expect(q('subscriptions/listen', 5)).toBeUndefined();
    expect(q('no/such', 5)).toBeUndefined();
  });
});

const SERVER_REQUESTS: Samples = {
  ping: [undefined, {}],
  'sampling/createMessage': [
    // 2024-11-05 shape: single content block.
    {
      messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
      maxTokens: 100,
    },
    // 2025-11-25 shape: tools, tool loop, arrays of blocks, task.
    {
      messages: [
        { role: 'user', content: { type: 'text', text: 'Weather?' } },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'u1', name: 'weather', input: { city: 'Paris' } }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolUseId: 'u1',
              content: [{ type: 'text', text: '18C' }],
              structuredContent: { celsius: 18 },
              isError: false,
            },
          ],
        },
        {
          role: 'user',
          content: { type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav' },
          _meta: { a: 1 },
        },
      ],
      modelPreferences: { hints: [{ name: 'claude' }, {}], costPriority: 0, speedPriority: 1 },
      systemPrompt: 'Be brief.',
      includeContext: 'thisServer',
      temperature: 0.7,
      maxTokens: 500,
      stopSequences: ['\n\n'],
      metadata: { any: 'thing' },
      tools: [{ name: 'weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { mode: 'auto' },
      task: { ttl: 1000 },
      _meta: { progressToken: 'p' },
    },
  ],
  'elicitation/create': [
    // 2025-06-18 shape: no mode.
    {
      message: 'Your name?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
    // 2025-11-25 form with every property kind (SEP-1034 defaults, SEP-1330 enums).
    {
      mode: 'form',
      message: 'Details',
      requestedSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          name: { type: 'string', title: 'Name', minLength: 1, maxLength: 50, default: 'John Doe' },
          email: { type: 'string', format: 'email' },
          age: { type: 'integer', minimum: 0, maximum: 150, default: 30 },
          score: { type: 'number', default: 95.5 },
          verified: { type: 'boolean', default: true },
          status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
          titled: {
            type: 'string',
            oneOf: [
              { const: 'a', title: 'A' },
              { const: 'b', title: 'B' },
            ],
          },
          legacyEnum: { type: 'string', enum: ['x', 'y'], enumNames: ['X', 'Y'] },
          untitledMulti: {
            type: 'array',
            items: { type: 'string', enum: ['r', 'g'] },
            minItems: 1,
            maxItems: 3,
          },
          titledMulti: { type: 'array', items: { anyOf: [{ const: 'r', title: 'Red' }] }, default: ['r'] },
        },
        required: ['name'],
      },
    },
    // 2025-11-25 URL mode.
    { mode: 'url', message: 'Sign in', url: 'https://auth.example/start', elicitationId: 'e-1' },
  ],
  'roots/list': [undefined, {}, { _meta: { progressToken: 2 } }],
  'tasks/get': [{ taskId: 't' }],
  'tasks/result': [{ taskId: 't' }],
  'tasks/cancel': [{ taskId: 't' }],
  'tasks/list': [undefined, {}],
};

describe('legacy server→client request params: valid samples pass untouched', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(SERVER_REQUESTS).sort()).toEqual([...LEGACY_SERVER_REQUEST_PARAMS.keys()].sort());
  });
  expectAllValid(SERVER_REQUESTS, validateServerRequestParams);
});

describe('legacy server→client request params: invalid samples', () => {
  const s = validateServerRequestParams;
  const text = { type: 'text', text: 'hi' };

  it('sampling/createMessage', () => {
    expectIssue(s('sampling/createMessage', { messages: [] }), 'params.maxTokens', 'missing required field');
    expectIssue(
      s('sampling/createMessage', { messages: [], maxTokens: 1.5 }),
      'params.maxTokens',
      'expected an integer, got 1.5',
    );
    expectIssue(
      s('sampling/createMessage', {
        messages: [{ role: 'user', content: [text, { type: 'resource_link', uri: 'u', name: 'n' }] }],
        maxTokens: 1,
      }),
      'params.messages[0].content[1].type',
      'got "resource_link"',
    );
    expectIssue(
      s('sampling/createMessage', {
        messages: [
          {
            role: 'user',
            content: { type: 'tool_result', toolUseId: 'u', content: [], structuredContent: [1] },
          },
        ],
        maxTokens: 1,
      }),
      'params.messages[0].content.structuredContent',
      'expected an object, got array',
    );
    expectIssue(
      s('sampling/createMessage', { messages: [], maxTokens: 1, modelPreferences: { costPriority: 2 } }),
      'params.modelPreferences.costPriority',
      'between 0 and 1',
    );
    expectIssue(
      s('sampling/createMessage', { messages: [], maxTokens: 1, includeContext: 'everything' }),
      'params.includeContext',
      'got "everything"',
    );
    expectIssue(
      s('sampling/createMessage', { messages: [], maxTokens: 1, toolChoice: { mode: 'always' } }),
      'params.toolChoice.mode',
      'got "always"',
    );
    expectIssue(
      s('sampling/createMessage', { messages: [], maxTokens: 1, tools: [{ name: 't', inputSchema: {} }] }),
      'params.tools[0].inputSchema.type',
      'missing required field',
    );
  });

  it('elicitation/create', () => {
    const form = (properties: Record<string, unknown>) => ({
      message: 'm',
      requestedSchema: { type: 'object', properties },
    });
    expectIssue(
      s('elicitation/create', { message: 'm' }),
      'params.requestedSchema',
      'missing required field',
    );
    expectIssue(
      s('elicitation/create', { message: 'm', requestedSchema: { type: 'array', properties: {} } }),
      'params.requestedSchema.type',
      'expected "object", got "array"',
    );
    expectIssue(
      s('elicitation/create', form({ a: { type: 'object' } })),
      'params.requestedSchema.properties.a.type',
      'got "object"',
    );
    expectIssue(
      s('elicitation/create', form({ a: { type: 'string', format: 'uuid' } })),
      'params.requestedSchema.properties.a.format',
      'got "uuid"',
    );
    expectIssue(
      s('elicitation/create', form({ a: { type: 'string', oneOf: [{ const: 'x' }] } })),
      'params.requestedSchema.properties.a.oneOf[0].title',
      'missing required field',
    );
    expectIssue(
      s('elicitation/create', form({ a: { type: 'array', items: { type: 'string' } } })),
      'params.requestedSchema.properties.a.items.enum',
      'missing required field',
    );
    expectIssue(
      s('elicitation/create', form({ a: { type: 'boolean', default: 'yes' } })),
      'params.requestedSchema.properties.a.default',
      'expected a boolean',
    );
    expectIssue(
      s('elicitation/create', { mode: 'url', message: 'Sign in', url: 'https://x.example' }),
      'params.elicitationId',
      'missing required field; expected a string',
    );
    expectIssue(
      s('elicitation/create', { mode: 'popup', message: 'm' }),
      'params.mode',
      'expected "form" or "url" (or no mode, meaning form), got "popup"',
    );
    expectIssue(s('elicitation/create', undefined), 'params', 'missing params');
  });

  it('unknown methods and client→server-only methods are not judged', () => {
    expect(s('tools/call', 5)).toBeUndefined();
    expect(s('initialize', 5)).toBeUndefined();
  });
});

const NOTIFICATIONS: Samples = {
  'notifications/initialized': [undefined, {}, { _meta: { a: 1 } }],
  'notifications/cancelled': [{ requestId: 3, reason: 'timeout' }, { requestId: 'a' }, {}],
  'notifications/progress': [
    { progressToken: 'p', progress: 1, total: 2, message: 'm' },
    { progressToken: 0, progress: 0 },
  ],
  'notifications/roots/list_changed': [undefined, {}],
  'notifications/tasks/status': [
    {
      taskId: 't',
      status: 'working',
      createdAt: '2025-11-25T00:00:00Z',
      lastUpdatedAt: '2025-11-25T00:00:01Z',
      ttl: null,
    },
    {
      taskId: 't',
      status: 'completed',
      statusMessage: 'done',
      createdAt: 'a',
      lastUpdatedAt: 'b',
      ttl: 60000,
      pollInterval: 500,
    },
  ],
};

describe('legacy client notifications', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(NOTIFICATIONS).sort()).toEqual([...LEGACY_CLIENT_NOTIFICATIONS.keys()].sort());
  });
  expectAllValid(NOTIFICATIONS, (method, params) =>
    validateNotificationParams('legacy', 'toServer', method, params),
  );

  it('invalid samples', () => {
    const n = (method: string, params: unknown) =>
      validateNotificationParams('legacy', 'toServer', method, params);
    expectIssue(
      n('notifications/progress', { progress: 1 }),
      'params.progressToken',
      'missing required field',
    );
    expectIssue(n('notifications/cancelled', { requestId: null }), 'params.requestId', 'got null');
    expectIssue(n('notifications/cancelled', undefined), 'params', 'missing params');
    expectIssue(
      n('notifications/initialized', { _meta: 1 }),
      'params._meta',
      'expected an object, got number',
    );
    expectIssue(
      n('notifications/tasks/status', { taskId: 't', status: 'working', createdAt: 'a', lastUpdatedAt: 'b' }),
      'params.ttl',
      'missing required field; expected an integer or null',
    );
    expect(n('notifications/message', 5)).toBeUndefined();
  });
});
