/**
 * Proxy: a local server that is a remote one. Its tools, prompts and resources are those of the
 * server at the URL given, kept in step with its list changes; every call is forwarded with its
 * progress, cancellation and questions (elicitation, sampling), whichever revision each side
 * speaks. Here each caller also reaches the remote server as itself: the `x-user` header the
 * caller sent is the one the proxy sends on that caller's calls.
 *
 *   node --import tsx examples/proxy.ts http://127.0.0.1:3000/mcp --port 4000
 *   node --import tsx examples/proxy.ts http://127.0.0.1:3000/mcp --stdio   # for a desktop host
 *
 * (`mcpkit proxy <url> [--stdio | --port N]` does the same from the command line, without the
 * per-caller mapping.)
 */
import { Client } from '../src/entries/client.js';
import { createProxy, type McpProxy, proxyClientInput } from '../src/entries/proxy.js';
import type { ServerContext } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/**
 * A proxy of the server at `upstream`. Lists come from one connection; each caller's calls go
 * through a connection of its own, made on its first call, that carries its `x-user` header.
 */
export async function createUserProxy(upstream: string | URL): Promise<McpProxy> {
  const perUser = new Map<string, Promise<Client>>();
  const shared = await Client.connect(upstream, { ...proxyClientInput() });
  const proxy = await createProxy(shared, {
    serverInfo: { name: 'user-proxy', version: '1.0.0' },
    upstreamFor: (ctx: ServerContext) => {
      const user = ctx.http?.header('x-user');
      if (!user) return shared;
      let client = perUser.get(user);
      if (!client) {
        client = Client.connect(upstream, { ...proxyClientInput(), headers: { 'x-user': user } });
        perUser.set(user, client);
      }
      return client;
    },
  });
  return {
    server: proxy.server,
    upstream: proxy.upstream,
    refresh: () => proxy.refresh(),
    close: async () => {
      await proxy.close();
      for (const client of perUser.values()) await (await client).close();
      await shared.close();
    },
  };
}

runIfMain(import.meta.url, async (argv) => {
  const upstream = argv.find((arg) => /^https?:/.test(arg));
  if (!upstream)
    throw new Error('Give the URL of the server to proxy: examples/proxy.ts <url> [--port N | --stdio]');
  const proxy = await createUserProxy(upstream);
  return serveFromCommandLine(proxy.server, argv, 'proxy example');
});
