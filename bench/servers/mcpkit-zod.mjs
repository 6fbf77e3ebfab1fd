/**
 * bench/server.mjs with zod schemas instead of JSON Schema: what an application
 * that already uses zod pays for it (measured for cold start and memory).
 */
import { z } from 'zod';
import { serveMcpkitBench } from './mcpkit.mjs';

await serveMcpkitBench({
  echoInput: z.object({ text: z.string() }),
  addInput: z.object({ a: z.number(), b: z.number() }),
  addOutput: z.object({ sum: z.number() }),
});
