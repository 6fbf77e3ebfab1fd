/**
 * Cross-check with the official MCP Apps host: the demo's counter app, registered with
 * mcpkit's `registerAppTool`/`registerAppResource`, rendered by the official `AppBridge`
 * (`@modelcontextprotocol/ext-apps/app-bridge`) in Debian's Chromium, the bridge's MCP client
 * being the official v2 client connected to the mcpkit server over Streamable HTTP.
 *
 * The page and the MCP endpoint share one origin (the page's server forwards `/mcp` to the
 * mcpkit server), as a host's own backend would. The app's +1 button sends `tools/call` for the
 * app-only tool `counter_add`; the official bridge forwards it through its client, so the
 * count the app shows can only change if mcpkit's listing, resource and tool all read right to
 * the official host.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer } from '../../examples/demo-server.js';
import { serveHttp } from '../../src/entries/node.js';

const CHROMIUM = '/usr/bin/chromium';

/** The host page's script: the official client and bridge, bundled for the browser. */
const HOST_SCRIPT = `
import { AppBridge, PostMessageTransport, getToolUiResourceUri } from '@modelcontextprotocol/ext-apps/app-bridge';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const events = [];
window.hostEvents = events;

window.renderCounter = async (start) => {
  const client = new Client(
    { name: 'official-host', version: '1.0.0' },
    { capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', location.href)));
  const { tools } = await client.listTools();
  const tool = tools.find((candidate) => candidate.name === 'counter');
  const uri = getToolUiResourceUri(tool);
  const { contents } = await client.readResource({ uri });
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.srcdoc = contents[0].text;
  document.body.append(iframe);
  const bridge = new AppBridge(
    client,
    { name: 'official-host', version: '1.0.0' },
    { serverTools: {}, openLinks: {}, logging: {} },
    { hostContext: { theme: 'dark', displayMode: 'inline' } },
  );
  bridge.onsizechange = (size) => events.push({ kind: 'size', size });
  const initialized = new Promise((resolve) => { bridge.oninitialized = resolve; });
  await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
  await initialized;
  events.push({ kind: 'initialized', app: bridge.getAppVersion() });
  const args = { start };
  await bridge.sendToolInput({ arguments: args });
  const result = await client.callTool({ name: 'counter', arguments: args });
  await bridge.sendToolResult(result);
  window.teardown = async () => {
    await bridge.teardownResource({});
    events.push({ kind: 'teardown' });
  };
  return { listed: tools.map((candidate) => candidate.name), uri, mimeType: contents[0].mimeType };
};
`;

/**
 * A page server: the host page and its script at `/`, everything under `/mcp` forwarded (the
 * names of the tools called through it noted in `toolCalls`).
 */
async function hostPageServer(
  mcpPort: number,
  toolCalls: string[],
): Promise<{ server: Server; url: string }> {
  const bundle = await build({
    stdin: { contents: HOST_SCRIPT, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const page =
    '<!doctype html><html><head><meta charset="utf-8"><script src="/host.js"></script></head><body></body></html>';
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/mcp')) {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: mcpPort, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => {
        const message = body.length > 0 ? JSON.parse(Buffer.concat(body).toString('utf8')) : undefined;
        if (message?.method === 'tools/call') toolCalls.push(String(message.params?.name));
      });
      req.pipe(upstream);
      return;
    }
    const [type, body] = req.url === '/host.js' ? ['text/javascript', script] : ['text/html', page];
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

describe('an mcpkit app tool in the official AppBridge (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let mcp: Awaited<ReturnType<typeof serveHttp>>;
  let pages: Server;
  const toolCalls: string[] = [];

  beforeAll(async () => {
    mcp = await serveHttp(createDemoServer(), { port: 0 });
    const host = await hostPageServer(Number(mcp.url.port), toolCalls);
    pages = host.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(host.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    pages?.closeAllConnections();
    await new Promise((resolve) => pages?.close(resolve));
    await mcp?.close();
  });

  it('renders the counter, forwards the app-only tool call, and tears down', async () => {
    const rendered = await page.evaluate(
      (start) =>
        (window as unknown as { renderCounter(start: number): Promise<unknown> }).renderCounter(start),
      41,
    );
    expect(rendered).toEqual({
      listed: expect.arrayContaining(['counter', 'counter_add']),
      uri: 'ui://demo/counter.html',
      mimeType: 'text/html;profile=mcp-app',
    });

    const app = page.frameLocator('iframe');
    await expect.poll(() => app.locator('#count').textContent(), { timeout: 10_000 }).toBe('41');
    await app.locator('#add').click();
    await expect.poll(() => app.locator('#count').textContent(), { timeout: 10_000 }).toBe('42');
    expect(toolCalls).toEqual(['counter', 'counter_add']);

    const events = () =>
      page.evaluate(() => (window as unknown as { hostEvents: { kind: string }[] }).hostEvents);
    await expect.poll(async () => (await events()).some((event) => event.kind === 'size')).toBe(true);
    expect(await events()).toContainEqual({
      kind: 'initialized',
      app: { name: 'mcpkit-demo-counter', version: '0.1.0' },
    });

    await page.evaluate(() => (window as unknown as { teardown(): Promise<void> }).teardown());
    expect(await events()).toContainEqual({ kind: 'teardown' });
    await expect.poll(() => app.locator('#status').textContent()).toBe('Closed.');
  }, 60_000);
});
