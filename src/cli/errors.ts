/**
 * Exit codes of the mcpkit CLI and how an error maps to one, with a message
 * that tells the user what to check.
 */
import { AuthorizationError } from '../auth/client/errors.js';
import { ConnectionClosedError, McpError, RequestCancelledError } from '../protocol/errors.js';
import { HttpStatusError, SsrfBlockedError, StreamInterruptedError } from '../transport/http/errors.js';

/**
 * The CLI's exit codes.
 *
 * @example
 * process.exitCode = ExitCode.Usage; // 2
 */
export const ExitCode = {
  /** Everything worked. */
  Ok: 0,
  /** The server answered with an error, or a tool reported one (`isError`). */
  ServerError: 1,
  /** The command line was wrong; the message says what to do. */
  Usage: 2,
  /** The server could not be started or reached. */
  Connection: 3,
  /** Interrupted with Ctrl-C. */
  Interrupted: 130,
} as const;

/**
 * A mistake on the command line (or in an answer given by flag). Exit code 2.
 *
 * @example
 * throw new UsageError('call needs a tool name: mcpkit call <tool> <url>');
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The server could not be started or reached. Exit code 3.
 *
 * @example
 * throw new ConnectFailure('Could not reach http://127.0.0.1:1/mcp: connection refused.');
 */
export class ConnectFailure extends Error {
  override name = 'ConnectFailure';
}

/**
 * The user pressed Ctrl-C. Exit code 130.
 *
 * @example
 * controller.abort(new Interrupted());
 */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor() {
    super('Interrupted.');
  }
}

/**
 * The exit code for an error that ended a command.
 *
 * @example
 * exitCodeFor(new UsageError('no verb')); // 2
 * exitCodeFor(new McpError(-32602, 'Unknown tool: nope')); // 1
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof ConnectFailure) return ExitCode.Connection;
  if (error instanceof Interrupted) return ExitCode.Interrupted;
  if (error instanceof RequestCancelledError && error.reason instanceof Interrupted)
    return ExitCode.Interrupted;
  if (error instanceof McpError) return ExitCode.ServerError;
  if (isConnectionLoss(error)) return ExitCode.Connection;
  return ExitCode.ServerError;
}

/**
 * True when an error means the connection to the server failed or was lost
 * (not that the server answered with an error).
 *
 * @example
 * isConnectionLoss(new ConnectionClosedError()); // true
 */
export function isConnectionLoss(error: unknown): boolean {
  return (
    error instanceof ConnectionClosedError ||
    error instanceof HttpStatusError ||
    error instanceof StreamInterruptedError ||
    (error instanceof TypeError && error.message === 'fetch failed')
  );
}

/**
 * The one-line message to print for an error that ended a command.
 *
 * @example
 * describeError(new McpError(-32602, 'Unknown tool: nope'));
 * // 'The server answered with an error (-32602): Unknown tool: nope'
 */
export function describeError(error: unknown): string {
  if (error instanceof McpError) return `The server answered with an error (${error.code}): ${error.message}`;
  if (error instanceof RequestCancelledError && error.reason instanceof Interrupted) return 'Interrupted.';
  if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403))
    return `${oneLine(error.message)}. ${authorizationHint(error.status)}`;
  if (error instanceof AuthorizationError)
    return `Could not sign in: ${oneLine(error.message)}. ${authorizationHint(401)}`;
  if (isConnectionLoss(error))
    return `Lost the connection to the server: ${messageOf(error)}. Check that the server is still running.`;
  return messageOf(error);
}

/**
 * Explains why connecting failed and what to check, for a URL or a command.
 *
 * @example
 * connectFailure({ url: 'http://127.0.0.1:1/mcp' }, error).message;
 * // 'Could not reach http://127.0.0.1:1/mcp: connection refused. Check that ...'
 */
export function connectFailure(
  target: { url: string } | { commandLine: string },
  error: unknown,
): ConnectFailure {
  const code = systemCodeOf(error);
  if ('url' in target) {
    if (error instanceof AuthorizationError) {
      return new ConnectFailure(
        `Could not sign in to ${target.url}: ${oneLine(error.message)}. ${authorizationHint(401)}`,
      );
    }
    if (error instanceof SsrfBlockedError) {
      const host = URL.canParse(error.url) ? new URL(error.url).hostname.replace(/^\[(.*)\]$/, '$1') : '';
      const hint = host ? ` If that host is meant to be reached, pass --ssrf-allow ${host}.` : '';
      return new ConnectFailure(
        `Could not connect to ${target.url}: the server sent the client to ${error.url}${error.address ? ` (${error.address})` : ''}, ${error.reason}; the client does not follow a server to internal addresses you did not name (SSRF protection).${hint}`,
      );
    }
    if (error instanceof HttpStatusError) {
      const hint =
        error.status === 401 || error.status === 403
          ? authorizationHint(error.status)
          : error.status === 404
            ? 'Check the path of the URL (MCP endpoints are often at /mcp).'
            : 'Check that the URL points at an MCP endpoint.';
      return new ConnectFailure(`Could not connect to ${target.url}: ${oneLine(error.message)}. ${hint}`);
    }
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host not found'
          : messageOf(error);
    return new ConnectFailure(
      `Could not reach ${target.url}: ${reason}. Check that the server is running and that the URL (host, port and path) is right.`,
    );
  }
  if (code === 'ENOENT')
    return new ConnectFailure(
      `Could not start \`${target.commandLine}\`: command not found. Check that the program is installed and on PATH, or give its full path.`,
    );
  if (code === 'EACCES')
    return new ConnectFailure(
      `Could not start \`${target.commandLine}\`: permission denied. Check that the program is executable.`,
    );
  return new ConnectFailure(
    `Could not connect to the server started by \`${target.commandLine}\`: ${messageOf(error)}. Check that the command starts an MCP server on stdio; its own error output above may say why.`,
  );
}

/**
 * What to do about a 401 or 403: the server needs authorization, and the
 * flags that give it.
 *
 * @example
 * authorizationHint(401); // 'The server needs authorization: ...'
 */
export function authorizationHint(status: number): string {
  if (status === 403) {
    return (
      'The server refused access with these credentials (403): they may lack a permission. ' +
      'Ask for more with --scope <scopes>, or give other credentials with --token <token>.'
    );
  }
  return (
    "The server needs authorization: give a token with --token <token> (or --header 'Authorization: Bearer <token>'), " +
    'or let mcpkit sign in with OAuth (the default without --no-auth or --token; --client-id and --client-secret ' +
    'for a client registered ahead of time, --no-browser to print the sign-in URL instead of opening it).'
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first `code` like `ECONNREFUSED` along the error's cause chain. */
function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors[0] instanceof Error) {
      const inner = systemCodeOf(errors[0]);
      if (inner) return inner;
    }
    current = current.cause;
  }
  return undefined;
}
