/**
 * The host side of MCP Apps in a real browser (Debian's Chromium, driven by playwright-core):
 * the demo host page renders apps through mcpkit/apps-host, with the sandbox proxy on another
 * origin, against real MCP servers over HTTP. One browser and one page per server for the file.
 */
import { createServer, type Server } from 'node:http';
import { type Browser, chromium, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAppsHost, startAppsHost } from '../../examples/apps-host/host-server.js';
import { createDemoServer } from '../../examples/demo-server.js';
import { type RunningHttpServer, serveHttp } from '../../src/entries/node.js';
import { createProbeServer, type ProbeServer } from './probe-server.js';

const CHROMIUM = '/usr/bin/chromium';
/** How long a browser-side expectation may take: generous, the machine may be busy. */
const POLL = { timeout: 10_000 };

/** A plain HTTP server that counts requests; `cors` lets a page on any origin read its answer. */
async function countingServer(
  cors: boolean,
): Promise<{ server: Server; origin: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.writeHead(200, {
      'content-type': 'text/plain',
      ...(cors && { 'access-control-allow-origin': '*' }),
    });
    response.end('pong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}`, hits: () => hits };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The app inside the proxy inside the host page. */
function appFrame(page: Page): FrameLocator {
  return page.frameLocator('#view iframe').frameLocator('iframe');
}

function logLines(page: Page): Promise<string[]> {
  return page.locator('#log li').allTextContents();
}

let browser: Browser;
let host: RunningAppsHost;
let demo: RunningHttpServer;
let probeHttp: RunningHttpServer;
let probe: ProbeServer;
let outside: Awaited<ReturnType<typeof countingServer>>;
let allowed: Awaited<ReturnType<typeof countingServer>>;
let linked: Awaited<ReturnType<typeof countingServer>>;

beforeAll(async () => {
  outside = await countingServer(true);
  allowed = await countingServer(true);
  linked = await countingServer(false);
  probe = await createProbeServer(
    {
      outsideUrl: `${outside.origin}/ping`,
      allowedUrl: `${allowed.origin}/ping`,
      linkUrl: `${linked.origin}/page`,
    },
    allowed.origin,
  );
  [demo, probeHttp, browser] = await Promise.all([
    serveHttp(createDemoServer(), { port: 0 }),
    serveHttp(probe.server, { port: 0 }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    }),
  ]);
  host = await startAppsHost({ server: demo.url.href });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([
    host?.close(),
    demo?.close(),
    probeHttp?.close(),
    outside && closeServer(outside.server),
    allowed && closeServer(allowed.server),
    linked && closeServer(linked.server),
  ]);
});

describe('the demo host and the demo counter app', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage();
    await page.goto(host.url.href);
    await page.locator('#status', { hasText: 'Connected' }).waitFor({ timeout: 15_000 });
  }, 30_000);

  it('lists the app tools the model may call, and renders the counter app in the double iframe', async () => {
    const tools = await page.locator('#tools li strong').allTextContents();
    expect(tools).toEqual(['counter']); // counter_add is for the app only
    await page.getByRole('textbox', { name: 'counter arguments' }).fill('{"start": 41}');
    await page.getByRole('button', { name: 'Run counter' }).click();
    await expect.poll(() => appFrame(page).locator('#count').textContent(), POLL).toBe('41');
    // The outer frame is the sandbox proxy, on its own origin; the app is inside it.
    expect(await page.locator('#view iframe').getAttribute('src')).toBe(host.sandboxProxyUrl.href);
    expect(new URL(host.sandboxProxyUrl).origin).not.toBe(host.url.origin);
    expect(await logLines(page)).toContain('app initialized: mcpkit-demo-counter');
  });

  it('calls counter_add for the app when its +1 button is clicked, and the app shows the result', async () => {
    await appFrame(page).locator('#add').click();
    await expect.poll(() => appFrame(page).locator('#count').textContent(), POLL).toBe('42');
    await expect
      .poll(() => appFrame(page).locator('#status').textContent(), POLL)
      .toBe('counter_add answered 42.');
  });

  it('resizes the iframe to the size the app reports', async () => {
    const sizes = (await logLines(page)).filter((line) => line.startsWith('size '));
    expect(sizes.length).toBeGreaterThan(0);
    const height = Number(sizes.at(-1)?.split('x')[1]);
    expect(height).toBeGreaterThan(0);
    expect(await page.locator('#view iframe').evaluate((iframe) => iframe.style.height)).toBe(`${height}px`);
  });
});

