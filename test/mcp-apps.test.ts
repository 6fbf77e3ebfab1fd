/**
 * The official MCP Apps server helpers (`@modelcontextprotocol/ext-apps/server`)
 * against mcpkit's McpServer through `asExtAppsServer`, driven over Streamable HTTP
 * (2026-07-28) in-process.
 */
import {
  RESOURCE_MIME_TYPE,
  RESOURCE_URI_META_KEY,
  registerAppResource,
  registerAppTool,
} from '@modelcontextprotocol/ext-apps/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APP_MIME_TYPE, APPS_EXTENSION, asExtAppsServer, McpServer } from '../src/entries/server.js';
import { envelope, rpc } from './helpers/http-rpc.js';

const VIEW_URI = 'ui://weather/view.html';
const LEGACY_VIEW_URI = 'ui://weather/legacy.html';
const HTML = '<!doctype html><html><body><div id="app">weather</div></body></html>';
const CSP = { connectDomains: ['https://api.example.com'], resourceDomains: ['https://cdn.example.com'] };

function appServer() {
  const mcpkitServer = new McpServer({ name: 'mcp-apps-test', version: '1.0.0' });
  // The one adapter line: the helpers' types name the official SDK's McpServer.
  const server = asExtAppsServer(mcpkitServer);
  const calls: { city: string }[] = [];
  const tool = registerAppTool(
    server,
    'show-weather',
    {
      title: 'Show weather',
      description: 'Shows the weather for a city in an interactive view.',
      inputSchema: z.object({ city: z.string() }),
      _meta: { ui: { resourceUri: VIEW_URI, visibility: ['model', 'app'] } },
    },
    async ({ city }: { city: string }) => {
      calls.push({ city });
      return {
        content: [{ type: 'text', text: `Sunny in ${city}` }],
        structuredContent: { city, sky: 'sunny' },
      };
    },
  );
  // The deprecated flat key: the helper fills in `_meta.ui.resourceUri` from it.
  registerAppTool(
    server,
    'legacy-view',
    { description: 'A tool using the legacy key.', _meta: { [RESOURCE_URI_META_KEY]: LEGACY_VIEW_URI } },
    async () => ({ content: [{ type: 'text', text: 'legacy' }] }),
  );
  const viewConfig = { description: 'The weather view.', _meta: { ui: { csp: CSP, prefersBorder: true } } };
  const resource = registerAppResource(server, 'Weather view', VIEW_URI, viewConfig, async (uri) => ({
    contents: [
      {
        uri: uri.href,
        mimeType: RESOURCE_MIME_TYPE,
        text: HTML,
        _meta: { ui: { csp: CSP, domain: 'weather.example' } },
      },
    ],
  }));
  return { server: mcpkitServer, calls, tool, resource };
}

const fetcher = (server: McpServer) => (request: Request) => server.fetch(request);

