/**
 * Type-level checks for the MCP message types. Most assertions fail at
 * `tsc` time (run by `npm run typecheck`); the method-map checks also fail at
 * run time if a method is missing or extra.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { JSONRPCMessage } from '../jsonrpc.js';
import type {
  CallToolRequest,
  CallToolRequestParams,
  CallToolResult,
  ContentBlockFor,
  CreateTaskResult,
  DiscoverResult,
  ElicitRequest,
  InputRequiredResult,
  LegacyCallToolResult,
  LegacyClientNotification,
  LegacyClientNotificationMethod,
  LegacyClientRequest,
  LegacyClientRequestMethod,
  LegacyClientRequests,
  LegacyServerNotification,
  LegacyServerNotificationMethod,
  LegacyServerRequest,
  LegacyServerRequestMethod,
  LegacyServerRequests,
  ListToolsResult,
  ModernClientNotification,
  ModernClientNotificationMethod,
  ModernClientRequest,
  ModernClientRequestMethod,
  ModernClientRequests,
  ModernResultOnWire,
  ModernServerInputRequestMethod,
  ModernServerNotification,
  ModernServerNotificationMethod,
  ModernServerNotifications,
  RequestMetaObject,
  ResultType,
  UnsupportedProtocolVersionErrorObject,
} from './index.js';

const meta: RequestMetaObject = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Sorted keys of an exhaustive `Record<Method, true>`; the record type rejects missing or extra methods. */
function methods<M extends string>(all: Record<M, true>): string[] {
  return Object.keys(all).sort();
}

describe('modern (2026-07-28) shapes', () => {
  it('accepts a tool call request and its result', () => {
    const req = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'get_weather', arguments: { city: 'Paris' }, _meta: meta },
    } as const;
    expectTypeOf(req).toMatchTypeOf<CallToolRequest>();

    const result = {
      resultType: 'complete',
      content: [{ type: 'text', text: '18°C' }],
      structuredContent: [1, 2, 3],
    } satisfies CallToolResult;
    expect(result.content).toHaveLength(1);
  });

  it('requires the reserved _meta keys and resultType', () => {
    // @ts-expect-error: modern request params must carry _meta
    const noMeta: CallToolRequestParams = { name: 'x' };
    // @ts-expect-error: protocolVersion is required in request _meta
    const noVersion: RequestMetaObject = { 'io.modelcontextprotocol/clientCapabilities': {} };
    // @ts-expect-error: modern results must say their resultType
    const noResultType: CallToolResult = { content: [] };
    // @ts-expect-error: list results are cacheable and need ttlMs/cacheScope
    const noTtl: ListToolsResult = { resultType: 'complete', tools: [] };
    expect([noMeta, noVersion, noResultType, noTtl]).toHaveLength(4);
  });

  it('keeps resultType open and narrows InputRequiredResult', () => {
    expectTypeOf<'something_new'>().toMatchTypeOf<ResultType>();
    expectTypeOf<InputRequiredResult['resultType']>().toEqualTypeOf<'input_required'>();
    expectTypeOf<ModernResultOnWire<'tools/call'>>().toEqualTypeOf<CallToolResult | InputRequiredResult>();
    expectTypeOf<ModernResultOnWire<'tools/list'>>().toEqualTypeOf<ListToolsResult>();
    const elicit: ElicitRequest = {
      method: 'elicitation/create',
      params: { mode: 'url', message: 'Sign in', url: 'https://example.com' },
    };
    // @ts-expect-error: 2026-07-28 URL elicitation has no elicitationId
    const withId: ElicitRequest['params'] = { mode: 'url', message: 'm', url: 'u', elicitationId: 'e' };
    expect([elicit, withId]).toHaveLength(2);
  });

  it('types the -32022 error data and discovery result', () => {
    expectTypeOf<UnsupportedProtocolVersionErrorObject['code']>().toEqualTypeOf<-32022>();
    expectTypeOf<UnsupportedProtocolVersionErrorObject['data']>().toEqualTypeOf<{
      supported: string[];
      requested: string;
    }>();
    expectTypeOf<DiscoverResult['supportedVersions']>().toEqualTypeOf<string[]>();
  });

  it('maps every 2026-07-28 method', () => {
    expectTypeOf<ModernClientRequests['tools/call']['params']>().toEqualTypeOf<CallToolRequestParams>();
    expectTypeOf<ModernClientRequests['tools/call']['result']>().toEqualTypeOf<CallToolResult>();
    expectTypeOf<ModernServerNotifications['notifications/tools/list_changed']>().toMatchTypeOf<
      object | undefined
    >();
    expectTypeOf<'ping'>().not.toMatchTypeOf<ModernClientRequestMethod>();
    expectTypeOf<'initialize'>().not.toMatchTypeOf<ModernClientRequestMethod>();

    expect(
      methods<ModernClientRequestMethod>({
        'server/discover': true,
        'tools/list': true,
        'tools/call': true,
        'resources/list': true,
        'resources/templates/list': true,
        'resources/read': true,
        'prompts/list': true,
        'prompts/get': true,
        'completion/complete': true,
        'subscriptions/listen': true,
      }),
    ).toHaveLength(10);
    expect(
      methods<ModernServerNotificationMethod>({
        'notifications/cancelled': true,
        'notifications/progress': true,
        'notifications/message': true,
        'notifications/resources/updated': true,
        'notifications/resources/list_changed': true,
        'notifications/tools/list_changed': true,
        'notifications/prompts/list_changed': true,
        'notifications/subscriptions/acknowledged': true,
      }),
    ).toHaveLength(8);
    expect(methods<ModernClientNotificationMethod>({ 'notifications/cancelled': true })).toEqual([
      'notifications/cancelled',
    ]);
    expect(
      methods<ModernServerInputRequestMethod>({
        'elicitation/create': true,
        'sampling/createMessage': true,
        'roots/list': true,
      }),
    ).toHaveLength(3);
  });
});

