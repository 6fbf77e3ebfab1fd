/**
 * `mcpkit proxy`: serves the server the command line names through the proxy (`createProxy`),
 * over stdio for a desktop host or over HTTP, until the host hangs up, Ctrl-C or SIGTERM.
 */

import type { Client } from '../client/client.js';
import { createProxy } from '../client/proxy/proxy.js';
import { serveHttp } from '../node/serve-http.js';
import { serveStdio } from '../node/serve-stdio.js';
import type { CliCommand, ProxyServing, Target } from './args.js';

/** What `runProxy` needs of a CLI run (a verb's context). */
export interface ProxyRun {
  /** The upstream client, connected. */
  client: Client;
  command: CliCommand;
  /** Writes to stderr. */
  say(text: string): void;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
}

/**
 * Runs the proxy until the downstream side ends (stdin closed, for stdio) or the process is told
 * to stop, which is its success.
 *
 * @example
 * await runProxy({ client, command, say: (text) => process.stderr.write(text), signal });
 */
export async function runProxy(run: ProxyRun): Promise<void> {
  const upstream = describeTarget(run.command.target);
  await serveProxy({
    client: run.client,
    serving: run.command.proxy ?? { kind: 'stdio' },
    say: run.say,
    signal: run.signal,
    announce: (where) => `mcpkit: proxying ${upstream} (${run.client.protocolVersion}) ${where}\n`,
  });
}

/** What {@link serveProxy} needs: the upstream client, how to serve it, and where to report. */
export interface ProxyServingRun {
  /** The upstream client, connected. */
  client: Client;
  serving: ProxyServing;
  /** Writes to stderr. */
  say(text: string): void;
  /** Stops serving when it aborts (Ctrl-C); SIGTERM does too. */
  signal: AbortSignal;
  /** The line said once serving, given where: `on stdio` or `at <url>`. */
  announce(where: string): string;
}

/**
 * Serves `client`'s server through {@link createProxy}, over stdio or HTTP, until stdin closes
 * (stdio), `signal` aborts or SIGTERM comes; then stops serving and ends the proxy. Shared by
 * `mcpkit proxy` and `mcpkit dev --port`, whose upstream is the dev relay.
 *
 * @example
 * await serveProxy({
 *   client,
 *   serving: { kind: 'http', port: 0 },
 *   say: (text) => process.stderr.write(text),
 *   signal,
 *   announce: (where) => `serving ${where}\n`,
 * });
 */
export async function serveProxy(run: ProxyServingRun): Promise<void> {
  const proxy = await createProxy(run.client, {
    server: { warn: (message) => run.say(`mcpkit: warning: ${message}\n`) },
  });
  const stopped = stopRequested(run.signal);
  try {
    if (run.serving.kind === 'stdio') {
      const running = await serveStdio(proxy.server);
      run.say(run.announce('on stdio'));
      await Promise.race([running.closed, stopped.promise]);
      await running.close();
    } else {
      const running = await serveHttp(proxy.server, { port: run.serving.port });
      run.say(run.announce(`at ${running.url.href}`));
      await stopped.promise;
      await running.close();
    }
  } finally {
    stopped.dispose();
    await proxy.close();
  }
}

/** Settles on Ctrl-C (the run's signal) or SIGTERM, the way hosts and service managers stop a server. */
function stopRequested(signal: AbortSignal): { promise: Promise<void>; dispose(): void } {
  let stop = () => {};
  const promise = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onTerm = () => stop();
  process.once('SIGTERM', onTerm);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', onTerm, { once: true });
  return {
    promise,
    dispose: () => {
      process.off('SIGTERM', onTerm);
      signal.removeEventListener('abort', onTerm);
    },
  };
}

function describeTarget(target: Target): string {
  return target.kind === 'url' ? target.url : [target.command, ...target.args].join(' ');
}
