/**
 * The README's own server behind nginx under a public name, as
 * docs/deploy.md says: `serveHttp` on a loopback port with the recipe's
 * `trustProxy` and `hostProtection`, nginx with the recipe's `location`
 * block, and mcpkit's client sending `Host: mcp.example.com` to nginx (as a
 * client that resolved the name to it would). nginx sends the backend its own
 * `Host` (the upstream address) and the public name in `X-Forwarded-Host`, so
 * the server answers only because it trusts the proxy. Both wires: tools/list,
 * the forecast's elicitation, and a listen stream (2026-07-28) or the
 * session's GET stream (2025-11-25).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { describeWithNginx, type NginxProcess, startNginx } from '../helpers/nginx.js';
import { freePort } from '../helpers/redis-server.js';
import { deployRecipe, readmeServerCode, substitute } from './readme-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PUBLIC_NAME = 'mcp.example.com';

/**
 * A `fetch` that sends `Host: host` (web fetch cannot set Host): node:http
 * underneath, the response body streamed as it arrives.
 */
function fetchWithHost(host: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.text() : undefined;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = httpRequest(
        request.url,
        {
          method: request.method,
          headers: { ...Object.fromEntries(request.headers), host },
          signal: init?.signal ?? undefined,
        },
        (incoming) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = incoming.statusCode ?? 0;
          const empty = [204, 205, 304].includes(status);
          if (empty) incoming.resume();
          resolve(
            new Response(empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), {
              status,
              headers,
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
}

/** Bundles the README's server served by the recipe's `serveHttp` call, on the port given as argument. */
async function bundleBehindProxy(dir: string): Promise<string> {
  const serving = substitute(
    deployRecipe('Behind a reverse proxy (nginx)', 'ts'),
    'port: 3000',
    'port: Number(process.argv[2])',
  );
  const entry = join(dir, 'entry-node.ts');
  writeFileSync(entry, `import { serveHttp } from 'mcpkit/node';\n${readmeServerCode()}\n${serving}\n`);
  const outfile = join(dir, 'server-node.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS dependencies may require Node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    alias: {
      'mcpkit/server': join(root, 'src/entries/server.ts'),
      'mcpkit/node': join(root, 'src/entries/node.ts'),
    },
    nodePaths: [join(root, 'node_modules')],
  });
  return outfile;
}

/** Resolves once `url` answers at all (any status). */
async function answering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the server did not answer at ${url}: ${output()}`);
}

describeWithNginx("the README's server behind nginx under a public name", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpkit-deploy-nginx-'));
  let child: ChildProcess;
  let output = '';
  let nginx: NginxProcess;

  beforeAll(async () => {
    const file = await bundleBehindProxy(dir);
    const port = await freePort();
    child = spawn(process.execPath, [file, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk.toString();
    });
    await answering(`http://127.0.0.1:${port}/mcp`, child, () => output);
    const location = substitute(
      deployRecipe('Behind a reverse proxy (nginx)', 'nginx'),
      'http://127.0.0.1:3000',
      `http://127.0.0.1:${port}`,
    );
    nginx = await startNginx([port], { location });
  }, 30_000);

  afterAll(async () => {
    await nginx?.stop();
    const pid = child?.pid;
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const onElicit =
    (asked: string[], metric: boolean) =>
    async ({ message }: { message: string }) => {
      asked.push(message);
      return { action: 'accept' as const, content: { metric } };
    };

  it('serves a 2026-07-28 client at the public name: tools/list, an elicitation round, a listen stream', async () => {
    const asked: string[] = [];
    const client = await Client.connect(nginx.url, {
      protocolVersion: '2026-07-28',
      fetch: fetchWithHost(PUBLIC_NAME),
      timeoutMs: 10_000,
      warn: () => {},
      onElicit: onElicit(asked, false),
    });
    const controller = new AbortController();
    try {
      expect((await client.listAllTools()).map((tool) => tool.name)).toEqual(['forecast']);
      const result = await client.callTool('forecast', { city: 'Oslo' });
      expect(result.structuredContent).toEqual({ tempC: 70 });
      expect(asked).toEqual(['Metric units for Oslo?']);
      const events = client.listen({ toolsListChanged: true }, { signal: controller.signal });
      const first = await events[Symbol.asyncIterator]().next();
      expect(first.value?.method).toBe('notifications/subscriptions/acknowledged');
    } finally {
      controller.abort();
      await client.close();
    }
  });

  it('serves a 2025-11-25 session at the public name: tools/list and an elicitation on the call stream', async () => {
    const asked: string[] = [];
    const client = await Client.connect(nginx.url, {
      protocolVersion: '2025-11-25',
      fetch: fetchWithHost(PUBLIC_NAME),
      timeoutMs: 10_000,
      warn: () => {},
      onElicit: onElicit(asked, true),
    });
    try {
      expect(client.protocolVersion).toBe('2025-11-25');
      expect((await client.listAllTools()).map((tool) => tool.name)).toEqual(['forecast']);
      const result = await client.callTool('forecast', { city: 'Lima' });
      expect(result.structuredContent).toEqual({ tempC: 21 });
      expect(asked).toEqual(['Metric units for Lima?']);
    } finally {
      await client.close();
    }
  });

  it('refuses another name and a foreign page through the proxy, naming hostProtection', async () => {
    const connect = (host: string) =>
      Client.connect(nginx.url, { fetch: fetchWithHost(host), timeoutMs: 10_000, warn: () => {} });
    await expect(connect('other.example.com')).rejects.toThrow(/other\.example\.com.*hostProtection/s);
    const page: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('origin', 'https://evil.example');
      return fetchWithHost(PUBLIC_NAME)(input, { ...init, headers });
    };
    await expect(
      Client.connect(nginx.url, { fetch: page, timeoutMs: 10_000, warn: () => {} }),
    ).rejects.toThrow(/evil\.example.*hostProtection/s);
  });
});
