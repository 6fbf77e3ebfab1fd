/**
 * The official MCP Apps server helpers (`@modelcontextprotocol/ext-apps/server`)
 * against mcpkit's McpServer, driven over Streamable HTTP (2026-07-28) in-process.
 */
import {
  RESOURCE_MIME_TYPE,
  RESOURCE_URI_META_KEY,
  registerAppResource,
  registerAppTool,
} from '@modelcontextprotocol/ext-apps/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpServer } from '../src/entries/server.js';
import { rpc } from './helpers/http-rpc.js';

const VIEW_URI = 'ui://weather/view.html';
const LEGACY_VIEW_URI = 'ui://weather/legacy.html';
const HTML = '<!doctype html><html><body><div id="app">weather</div></body></html>';
const CSP = { connectDomains: ['https://api.example.com'], resourceDomains: ['https://cdn.example.com'] };

/**
 * The helpers type their first argument with the official SDK's McpServer, whose handler
 * context (`ctx.mcpReq`) and registration handles differ from mcpkit's at the type level.
 * At run time they only call `registerTool`/`registerResource`, which mcpkit serves with the
 * same shapes; that is what these tests check. The cast names the one place the types differ.
 */
type AppHost = Parameters<typeof registerAppTool>[0] & Parameters<typeof registerAppResource>[0];

function appServer() {
  const mcpkitServer = new McpServer({ name: 'mcp-apps-test', version: '1.0.0' });
  const server = mcpkitServer as unknown as AppHost;
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
      server as unknown as AppHost,
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
});
