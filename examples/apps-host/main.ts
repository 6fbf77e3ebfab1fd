/**
 * `npm run apps-host -- --port N [--server URL]`: a web host for MCP Apps, built on
 * mcpkit/apps-host. Without `--server` it starts the demo server (examples/demo-server.ts) and
 * connects the page to it; open the printed URL, run `counter`, and click +1 in the app.
 */
import { serveHttp } from '../../src/entries/node.js';
import { portFrom, runIfMain } from '../command-line.js';
import { createDemoServer } from '../demo-server.js';
import { startAppsHost } from './host-server.js';

function serverFrom(argv: readonly string[]): string | undefined {
  const flag = argv.indexOf('--server');
  if (flag === -1) return undefined;
  const value = argv[flag + 1];
  try {
    return new URL(value ?? '').href;
  } catch {
    throw new Error(`--server needs an MCP server URL, got ${String(value)}`);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const given = serverFrom(argv);
  const demo = given === undefined ? createDemoServer() : undefined;
  const running = demo ? await serveHttp(demo, { port: 0 }) : undefined;
  const server = given ?? running?.url.href ?? '';
  const host = await startAppsHost({ server, port: portFrom(argv) });
  process.stderr.write(
    `mcpkit apps host: open ${host.url.href}\n` +
      `  MCP server:    ${server}${demo ? ' (the demo server)' : ''}\n` +
      `  sandbox proxy: ${host.sandboxProxyUrl.href} (another origin)\n`,
  );
  const stop = () => {
    demo?.close();
    void Promise.all([host.close(), running?.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

runIfMain(import.meta.url, main);
