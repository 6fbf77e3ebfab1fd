/**
 * The Host/Origin policy as a user meets it, over real sockets: `serveHttp`
 * on a loopback address keeps loopback protection and names the option in
 * every refusal; on a non-loopback address without a policy it warns once at
 * start, answers any Host and refuses foreign pages; an explicit policy is
 * obeyed without a warning; an untrusted `X-Forwarded-Host` is ignored and the
 * refusal says how to trust it. (`server.fetch`'s default is exercised on
 * workerd, Deno and Bun in runtimes.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningHttpServer, serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { rawPost } from '../helpers/raw-post.js';

function weather(warnings: string[], http?: ConstructorParameters<typeof McpServer>[1]) {
  const server = new McpServer(
    { name: 'weather', version: '1.0.0' },
    { ...http, warn: (message) => warnings.push(message) },
  );
  server.registerTool('forecast', { description: 'Forecast' }, async () => ({ content: [] }));
  return server;
}

/** The same URL on the loopback interface (a 0.0.0.0 server is reached there too). */
const loopbackUrl = (running: RunningHttpServer) => `http://127.0.0.1:${running.url.port}/mcp`;

describe('host policy of serveHttp', () => {
  let running: RunningHttpServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('on a loopback bind, refuses a public Host and names hostProtection with the name to add', async () => {
    const warnings: string[] = [];
    running = await serveHttp(weather(warnings), { port: 0 });
    const refused = await rawPost(loopbackUrl(running), { host: 'mcp.example.com' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Host \\"mcp.example.com\\" is not allowed');
    expect(refused.body).toContain('hostProtection');
    expect(refused.body).toContain('{ allowedHosts: [\\"mcp.example.com\\"] }');
    expect((await rawPost(loopbackUrl(running), { host: `localhost:${running.url.port}` })).status).toBe(200);
    expect(warnings).toEqual([]);
  });

  it('on 0.0.0.0 without a policy, warns once at start, answers any Host and refuses foreign pages', async () => {
    const warnings: string[] = [];
    running = await serveHttp(weather(warnings), { port: 0, host: '0.0.0.0' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/0\.0\.0\.0.*hostProtection.*docs\/deploy\.md/s);
    expect((await rawPost(loopbackUrl(running), { host: 'mcp.example.com' })).status).toBe(200);
    expect((await rawPost(loopbackUrl(running), { host: 'other.example.org:8080' })).status).toBe(200);
    const page = await rawPost(loopbackUrl(running), { origin: 'http://rebound.example:3000' });
    expect(page.status).toBe(403);
    expect(page.body).toContain('hostProtection');
    expect((await rawPost(loopbackUrl(running), { origin: 'http://localhost:6274' })).status).toBe(200);
    expect(warnings).toHaveLength(1);
  });

  it('on 0.0.0.0 with a policy (McpServer option or serveHttp option), obeys it without a warning', async () => {
    const warnings: string[] = [];
    const policy = { allowedHosts: ['mcp.example.com'] };
    running = await serveHttp(weather(warnings, { http: { hostProtection: policy } }), {
      port: 0,
      host: '0.0.0.0',
    });
    expect((await rawPost(loopbackUrl(running), { host: 'mcp.example.com' })).status).toBe(200);
    expect((await rawPost(loopbackUrl(running), { host: 'other.example.org' })).status).toBe(403);
    await running.close();
    running = await serveHttp(weather(warnings), { port: 0, host: '0.0.0.0', hostProtection: policy });
    expect((await rawPost(loopbackUrl(running), { host: 'other.example.org' })).status).toBe(403);
    expect(warnings).toEqual([]);
  });

  it('ignores X-Forwarded-Host unless trustProxy is set, and says so in the refusal', async () => {
    const warnings: string[] = [];
    const hostProtection = { allowedHosts: ['mcp.example.com'] };
    running = await serveHttp(weather(warnings), { port: 0, hostProtection });
    const proxied = { host: `127.0.0.1:${running.url.port}`, 'x-forwarded-host': 'mcp.example.com' };
    const ignored = await rawPost(loopbackUrl(running), proxied);
    expect(ignored.status).toBe(403);
    expect(ignored.body).toContain('trustProxy');
    await running.close();

    running = await serveHttp(weather(warnings), { port: 0, hostProtection, trustProxy: 1 });
    const trusted = { ...proxied, host: `127.0.0.1:${running.url.port}` };
    expect((await rawPost(loopbackUrl(running), trusted)).status).toBe(200);
    // A name the client put before the proxy's is not the one checked.
    const spoofed = { ...trusted, 'x-forwarded-host': 'mcp.example.com, evil.example' };
    expect((await rawPost(loopbackUrl(running), spoofed)).status).toBe(403);
    await running.close();

    // By address: the peer here is 127.0.0.1, so listing another address leaves the header ignored.
    running = await serveHttp(weather(warnings), { port: 0, hostProtection, trustProxy: ['10.0.0.7'] });
    expect((await rawPost(loopbackUrl(running), { ...proxied, host: '127.0.0.1' })).status).toBe(403);
    await running.close();
    running = await serveHttp(weather(warnings), { port: 0, hostProtection, trustProxy: ['127.0.0.1'] });
    expect((await rawPost(loopbackUrl(running), { ...proxied, host: '127.0.0.1' })).status).toBe(200);
  });

  it('server.fetch obeys an explicit policy: loopback refuses the deployed name', async () => {
    const server = weather([], { http: { hostProtection: 'loopback' } });
    const response = await server.fetch(
      new Request('https://weather.example.workers.dev/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('hostProtection');
  });
});
