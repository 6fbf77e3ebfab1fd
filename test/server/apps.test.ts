/**
 * mcpkit's MCP Apps helpers (registerAppResource, registerAppTool), driven by mcpkit's Client
 * over an in-process transport on both eras: a client that declared `io.modelcontextprotocol/ui`
 * (in `initialize` on 2025-11-25, in every request's capabilities on 2026-07-28) and one that
 * did not, against the same server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '../../src/entries/client.js';
import {
  APP_MIME_TYPE,
  APPS_EXTENSION,
  clientSupportsApps,
  McpServer,
  registerAppResource,
  registerAppTool,
} from '../../src/entries/server.js';
import { createInMemoryTransportPair } from '../../src/entries/session.js';
import { connectInMemory } from '../../src/entries/testing.js';

const VIEW = 'ui://counter/view.html';
const HTML = '<!doctype html><html><body><button id="add">+1</button></body></html>';
const CSP = { connectDomains: ['https://api.example.com'], resourceDomains: ['https://cdn.example.com'] };
const UI_EXTENSION = { extensions: { [APPS_EXTENSION]: { mimeTypes: [APP_MIME_TYPE] } } };

function counterServer() {
  const server = new McpServer({ name: 'apps-test', version: '1.0.0' });
  let count = 0;
  registerAppResource(server, 'Counter view', VIEW, {
    description: 'A button that counts clicks',
    html: HTML,
    csp: CSP,
    permissions: { clipboardWrite: {} },
    domain: 'counter.example',
    prefersBorder: true,
  });
  registerAppTool(
    server,
    'show_counter',
    {
      description: 'Shows a counter the user can click',
      inputSchema: z.object({ start: z.number().int() }),
      outputSchema: z.object({ count: z.number().int() }),
      resourceUri: VIEW,
      fallback: {
        description: 'Sets the counter and returns it as text',
        result: (result) => ({
          ...result,
          content: [{ type: 'text', text: `The counter is at ${result.structuredContent?.count}.` }],
        }),
      },
    },
    ({ start }) => {
      count = start;
      return { structuredContent: { count } };
    },
  );
  registerAppTool(
    server,
    'increment',
    { description: 'Adds one to the counter (from the app)', resourceUri: VIEW, visibility: ['app'] },
    () => {
      count += 1;
      return { structuredContent: { count } };
    },
  );
  registerAppTool(
    server,
    'peek',
    { description: 'The count, for the model only', resourceUri: VIEW, visibility: ['model'] },
    (ctx) => ({
      content: [{ type: 'text', text: `count=${count} apps=${clientSupportsApps(ctx.clientCapabilities)}` }],
    }),
  );
  server.registerTool('plain', { description: 'An ordinary tool' }, () => ({ content: [] }));
  return { server, count: () => count };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function connect(server: McpServer, protocolVersion: string, withApps: boolean) {
  const { client, close } = await connectInMemory(server, {
    protocolVersion,
    ...(withApps && { client: { capabilities: UI_EXTENSION } }),
  });
  closers.push(close);
  return client;
}

describe.each(['2026-07-28', '2025-11-25'])('MCP Apps on %s', (protocolVersion) => {
  describe('a client that declared io.modelcontextprotocol/ui', () => {
    it('lists every app tool with _meta.ui (resourceUri, visibility) and its own description', async () => {
      const client = await connect(counterServer().server, protocolVersion, true);
      const tools = await client.listAllTools();
      expect(tools.map((t) => t.name)).toEqual(['show_counter', 'increment', 'peek', 'plain']);
      const [show, increment, peek, plain] = tools;
      expect(show?.description).toBe('Shows a counter the user can click');
      expect(show?._meta).toEqual({ ui: { resourceUri: VIEW } });
      // The host, not the server, keeps an app-only tool away from the model: it must see it.
      expect(increment?._meta).toEqual({ ui: { resourceUri: VIEW, visibility: ['app'] } });
      expect(peek?._meta).toEqual({ ui: { resourceUri: VIEW, visibility: ['model'] } });
      expect(plain?._meta).toBeUndefined();
    });

    it('reads the ui:// resource as text/html;profile=mcp-app with its _meta.ui, listed and read', async () => {
      const client = await connect(counterServer().server, protocolVersion, true);
      const ui = {
        csp: CSP,
        permissions: { clipboardWrite: {} },
        domain: 'counter.example',
        prefersBorder: true,
      };
      const resources = await client.listAllResources();
      expect(resources).toEqual([
        {
          uri: VIEW,
          name: 'Counter view',
          description: 'A button that counts clicks',
          mimeType: APP_MIME_TYPE,
          _meta: { ui },
        },
      ]);
      const read = await client.readResource(VIEW);
      expect(read.contents).toEqual([{ uri: VIEW, mimeType: APP_MIME_TYPE, text: HTML, _meta: { ui } }]);
    });

    it('answers the app tool with the handler result, untouched by the fallback', async () => {
      const client = await connect(counterServer().server, protocolVersion, true);
      const result = await client.callTool('show_counter', { start: 5 });
      expect(result.structuredContent).toEqual({ count: 5 });
      expect(result.content).toEqual([{ type: 'text', text: '{"count":5}' }]);
    });

    it('lets the app call an app-only tool', async () => {
      const { server, count } = counterServer();
      const client = await connect(server, protocolVersion, true);
      await client.callTool('show_counter', { start: 1 });
      const result = await client.callTool('increment');
      expect(result.structuredContent).toEqual({ count: 2 });
      expect(count()).toBe(2);
    });

    it('tells a handler the client supports apps', async () => {
      const client = await connect(counterServer().server, protocolVersion, true);
      const result = await client.callTool('peek');
      expect(result.content).toEqual([{ type: 'text', text: 'count=0 apps=true' }]);
    });
  });

  describe('a client that did not declare it', () => {
    it('lists no app-only tool, and the fallback description', async () => {
      const client = await connect(counterServer().server, protocolVersion, false);
      const tools = await client.listAllTools();
      expect(tools.map((t) => t.name)).toEqual(['show_counter', 'peek', 'plain']);
      expect(tools[0]?.description).toBe('Sets the counter and returns it as text');
      // A tool without a fallback description keeps its own.
      expect(tools[1]?.description).toBe('The count, for the model only');
    });

    it('gets the fallback result, which still carries the structured content', async () => {
      const client = await connect(counterServer().server, protocolVersion, false);
      const result = await client.callTool('show_counter', { start: 7 });
      expect(result.content).toEqual([{ type: 'text', text: 'The counter is at 7.' }]);
      expect(result.structuredContent).toEqual({ count: 7 });
    });

    it('cannot call an app-only tool: it is unknown to this client', async () => {
      const { server, count } = counterServer();
      const client = await connect(server, protocolVersion, false);
      await expect(client.callTool('increment')).rejects.toThrow(/increment/);
      expect(count()).toBe(0);
    });

    it('tells a handler the client does not support apps', async () => {
      const client = await connect(counterServer().server, protocolVersion, false);
      const result = await client.callTool('peek');
      expect(result.content).toEqual([{ type: 'text', text: 'count=0 apps=false' }]);
    });
  });

  it('takes a declaration whose mimeTypes leave out text/html;profile=mcp-app as no apps', async () => {
    const server = counterServer().server;
    const { client, close } = await connectInMemory(server, {
      protocolVersion,
      client: { capabilities: { extensions: { [APPS_EXTENSION]: { mimeTypes: ['text/uri-list'] } } } },
    });
    closers.push(close);
    const tools = await client.listAllTools();
    expect(tools.map((t) => t.name)).not.toContain('increment');
  });
});

describe('the same server, two clients at once', () => {
  it('shapes tools/list per requesting client on one 2026-07-28 connection', async () => {
    // One server, one connection each: what the server answers depends on the request's
    // declared capabilities, not on whoever connected first.
    const { server } = counterServer();
    const [withSide, withServer] = createInMemoryTransportPair();
    const [withoutSide, withoutServer] = createInMemoryTransportPair();
    await server.connect(withServer);
    await server.connect(withoutServer);
    const withApps = await Client.connect(withSide, {
      protocolVersion: '2026-07-28',
      capabilities: UI_EXTENSION,
    });
    const without = await Client.connect(withoutSide, { protocolVersion: '2026-07-28' });
    closers.push(
      () => withApps.close(),
      () => without.close(),
    );
    expect((await withApps.listAllTools()).map((t) => t.name)).toContain('increment');
    expect((await without.listAllTools()).map((t) => t.name)).not.toContain('increment');
  });
});

describe('registration checks', () => {
  it('refuses an app resource outside ui://', () => {
    const server = new McpServer({ name: 'x', version: '1' });
    expect(() => registerAppResource(server, 'v', 'https://example.com/v.html', { html: HTML })).toThrow(
      /ui:\/\//,
    );
  });

  it('refuses an app tool whose resourceUri is outside ui:// or whose visibility is empty', () => {
    const server = new McpServer({ name: 'x', version: '1' });
    expect(() =>
      registerAppTool(server, 't', { resourceUri: 'file:///v.html' }, () => ({ content: [] })),
    ).toThrow(/ui:\/\//);
    expect(() =>
      registerAppTool(server, 't', { resourceUri: VIEW, visibility: [] }, () => ({ content: [] })),
    ).toThrow(/visibility/);
  });

  it('keeps the fallback description through an update of the tool', async () => {
    const server = new McpServer({ name: 'x', version: '1' });
    const tool = registerAppTool(
      server,
      't',
      { description: 'With the app', resourceUri: VIEW, fallback: { description: 'Without it' } },
      () => ({ content: [] }),
    );
    tool.update({ title: 'Renamed title' });
    const { client, close } = await connectInMemory(server, { protocolVersion: '2026-07-28' });
    closers.push(close);
    expect(await client.listAllTools()).toEqual([
      expect.objectContaining({ name: 't', title: 'Renamed title', description: 'Without it' }),
    ]);
  });

  it('builds the HTML per read when html is a function', async () => {
    const server = new McpServer({ name: 'x', version: '1' });
    let reads = 0;
    registerAppResource(server, 'v', VIEW, { html: () => `<!doctype html><p>${++reads}</p>` });
    const { client, close } = await connectInMemory(server, { protocolVersion: '2026-07-28' });
    closers.push(close);
    expect((await client.readResource(VIEW)).contents).toEqual([
      { uri: VIEW, mimeType: APP_MIME_TYPE, text: '<!doctype html><p>1</p>' },
    ]);
    expect((await client.readResource(VIEW)).contents[0]).toMatchObject({ text: '<!doctype html><p>2</p>' });
  });
});
