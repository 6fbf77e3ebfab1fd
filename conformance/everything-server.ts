/**
 * The server the conformance suite drives:
 *   npm run everything-server -- --port <N>   Streamable HTTP at http://127.0.0.1:<N>/mcp
 *   npm run everything-server -- --stdio      stdio
 *
 * Until McpServer exists, this serves what the engine offers today: the
 * 2026-07-28 request gate and codec around the demo server's handlers
 * (`server/discover`, `tools/list`, `tools/call` with `echo`). The scenarios it
 * cannot pass yet are listed in expected-failures.yaml.
 */
import { main } from '../examples/minimal-server.js';

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`everything-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