describe('a probing app', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage();
    await page.goto(`${host.url.href}?server=${encodeURIComponent(probeHttp.url.href)}`);
    await page.locator('#status', { hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Run probe' }).click();
    await appFrame(page).locator('#out', { hasText: 'result {"probe":true}' }).waitFor({ timeout: 10_000 });
  }, 30_000);

  it('follows a resize the app asks for', async () => {
    const before = await page.locator('#view iframe').boundingBox();
    await appFrame(page).locator('#grow').click();
    await expect
      .poll(async () => (await page.locator('#view iframe').boundingBox())?.height ?? 0, POLL)
      .toBeGreaterThan(420);
    expect(before?.height ?? 0).toBeLessThan(420);
    expect((await logLines(page)).some((line) => /^size 300x\d+$/.test(line))).toBe(true);
  });

  it('refuses a tool whose visibility leaves apps out, and the tool never runs', async () => {
    await appFrame(page).locator('#secret').click();
    await expect
      .poll(() => appFrame(page).locator('#out').textContent(), POLL)
      .toBe('refused -32602: Tool "secret" is not available to apps: its visibility is ["model"]');
    expect(probe.secretCalls()).toBe(0);
  });

  it('blocks a fetch to an origin outside the CSP, which sees no request, and allows the declared one', async () => {
    await appFrame(page).locator('#outside').click();
    await expect
      .poll(() => appFrame(page).locator('#out').textContent(), POLL)
      .toBe('outside blocked: TypeError');
    expect(outside.hits()).toBe(0);
    // The control: the origin the resource declares in connectDomains is reachable.
    await appFrame(page).locator('#allowed').click();
    await expect.poll(() => appFrame(page).locator('#out').textContent(), POLL).toBe('allowed reached: pong');
    expect(allowed.hits()).toBe(1);
  });

  it('opens http(s) links through the host, and refuses any other scheme', async () => {
    await appFrame(page).locator('#script-link').click();
    await expect
      .poll(() => appFrame(page).locator('#out').textContent(), POLL)
      .toBe('refused -32602: ui/open-link: "url" must be an http or https URL');
    const opened = page.waitForEvent('popup');
    await appFrame(page).locator('#web-link').click();
    await expect
      .poll(() => appFrame(page).locator('#out').textContent(), POLL)
      .toBe(`opened ${linked.origin}/page`);
    expect(await logLines(page)).toContain(`open link ${linked.origin}/page`);
    await (await opened).close();
  });

  it('tears the app down: the app hears ui/resource-teardown and answers, then the iframe goes', async () => {
    await page.getByRole('button', { name: 'Close app' }).click();
    await expect.poll(() => logLines(page), POLL).toContain('teardown answered');
    const lines = await logLines(page);
    expect(lines).toContain('app log info: teardown received');
    expect(lines.indexOf('app log info: teardown received')).toBeLessThan(lines.indexOf('teardown answered'));
    expect(await page.locator('#view iframe').count()).toBe(0);
  });
});

describe('an app built with the official ext-apps App class', () => {
  it('connects to the mcpkit host, gets the tool input and result, and calls a tool through it', async () => {
    const page = await browser.newPage();
    await page.goto(`${host.url.href}?server=${encodeURIComponent(probeHttp.url.href)}`);
    await expect.poll(() => page.textContent('#status'), POLL).toContain('Connected');
    await page.getByRole('textbox', { name: 'official arguments' }).fill('{"word": "hello"}');
    await page.getByRole('button', { name: 'Run official' }).click();
    const out = appFrame(page).locator('#out');
    await expect.poll(() => out.textContent(), POLL).toContain('result {"upper":"HELLO"}');
    const shown = (await out.textContent())?.split('\n') ?? [];
    expect(shown).toEqual([
      'connected to mcpkit-apps-host-demo',
      'input {"word":"hello"}',
      'result {"upper":"HELLO"}',
    ]);
    await appFrame(page).locator('#echo').click();
    await expect.poll(() => out.textContent(), POLL).toContain('echo {"echoed":"from the official App"}');
    await page.getByRole('button', { name: 'Close app' }).click();
    await expect.poll(() => logLines(page), POLL).toContain('teardown answered');
    await page.close();
  }, 45_000);
});