describe('MCP Apps helpers from @modelcontextprotocol/ext-apps/server', () => {
  it('uses the published MCP Apps constants', () => {
    expect(RESOURCE_MIME_TYPE).toBe('text/html;profile=mcp-app');
    expect(RESOURCE_URI_META_KEY).toBe('ui/resourceUri');
  });

  it('registers through McpServer and returns its handles', () => {
    const { tool, resource } = appServer();
    expect(typeof tool.remove).toBe('function');
    expect(typeof resource.remove).toBe('function');
  });

  it('lists the app tools with the UI resource link the helper set', async () => {
    const { server } = appServer();
    const reply = await rpc(fetcher(server), 'tools/list');
    expect(reply.status).toBe(200);
    expect(reply.body.error).toBeUndefined();
    const tools = reply.body.result?.tools as Record<string, unknown>[];
    expect(tools.map((t) => t.name)).toEqual(['show-weather', 'legacy-view']);

    const [weather, legacy] = tools;
    expect(weather).toMatchObject({
      name: 'show-weather',
      title: 'Show weather',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    });
    // The helper mirrors `_meta.ui.resourceUri` into the legacy flat key; both go out as set.
    expect(weather?._meta).toEqual({
      ui: { resourceUri: VIEW_URI, visibility: ['model', 'app'] },
      [RESOURCE_URI_META_KEY]: VIEW_URI,
    });
    // ...and the other way round for a tool that only set the legacy key.
    expect(legacy?._meta).toEqual({
      [RESOURCE_URI_META_KEY]: LEGACY_VIEW_URI,
      ui: { resourceUri: LEGACY_VIEW_URI },
    });
  });

  it('calls the app tool handler with its validated arguments', async () => {
    const { server, calls } = appServer();
    const reply = await rpc(fetcher(server), 'tools/call', {
      name: 'show-weather',
      arguments: { city: 'Lyon' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.error).toBeUndefined();
    expect(reply.body.result).toMatchObject({
      content: [{ type: 'text', text: 'Sunny in Lyon' }],
      structuredContent: { city: 'Lyon', sky: 'sunny' },
    });
    expect(reply.body.result?.isError).not.toBe(true);
    expect(calls).toEqual([{ city: 'Lyon' }]);

    const invalid = await rpc(fetcher(server), 'tools/call', {
      name: 'show-weather',
      arguments: { city: 42 },
    });
    const rejected = invalid.body.error !== undefined || invalid.body.result?.isError === true;
    expect(rejected).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('lists the app resource with the MCP Apps mime type and its _meta', async () => {
    const { server } = appServer();
    const reply = await rpc(fetcher(server), 'resources/list');
    expect(reply.status).toBe(200);
    expect(reply.body.error).toBeUndefined();
    const resources = reply.body.result?.resources as Record<string, unknown>[];
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({
      uri: VIEW_URI,
      name: 'Weather view',
      description: 'The weather view.',
      mimeType: RESOURCE_MIME_TYPE,
    });
    expect(resources[0]?._meta).toEqual({ ui: { csp: CSP, prefersBorder: true } });
  });

  it('reads the app resource as HTML with the MCP Apps mime type and its _meta', async () => {
    const { server } = appServer();
    const reply = await rpc(fetcher(server), 'resources/read', { uri: VIEW_URI });
    expect(reply.status).toBe(200);
    expect(reply.body.error).toBeUndefined();
    expect(reply.body.result?.contents).toEqual([
      {
        uri: VIEW_URI,
        mimeType: RESOURCE_MIME_TYPE,
        text: HTML,
        _meta: { ui: { csp: CSP, domain: 'weather.example' } },
      },
    ]);
  });

  it('lets an explicit mimeType override the default, as the helper spreads it last', async () => {
    const server = new McpServer({ name: 'mcp-apps-test', version: '1.0.0' });
    const plainConfig = { mimeType: 'text/html', _meta: { ui: { prefersBorder: false } } };
    registerAppResource(
      asExtAppsServer(server),
      'Plain',
      'ui://plain/view.html',
      plainConfig,
      async (uri) => ({
        contents: [{ uri: uri.href, mimeType: 'text/html', text: HTML }],
      }),
    );
    const reply = await rpc(fetcher(server), 'resources/list');
    expect(reply.body.result?.resources).toEqual([
      expect.objectContaining({ uri: 'ui://plain/view.html', mimeType: 'text/html' }),
    ]);
  });
  it('gives handlers the mcpkit context with the request view official handlers read (ctx.mcpReq)', async () => {
    const server = new McpServer({ name: 'mcp-apps-test', version: '1.0.0' });
    const seen: Record<string, unknown>[] = [];
    registerAppTool(
      asExtAppsServer(server),
      'whoami',
      { _meta: { ui: { resourceUri: VIEW_URI } } },
      async (ctx) => {
        seen.push({
          id: ctx.mcpReq.id,
          method: ctx.mcpReq.method,
          aborted: ctx.mcpReq.signal.aborted,
          // mcpkit's own context is still there behind the view.
          era: (ctx as unknown as { era: string }).era,
        });
        return { content: [{ type: 'text', text: 'ok' }] };
      },
    );
    const reply = await rpc(fetcher(server), 'tools/call', { name: 'whoami' }, { id: 'call-7' });
    expect(reply.body.error).toBeUndefined();
    expect(seen).toEqual([{ id: 'call-7', method: 'tools/call', aborted: false, era: 'modern' }]);
  });

  it('honours _meta.ui.visibility the helper set: an app-only tool reaches only clients with the extension', async () => {
    const server = new McpServer({ name: 'mcp-apps-test', version: '1.0.0' });
    let refreshed = 0;
    registerAppTool(
      asExtAppsServer(server),
      'refresh',
      { description: 'Refreshes the view', _meta: { ui: { resourceUri: VIEW_URI, visibility: ['app'] } } },
      async () => {
        refreshed += 1;
        return { content: [{ type: 'text', text: 'refreshed' }] };
      },
    );
    const withApps = { meta: envelope({ extensions: { [APPS_EXTENSION]: { mimeTypes: [APP_MIME_TYPE] } } }) };
    const listed = await rpc(fetcher(server), 'tools/list', {}, withApps);
    expect((listed.body.result?.tools as { name: string }[] | undefined)?.map((t) => t.name)).toEqual([
      'refresh',
    ]);
    const called = await rpc(fetcher(server), 'tools/call', { name: 'refresh' }, withApps);
    expect(called.body.result?.content).toEqual([{ type: 'text', text: 'refreshed' }]);

    const hidden = await rpc(fetcher(server), 'tools/list');
    expect(hidden.body.result?.tools).toEqual([]);
    const refused = await rpc(fetcher(server), 'tools/call', { name: 'refresh' });
    expect(refused.body.error).toMatchObject({ code: -32602, message: 'Unknown tool: refresh' });
    expect(refreshed).toBe(1);
  });
});
