/**
 * The `mcpkit` executable's body: runs the CLI with the given arguments and
 * exits with its exit code once the output is flushed. `src/entries/cli.ts`
 * (the `bin` entry) calls it with the process's arguments.
 *
 *   mcpkit tools http://127.0.0.1:3000/mcp
 *   npm run mcpkit -- tools -- node server.js --stdio
 */
import { runCli } from './run.js';

/** Resolves once everything written to the stream so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** Runs the CLI, flushes stdout and stderr, and exits the process with the CLI's exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  const code = await runCli(argv);
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