describe('legacy (2025-11-25) shapes', () => {
  it('accepts results without resultType and object-only structuredContent', () => {
    const result = {
      content: [{ type: 'text', text: 'ok' }],
      structuredContent: { ok: true },
    } satisfies LegacyCallToolResult;
    expect(result.structuredContent).toEqual({ ok: true });
    // @ts-expect-error: 2025-11-25 structuredContent must be an object
    const arrayOut: LegacyCallToolResult = { content: [], structuredContent: [1] };
    expect(arrayOut.content).toEqual([]);
  });

  it('maps every 2025-11-25 method in both directions', () => {
    expectTypeOf<LegacyServerRequests['elicitation/create']['params']>().toHaveProperty('message');
    expectTypeOf<LegacyClientRequests['tasks/get']['result']>().toHaveProperty('taskId');
    expectTypeOf<CreateTaskResult['task']['ttl']>().toEqualTypeOf<number | null>();

    expect(
      methods<LegacyClientRequestMethod>({
        ping: true,
        initialize: true,
        'completion/complete': true,
        'logging/setLevel': true,
        'prompts/get': true,
        'prompts/list': true,
        'resources/list': true,
        'resources/templates/list': true,
        'resources/read': true,
        'resources/subscribe': true,
        'resources/unsubscribe': true,
        'tools/call': true,
        'tools/list': true,
        'tasks/get': true,
        'tasks/result': true,
        'tasks/list': true,
        'tasks/cancel': true,
      }),
    ).toHaveLength(17);
    expect(
      methods<LegacyServerRequestMethod>({
        ping: true,
        'sampling/createMessage': true,
        'roots/list': true,
        'elicitation/create': true,
        'tasks/get': true,
        'tasks/result': true,
        'tasks/list': true,
        'tasks/cancel': true,
      }),
    ).toHaveLength(8);
    expect(
      methods<LegacyClientNotificationMethod>({
        'notifications/cancelled': true,
        'notifications/progress': true,
        'notifications/initialized': true,
        'notifications/roots/list_changed': true,
        'notifications/tasks/status': true,
      }),
    ).toHaveLength(5);
    expect(
      methods<LegacyServerNotificationMethod>({
        'notifications/cancelled': true,
        'notifications/progress': true,
        'notifications/message': true,
        'notifications/resources/updated': true,
        'notifications/resources/list_changed': true,
        'notifications/tools/list_changed': true,
        'notifications/prompts/list_changed': true,
        'notifications/elicitation/complete': true,
        'notifications/tasks/status': true,
      }),
    ).toHaveLength(9);
  });
});

describe('JSON-RPC envelope', () => {
  it('lets every typed message travel as a plain JSONRPCMessage', () => {
    expectTypeOf<ModernClientRequest>().toMatchTypeOf<JSONRPCMessage>();
    expectTypeOf<ModernClientNotification>().toMatchTypeOf<JSONRPCMessage>();
    expectTypeOf<ModernServerNotification>().toMatchTypeOf<JSONRPCMessage>();
    expectTypeOf<LegacyClientRequest>().toMatchTypeOf<JSONRPCMessage>();
    expectTypeOf<LegacyServerRequest>().toMatchTypeOf<JSONRPCMessage>();
    expectTypeOf<LegacyClientNotification>().toMatchTypeOf<JSONRPCMessage>();
    expectTypeOf<LegacyServerNotification>().toMatchTypeOf<JSONRPCMessage>();
  });
});

describe('older revisions', () => {
  it('restricts content blocks per revision', () => {
    expectTypeOf<{ type: 'audio'; data: string; mimeType: string }>().not.toMatchTypeOf<
      ContentBlockFor<'2024-11-05'>
    >();
    expectTypeOf<{ type: 'audio'; data: string; mimeType: string }>().toMatchTypeOf<
      ContentBlockFor<'2025-03-26'>
    >();
    expectTypeOf<{ type: 'resource_link'; uri: string; name: string }>().not.toMatchTypeOf<
      ContentBlockFor<'2025-03-26'>
    >();
    expectTypeOf<{ type: 'resource_link'; uri: string; name: string }>().toMatchTypeOf<
      ContentBlockFor<'2025-06-18'>
    >();
  });
});
