import { describe, expect, it } from 'vitest';
import { describeIssue, validateNotificationParams, validateResult } from './index.js';
import { LEGACY_RESULTS, LEGACY_SERVER_NOTIFICATIONS } from './legacy-results.js';
import { expectIssue, expectValidUntouched, withExtras } from './test-helpers.js';

const TASK = {
  taskId: 'task-1',
  status: 'working',
  createdAt: '2025-11-25T10:00:00Z',
  lastUpdatedAt: '2025-11-25T10:00:05Z',
  ttl: 60000,
  pollInterval: 1000,
};

const SAMPLES: Record<string, Record<string, unknown>[]> = {
  initialize: [
    {
      protocolVersion: '2024-11-05',
      capabilities: { tools: {}, logging: {} },
      serverInfo: { name: 'old-server', version: '0.1.0' },
    },
    {
      protocolVersion: '2025-11-25',
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
        experimental: { 'com.example/x': {} },
      },
      serverInfo: { name: 's', version: '1', title: 'Server', icons: [{ src: 'https://x.example/s.png' }] },
      instructions: 'Call test_simple_text first.',
    },
  ],
  ping: [{}],
  'logging/setLevel': [{}],
  'resources/subscribe': [{}],
  'resources/unsubscribe': [{}],
  'tools/list': [
    {
      tools: [
        {
          name: 'echo',
          inputSchema: { type: 'object', properties: { m: { type: 'string' } }, required: ['m'] },
        },
      ],
    },
    {
      tools: [
        {
          name: 'weather',
          title: 'Weather',
          description: 'Forecast',
          inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' },
          outputSchema: { type: 'object', properties: { celsius: { type: 'number' } } },
          annotations: { readOnlyHint: true, idempotentHint: true },
          execution: { taskSupport: 'optional' },
          icons: [{ src: 'data:image/png;base64,AA==', theme: 'light' }],
          _meta: { 'com.example/k': 1 },
        },
      ],
      nextCursor: 'n',
    },
  ],
  'tools/call': [
    // 2024-11-05: text, image and embedded resource; no structuredContent.
    {
      content: [
        { type: 'text', text: 'a' },
        { type: 'image', data: 'AA==', mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'test://r', text: 't' } },
      ],
      isError: false,
    },
    // 2025-06-18: structured output and resource links.
    {
      content: [
        { type: 'text', text: '{"celsius":18}' },
        { type: 'resource_link', uri: 'test://x', name: 'x' },
        { type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav' },
      ],
      structuredContent: { celsius: 18 },
    },
    // 2025-11-25: a task-augmented call answered with a task.
    { task: TASK },
  ],
  'resources/list': [
    { resources: [] },
    { resources: [{ uri: 'file:///a.txt', name: 'a', size: 10 }], nextCursor: 'x' },
  ],
  'resources/templates/list': [{ resourceTemplates: [{ uriTemplate: 'file:///{path}', name: 'files' }] }],
  'resources/read': [
    {
      contents: [
        { uri: 'file:///a.txt', text: 'hi' },
        { uri: 'file:///b.bin', blob: 'AA==' },
      ],
    },
  ],
  'prompts/list': [{ prompts: [{ name: 'p', arguments: [{ name: 'a', required: true }] }] }],
  'prompts/get': [
    { messages: [{ role: 'user', content: { type: 'text', text: 'x' } }] },
    { description: 'd', messages: [] },
  ],
  'completion/complete': [{ completion: { values: ['a'], total: 10, hasMore: true } }],
  'tasks/get': [TASK, { ...TASK, status: 'failed', statusMessage: 'boom', ttl: null }],
  'tasks/cancel': [{ ...TASK, status: 'cancelled' }],
  'tasks/result': [{}, { content: [{ type: 'text', text: 'done' }] }],
  'tasks/list': [{ tasks: [TASK] }, { tasks: [], nextCursor: 'c' }],
  'sampling/createMessage': [
    // 2024-11-05: one block.
    { role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'm', stopReason: 'endTurn' },
    // 2025-11-25: tool use, array content, open stopReason.
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'u1', name: 'weather', input: { city: 'Paris' }, _meta: { a: 1 } }],
      model: 'm',
      stopReason: 'someVendorReason',
    },
    { task: TASK },
  ],
  'elicitation/create': [
    { action: 'accept', content: { name: 'x', age: 3, ok: false, colors: ['r', 'g'] } },
    { action: 'decline' },
    { action: 'cancel' },
    { task: TASK },
  ],
  'roots/list': [{ roots: [] }, { roots: [{ uri: 'file:///home/user/project', name: 'project' }] }],
};

describe('legacy results: valid samples (from every revision) pass untouched', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...LEGACY_RESULTS.keys()].sort());
  });

  for (const [method, samples] of Object.entries(SAMPLES)) {
    it(method, () => {
      for (const sample of samples) {
        expectValidUntouched(sample, (r) => validateResult('legacy', method, r));
        expectValidUntouched(withExtras(sample), (r) => validateResult('legacy', method, r));
      }
    });
  }

  it('modern-only fields on a legacy result pass untouched', () => {
    expect(
      validateResult('legacy', 'tools/list', {
        tools: [],
        resultType: 'complete',
        ttlMs: 5,
        cacheScope: 'x',
      }),
    ).toBeUndefined();
  });
});

