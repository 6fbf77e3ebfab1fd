#!/usr/bin/env node
/**
 * The `mcpkit` executable: runs the CLI with the process's arguments and
 * exits with its exit code once the output is flushed.
 *
 *   mcpkit tools http://127.0.0.1:3000/mcp
 *   npm run mcpkit -- tools -- node server.js --stdio
 */
import { runCli } from './run.js';

/** Resolves once everything written to the stream so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

runCli(process.argv.slice(2)).then(async (code) => {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
});
