/**
 * examples/proxy.ts: the mount example's gateway proxied, a question asked through the proxy,
 * and each caller reaching the upstream server as itself (docs/composition.md, "Proxy").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../examples/mount.js';
import { createUserProxy } from '../../examples/proxy.js';
import { Client } from '../../src/client/client.js';
import type { McpProxy } from '../../src/client/proxy/proxy.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';

let upstream: RunningHttpServer;
let proxy: McpProxy;
let served: RunningHttpServer;

beforeAll(async () => {
  const gateway = createGateway();
  gateway.registerTool('whoami', { description: 'Says who called.' }, (ctx) => ({
    content: [{ type: 'text', text: ctx.http?.header('x-user') ?? 'nobody' }],
  }));
  upstream = await serveHttp(gateway, { port: 0 });
  proxy = await createUserProxy(upstream.url);
  served = await serveHttp(proxy.server, { port: 0 });
});

afterAll(async () => {
  await served?.close();
  await proxy?.close();
  await upstream?.close();
});

describe('examples/proxy.ts', () => {
  it('serves the upstream tools and forwards a question to the caller', async () => {
    const client = await Client.connect(served.url, {
      onElicit: async () => ({ action: 'accept', content: { units: 'fahrenheit' } }),
    });
    try {
      expect(client.server.serverInfo?.name).toBe('user-proxy');
      const names = (await client.listAllTools()).map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['ping', 'weather_forecast', 'notes_search', 'whoami']));
      const forecast = await client.callTool('weather_forecast', { city: 'Paris' });
      expect(forecast.content[0]).toMatchObject({ text: 'Paris: 70°F, sunny' });
      const note = await client.readResource('notes://ideas');
      expect(note.contents[0]).toMatchObject({ text: 'a gateway for MCP servers' });
    } finally {
      await client.close();
    }
  });

  it('calls upstream as the caller: each x-user goes through its own connection', async () => {
    const callAs = async (user: string | undefined) => {
      const client = await Client.connect(served.url, user ? { headers: { 'x-user': user } } : {});
      try {
        const result = await client.callTool('whoami', {});
        return (result.content[0] as { text: string }).text;
      } finally {
        await client.close();
      }
    };
    expect(await callAs('ada')).toBe('ada');
    expect(await callAs('grace')).toBe('grace');
    expect(await callAs(undefined)).toBe('nobody');
  });
});