describe('legacy results: invalid samples', () => {
  const r = (method: string, result: unknown) => validateResult('legacy', method, result);

  it('initialize', () => {
    expectIssue(
      r('initialize', { protocolVersion: '2025-11-25', capabilities: {} }),
      'result.serverInfo',
      'missing required field',
    );
    expectIssue(
      r('initialize', { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { version: '1' } }),
      'result.serverInfo.name',
      'missing required field',
    );
    expectIssue(
      r('initialize', {
        protocolVersion: '2025-11-25',
        capabilities: { resources: { subscribe: 'yes' } },
        serverInfo: { name: 's', version: '1' },
      }),
      'result.capabilities.resources.subscribe',
      'expected a boolean',
    );
    const issue = r('initialize', {
      protocolVersion: 1,
      capabilities: {},
      serverInfo: { name: 's', version: '1' },
    });
    expect(describeIssue(issue!)).toBe('result.protocolVersion: expected a string, got number');
  });

  it('tools', () => {
    expectIssue(
      r('tools/call', { content: [], structuredContent: [1, 2] }),
      'result.structuredContent',
      'expected an object, got array',
    );
    expectIssue(r('tools/call', {}), 'result.content', 'missing required field');
    expectIssue(
      r('tools/call', { task: { ...TASK, ttl: undefined } }),
      'result.task.ttl',
      'missing required field',
    );
    expectIssue(
      r('tools/call', { task: { ...TASK, status: 'paused' } }),
      'result.task.status',
      'got "paused"',
    );
    expectIssue(
      r('tools/list', {
        tools: [{ name: 't', inputSchema: { type: 'object' }, outputSchema: { type: 'array' } }],
      }),
      'result.tools[0].outputSchema.type',
      'expected "object", got "array"',
    );
    expectIssue(
      r('tools/list', {
        tools: [{ name: 't', inputSchema: { type: 'object' }, execution: { taskSupport: 'maybe' } }],
      }),
      'result.tools[0].execution.taskSupport',
      'got "maybe"',
    );
    expectIssue(
      r('tools/list', { tools: [{ name: 't', inputSchema: { type: 'object', required: 'a' } }] }),
      'result.tools[0].inputSchema.required',
      'expected an array',
    );
  });

  it('client answers (validated by a legacy server)', () => {
    expectIssue(
      r('sampling/createMessage', { role: 'assistant', content: { type: 'text', text: 'x' } }),
      'result.model',
      'missing required field',
    );
    expectIssue(
      r('sampling/createMessage', { role: 'assistant', content: { type: 'resource_link' }, model: 'm' }),
      'result.content.type',
      'got "resource_link"',
    );
    expectIssue(r('elicitation/create', { action: 'ok' }), 'result.action', 'got "ok"');
    expectIssue(
      r('elicitation/create', { action: 'accept', content: { n: null } }),
      'result.content.n',
      'got null',
    );
    expectIssue(r('roots/list', { roots: [{ name: 'x' }] }), 'result.roots[0].uri', 'missing required field');
    expectIssue(r('roots/list', {}), 'result.roots', 'missing required field');
  });

  it('other methods', () => {
    expectIssue(r('ping', []), 'result', 'got array');
    expectIssue(r('ping', { _meta: 5 }), 'result._meta', 'expected an object');
    expectIssue(r('resources/read', { contents: {} }), 'result.contents', 'expected an array, got object');
    expectIssue(
      r('prompts/list', { prompts: [{ title: 'x' }] }),
      'result.prompts[0].name',
      'missing required field',
    );
    expectIssue(
      r('completion/complete', { completion: { values: [1] } }),
      'result.completion.values[0]',
      'expected a string',
    );
    expectIssue(r('tasks/list', { tasks: [{}] }), 'result.tasks[0].taskId', 'missing required field');
    expectIssue(r('tools/list', undefined), 'result', 'missing result');
    expect(r('server/discover', 5)).toBeUndefined();
  });
});

const NOTIFICATIONS: Record<string, (Record<string, unknown> | undefined)[]> = {
  'notifications/cancelled': [{ requestId: 1, reason: 'r' }, {}],
  'notifications/progress': [{ progressToken: 't', progress: 10, total: 100 }],
  'notifications/message': [
    { level: 'info', data: 'Tool execution started' },
    { level: 'alert', logger: 'l', data: [1] },
  ],
  'notifications/resources/updated': [{ uri: 'test://watched-resource' }],
  'notifications/resources/list_changed': [undefined, {}],
  'notifications/tools/list_changed': [undefined, {}],
  'notifications/prompts/list_changed': [undefined],
  'notifications/elicitation/complete': [{ elicitationId: 'e-1' }],
  'notifications/tasks/status': [TASK],
};

describe('legacy server notifications', () => {
  it('has samples for every method in the table', () => {
    expect(Object.keys(NOTIFICATIONS).sort()).toEqual([...LEGACY_SERVER_NOTIFICATIONS.keys()].sort());
  });

  for (const [method, samples] of Object.entries(NOTIFICATIONS)) {
    it(method, () => {
      for (const sample of samples) {
        const check = (p: unknown) => validateNotificationParams('legacy', 'toClient', method, p);
        expectValidUntouched(sample, check);
        if (sample !== undefined) expectValidUntouched(withExtras(sample), check);
      }
    });
  }

  it('invalid samples', () => {
    const n = (method: string, params: unknown) =>
      validateNotificationParams('legacy', 'toClient', method, params);
    expectIssue(
      n('notifications/elicitation/complete', {}),
      'params.elicitationId',
      'missing required field',
    );
    expectIssue(n('notifications/message', { data: 1 }), 'params.level', 'missing required field');
    expectIssue(n('notifications/tasks/status', { ...TASK, status: 'done' }), 'params.status', 'got "done"');
    expectIssue(
      n('notifications/progress', { progressToken: 't', progress: '1' }),
      'params.progress',
      'got string',
    );
    expectIssue(n('notifications/resources/updated', { uri: 5 }), 'params.uri', 'expected a string');
    expect(n('notifications/subscriptions/acknowledged', 5)).toBeUndefined();
  });
});
