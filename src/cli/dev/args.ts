/**
 * The command line of `mcpkit dev`: the server file (or `--` and any command),
 * the arguments it gets, and what else to watch.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { portNumber } from '../port.js';

/**
 * What `mcpkit dev` runs: a server file (run with Node, TypeScript through
 * tsx), or any command given after `--`.
 *
 * @example
 * const server: DevServer = { kind: 'file', file: 'server.ts', args: ['--verbose'] };
 */
export type DevServer =
  | { kind: 'file'; file: string; args: string[] }
  | { kind: 'command'; command: string; args: string[] };

/**
 * A checked `mcpkit dev` command line.
 *
 * @example
 * const command = parseDevCommandLine(['server.ts', '--watch', 'lib', '--port', '3000']);
 * // { kind: 'dev', server: { kind: 'file', file: 'server.ts', args: [] }, watch: ['lib'], port: 3000 }
 */
export interface DevCommand {
  kind: 'dev';
  server: DevServer;
  /** `--watch <path>`: more files or folders whose changes restart the server. */
  watch: string[];
  /**
   * `--port N`: serve the server over HTTP on 127.0.0.1:N (0: any free port) for any number of
   * hosts, instead of stdio for the one host that started `mcpkit dev`.
   */
  port?: number;
}

const USAGE =
  'mcpkit dev [--watch <path>] [--port N] <server-file> [-- args...]  or  mcpkit dev [--watch <path>] [--port N] -- <command> [args...]';

/**
 * Parses what follows `mcpkit dev`. Throws {@link UsageError} saying what to type.
 *
 * @example
 * parseDevCommandLine(['--', 'python', 'server.py']);
 * // { kind: 'dev', server: { kind: 'command', command: 'python', args: ['server.py'] }, watch: [] }
 */
export function parseDevCommandLine(argv: readonly string[]): DevCommand | { kind: 'help' } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (${USAGE})`);
  }
  const { values, tokens } = parsed;
  if (values.help) return { kind: 'help' };
  const terminator = tokens.findIndex((token) => token.kind === 'option-terminator');
  const before: string[] = [];
  const after: string[] = [];
  tokens.forEach((token, index) => {
    if (token.kind === 'positional')
      (terminator !== -1 && index > terminator ? after : before).push(token.value);
  });
  const watch = values.watch ?? [];
  const serving = values.port === undefined ? {} : { port: portNumber(values.port) };
  if (before.length > 1) {
    throw new UsageError(
      `mcpkit dev runs one server; give its arguments after --: mcpkit dev ${before[0]} -- ${before.slice(1).join(' ')}`,
    );
  }
  const [file] = before;
  if (file !== undefined)
    return { kind: 'dev', server: { kind: 'file', file, args: after }, watch, ...serving };
  const [command, ...args] = after;
  if (command === undefined) throw new UsageError(`Say which server to run: ${USAGE}`);
  return { kind: 'dev', server: { kind: 'command', command, args }, watch, ...serving };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      watch: { type: 'string', multiple: true },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
}
