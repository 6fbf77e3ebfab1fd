/**
 * `mcpkit proxy`: serves the server the command line names through the proxy (`createProxy`),
 * over stdio for a desktop host or over HTTP, until the host hangs up, Ctrl-C or SIGTERM.
 */

import type { Client } from '../client/client.js';
import { createProxy } from '../client/proxy/proxy.js';
import { serveHttp } from '../node/serve-http.js';
import { serveStdio } from '../node/serve-stdio.js';
import type { CliCommand, Target } from './args.js';

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
  const serving = run.command.proxy ?? { kind: 'stdio' };
  const proxy = await createProxy(run.client, {
    server: { warn: (message) => run.say(`mcpkit: warning: ${message}\n`) },
  });
  const stopped = stopRequested(run.signal);
  try {
    const upstream = describeTarget(run.command.target);
    if (serving.kind === 'stdio') {
      const running = await serveStdio(proxy.server);
      run.say(`mcpkit: proxying ${upstream} (${run.client.protocolVersion}) on stdio\n`);
      await Promise.race([running.closed, stopped.promise]);
      await running.close();
    } else {
      const running = await serveHttp(proxy.server, { port: serving.port });
      run.say(`mcpkit: proxying ${upstream} (${run.client.protocolVersion}) at ${running.url.href}\n`);
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
