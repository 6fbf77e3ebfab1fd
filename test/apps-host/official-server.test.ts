/**
 * The demo host against an official MCP Apps example server from the npm registry
 * (`@modelcontextprotocol/server-basic-vanillajs`, built with the official SDK and ext-apps
 * helpers, its app written with the official `App` class): the page lists its app tool, renders
 * the app through mcpkit/apps-host, and the app's own button calls the server's tool back
 * through the bridge. The server runs as its published binary, on a free loopback port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAppsHost, startAppsHost } from '../../examples/apps-host/host-server.js';
import { accepts, exited, freePort } from '../helpers/processes.js';

const CHROMIUM = '/usr/bin/chromium';
const POLL = { timeout: 15_000 };
/** Its published binary (the package exports no subpath to resolve it by). */
const SERVER_BIN = fileURLToPath(
  new URL('../../node_modules/.bin/mcp-server-basic-vanillajs', import.meta.url),
);

function appFrame(page: Page): FrameLocator {
  return page.frameLocator('#view iframe').frameLocator('iframe');
}

let official: ChildProcess;
let host: RunningAppsHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const port = await freePort();
  official = spawn(process.execPath, [SERVER_BIN], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline || official.exitCode !== null)
      throw new Error('the official example server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  [host, browser] = await Promise.all([
    startAppsHost({ server: `http://127.0.0.1:${port}/mcp` }),
    chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }),
  ]);
  page = await browser.newPage();
  await page.goto(host.url.href);
  await page.locator('#status', { hasText: 'Connected' }).waitFor({ timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (official && official.exitCode === null) {
    official.kill('SIGTERM');
    await exited(official);
  }
});

describe('the demo host with the official basic example server', () => {
  it('lists its app tool and renders the official app, which calls the tool back through the bridge', async () => {
    expect(await page.locator('#tools li strong').allTextContents()).toEqual(['get-time']);
    await page.getByRole('button', { name: 'Run get-time' }).click();
    await expect
      .poll(() => page.locator('#log li').allTextContents(), POLL)
      .toContainEqual(expect.stringMatching(/^app initialized: /));
    // The app shows the time of the result the host sent it.
    const time = appFrame(page).locator('#server-time');
    await expect.poll(async () => Date.parse((await time.textContent()) ?? ''), POLL).not.toBeNaN();
    const first = await time.textContent();
    // Its button asks the server again, through mcpkit's host: a later time comes back.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await appFrame(page).locator('#get-time-btn').click();
    await expect.poll(() => time.textContent(), POLL).not.toBe(first);
    expect(Date.parse((await time.textContent()) ?? '')).toBeGreaterThan(Date.parse(first ?? ''));
  }, 60_000);
});
