/**
 * The mcpkit bench server (see bench/README.md for the contract), with its tool
 * schemas in JSON Schema, the protocol's own form, which mcpkit validates
 * itself. servers/mcpkit-zod.mjs is the same server with zod schemas.
 *
 *   node bench/server.mjs                        # stdio
 *   BENCH_HTTP_PORT=3000 node bench/server.mjs   # Streamable HTTP on 127.0.0.1:3000/mcp
 */
import { serveMcpkitBench } from './servers/mcpkit.mjs';

const number = { type: 'number' };
await serveMcpkitBench({
  echoInput: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  addInput: { type: 'object', properties: { a: number, b: number }, required: ['a', 'b'] },
  addOutput: { type: 'object', properties: { sum: number }, required: ['sum'] },
});
