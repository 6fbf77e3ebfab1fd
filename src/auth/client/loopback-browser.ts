/**
 * The redirect flow for command-line and desktop apps (RFC 8252): listen on a
 * loopback port, print the authorization URL, open it in the browser when the
 * platform has an opener, and wait for the browser to come back. `node:http` and
 * `node:child_process` are imported when a sign-in starts: `mcpkit/client` exports this, and a
 * client that never signs in must not load them.
 */
import { AuthorizationCancelledError } from './errors.js';
import type { RedirectSetup } from './redirect.js';

/**
 * Options of {@link loopbackBrowserRedirect}.
 *
 * @example
 * const options: LoopbackBrowserOptions = { port: 9000, openBrowser: false, print: console.log };
 */
export interface LoopbackBrowserOptions {
  /** The loopback port to listen on. Default 8976. */
  port?: number;
  /** The callback path. Default `/callback`. */
  path?: string;
  /** Try to open the browser. Default true. */
  openBrowser?: boolean;
  /** Where to tell the user what to do. Default stderr. */
  print?: (message: string) => void;
  /** How long to wait for the user, ms. Default 5 minutes. */
  timeoutMs?: number;
}

/** Opens `url` with the platform's opener; silently does nothing when there is none. */
async function openInBrowser(url: string): Promise<void> {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  try {
    const { spawn } = await import('node:child_process');
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // No opener installed: the printed URL is enough.
    child.unref();
  } catch {
    // Spawning itself failed (no such program): the printed URL is enough.
  }
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>mcpkit</title><p>${text}</p><p>You can close this window.</p>`;

/**
 * A redirect URI on 127.0.0.1 and a handler that waits there for the browser.
 *
 * @example
 * const auth = new OAuthClientAuth({ store: new FileAuthStore(path), ...loopbackBrowserRedirect() });
 */
export function loopbackBrowserRedirect(options: LoopbackBrowserOptions = {}): RedirectSetup {
  const port = options.port ?? 8976;
  const path = options.path ?? '/callback';
  const redirectUri = `http://127.0.0.1:${port}${path}`;
  const print = options.print ?? ((message: string) => process.stderr.write(`${message}\n`));
  return {
    redirectUri,
    redirect: async (authorizationUrl) => {
      const { createServer } = await import('node:http');
      return new Promise<URL>((resolve, reject) => {
        const expectedState = authorizationUrl.searchParams.get('state');
        const server = createServer((req, res) => {
          let url: URL;
          try {
            url = new URL(req.url ?? '/', redirectUri);
          } catch {
            res.writeHead(400).end();
            return;
          }
          // Only the callback of this very authorization request ends the wait: another local
          // process or page hitting the port must not cut the sign-in short.
          if (
            url.pathname !== path ||
            (!url.searchParams.has('code') && !url.searchParams.has('error')) ||
            url.searchParams.get('state') !== expectedState
          ) {
            res.writeHead(404).end();
            return;
          }
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(PAGE(url.searchParams.has('code') ? 'Signed in.' : 'Sign-in did not complete.'));
          finish(() => resolve(url));
        });
        const timer = setTimeout(
          () => finish(() => reject(new AuthorizationCancelledError('Nobody completed the sign-in in time'))),
          options.timeoutMs ?? 5 * 60_000,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          server.close();
          server.closeAllConnections();
          settle();
        };
        server.once('error', (error) =>
          finish(() =>
            reject(
              new AuthorizationCancelledError(
                `Cannot listen on ${redirectUri} for the sign-in: ${error.message}`,
              ),
            ),
          ),
        );
        server.listen(port, '127.0.0.1', () => {
          print(`Sign in to continue: ${authorizationUrl.href}`);
          if (options.openBrowser !== false) void openInBrowser(authorizationUrl.href);
        });
      });
    },
  };
}
