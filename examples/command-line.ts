/**
 * The command line every example shares, so each example file is about its
 * feature and not about flags:
 *
 *   node --import tsx examples/<name>.ts               # Streamable HTTP on 127.0.0.1:3000
 *   node --import tsx examples/<name>.ts --port 4000
 *   node --import tsx examples/<name>.ts --stdio       # for clients that start servers themselves
 *
 * Everything human-readable goes to stderr: on stdio, stdout belongs to the protocol.
 */
import { pathToFileURL } from 'node:url';
import { type RunningHttpServer, serveHttp } from '../src/entries/node.js';
import type { McpServer } from '../src/entries/server.js';
import { serveStdio } from '../src/entries/stdio.js';

/** Where a served example can be reached. */
export type Served = { kind: 'http'; running: RunningHttpServer } | { kind: 'stdio' };

/** Reads `--port N` (default 3000; 0 picks a free port). */
export function portFrom(argv: readonly string[]): number {
  const flag = argv.indexOf('--port');
  if (flag === -1) return 3000;
  const port = Number(argv[flag + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port needs a port number between 0 and 65535, got ${String(argv[flag + 1])}`);
  }
  return port;
}

/**
 * Serves `server` as the command line asks. On stdio it returns once the
 * client closes stdin; over HTTP once the port is open (Ctrl-C stops it).
 */
export async function serveFromCommandLine(
  server: McpServer,
  argv: readonly string[],
  label: string,
): Promise<Served> {
  if (argv.includes('--stdio')) {
    const running = await serveStdio(server);
    process.stderr.write(`${label}: serving MCP on stdio\n`);
    await running.closed;
    return { kind: 'stdio' };
  }
  // serveHttp binds 127.0.0.1 and refuses other Host/Origin headers (DNS-rebinding defence).
  const port = portFrom(argv);
  let running: RunningHttpServer;
  try {
    running = await serveHttp(server, { port });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw new Error(portTakenMessage(label, port));
    throw error;
  }
  process.stderr.write(`${label}: listening on ${running.url.href}\n`);
  const stop = () => {
    server.close(); // ends open subscriptions/listen streams so the port closes promptly
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { kind: 'http', running };
}

/** What to say when the port is taken: which port, and how to choose another with `--port`. */
export function portTakenMessage(label: string, port: number): string {
  const other = port === 65_535 ? port - 1 : port + 1;
  return (
    `${label}: port ${port} on 127.0.0.1 is already in use (EADDRINUSE), perhaps by an earlier run still going. ` +
    `Stop that, or choose another port with --port: npm start -- --port ${other} ` +
    `(node --import tsx examples/<name>.ts --port ${other} for another example; --port 0 picks a free one).`
  );
}

/** Runs `main` when `moduleUrl` is the program node was started with (not when a test imports it). */
export function runIfMain(moduleUrl: string, main: (argv: readonly string[]) => Promise<unknown>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  main(process.argv.slice(2)).then(
    (served) => {
      // A stdio server is done when its client hangs up; timers some examples keep must not hold it open.
      if ((served as Served | undefined)?.kind === 'stdio') process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
