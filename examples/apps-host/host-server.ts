/**
 * The demo apps host's servers: the host page (with its script bundled on the fly and the MCP
 * relay) on one loopback port, and the sandbox proxy page on another, so on another origin.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { sandboxProxyHtml } from '../../src/entries/apps-host.js';
import { hostPageHtml } from './page-html.js';
import { relayMcp } from './relay.js';

/** Options of {@link startAppsHost}. */
export interface AppsHostOptions {
  /** The MCP server the page connects to by default. */
  readonly server: string;
  /** The host page's port (0: a free one). */
  readonly port?: number;
  /** The sandbox proxy's port (0, the default: a free one). */
  readonly proxyPort?: number;
}

/** A running demo host. */
export interface RunningAppsHost {
  /** The host page. */
  readonly url: URL;
  /** The sandbox proxy page (another origin). */
  readonly sandboxProxyUrl: URL;
  close(): Promise<void>;
}

const PAGE_SCRIPT = fileURLToPath(new URL('./page.ts', import.meta.url));

/** Bundles the page script for the browser. Node's modules stay out: the page never spawns a server. */
async function bundlePageScript(): Promise<string> {
  const built = await esbuild.build({
    entryPoints: [PAGE_SCRIPT],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    // The Client can spawn stdio servers with node:child_process, loaded only when asked to: never here.
    external: ['node:*'],
    logLevel: 'silent',
  });
  const [output] = built.outputFiles;
  if (!output) throw new Error('esbuild produced no host page script');
  return output.text;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the host page and the sandbox proxy.
 *
 * @example
 * const host = await startAppsHost({ server: 'http://127.0.0.1:3000/mcp', port: 8080 });
 * console.log(`open ${host.url.href}`);
 */
export async function startAppsHost(options: AppsHostOptions): Promise<RunningAppsHost> {
  const proxyPage = sandboxProxyHtml();
  const proxy = createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://proxy').pathname !== '/sandbox.html') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(proxyPage);
  });
  const proxyPort = await listen(proxy, options.proxyPort ?? 0);
  const sandboxProxyUrl = new URL(`http://127.0.0.1:${proxyPort}/sandbox.html`);

  let script: Promise<string> | undefined;
  let pageOrigin = '';
  const page = createServer((request, response) => {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 would be same-origin with itself.
    if (request.headers.host !== `127.0.0.1:${port}`) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end(`Open ${pageOrigin}/ (by that address)`);
      return;
    }
    const path = new URL(request.url ?? '/', pageOrigin).pathname;
    if (path === '/mcp') {
      relayMcp(request, response, pageOrigin).catch(() => response.destroy());
      return;
    }
    if (path === '/host.js') {
      script ??= bundlePageScript();
      script.then(
        (text) => response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(text),
        (error: Error) => {
          script = undefined; // try again on the next load
          response
            .writeHead(500, { 'content-type': 'text/plain' })
            .end(`Cannot bundle the host page: ${error.message}`);
        },
      );
      return;
    }
    if (path === '/') {
      const html = hostPageHtml({ defaultServer: options.server, sandboxProxyUrl: sandboxProxyUrl.href });
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  let port = 0;
  try {
    port = await listen(page, options.port ?? 0);
  } catch (error) {
    await stop(proxy);
    throw error;
  }
  pageOrigin = `http://127.0.0.1:${port}`;
  return {
    url: new URL(`${pageOrigin}/`),
    sandboxProxyUrl,
    close: async () => {
      await Promise.all([stop(page), stop(proxy)]);
    },
  };
}
