/**
 * What telemetry costs a request, in process (no transport): `tools/call` of a
 * tool that echoes, through McpServer's dispatcher, with telemetry
 *
 * - off (no `telemetry` option: no middleware is installed, nothing is loaded);
 * - on, with `@opentelemetry/api` present but no SDK registered (the API's no-op tracer);
 * - on, with a minimal recording tracer registered (spans kept in an array).
 *
 *   npx tsx bench/telemetry.ts [--iterations 100000] [--no-recording]
 *
 * Prints ns per request. Configurations run interleaved, three rounds, medians
 * shown; on a shared machine compare the ratios within one run only.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { McpServer } from '../src/entries/server.js';
import { META_CLIENT_CAPABILITIES, META_PROTOCOL_VERSION } from '../src/protocol/meta.js';

const at = process.argv.indexOf('--iterations');
const iterations = at > 0 ? Number(process.argv[at + 1]) : 100_000;
const skipRecording = process.argv.includes('--no-recording');

function server(telemetry: boolean): McpServer {
  const s = new McpServer(
    { name: 'bench', version: '1' },
    { warn: () => {}, ...(telemetry ? { telemetry: {} } : {}) },
  );
  s.registerTool(
    'echo',
    { inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
    (args) => ({ content: [{ type: 'text', text: (args as { text: string }).text }] }),
  );
  return s;
}

const channel = { notify: async () => {} };
const signal = new AbortController().signal;
const meta = { [META_PROTOCOL_VERSION]: '2026-07-28', [META_CLIENT_CAPABILITIES]: {} };

async function run(s: McpServer, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const response = await s.dispatcher.handleRequest(
      {
        jsonrpc: '2.0',
        id: i,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'hi' }, _meta: meta },
      },
      channel,
      signal,
    );
    if (!('result' in response)) throw new Error(`failed: ${JSON.stringify(response)}`);
  }
  return Number(process.hrtime.bigint() - started) / count;
}

/** The smallest tracer that records: a span object per request with its attributes, counted when ended. */
let spansEnded = 0;
function recordingProvider() {
  let next = 1;
  const tracer = {
    startSpan(name: string) {
      const spanId = (next++).toString(16).padStart(16, '0');
      const span = {
        name,
        attributes: {} as Record<string, unknown>,
        spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: 1 }),
        setAttribute(key: string, value: unknown) {
          span.attributes[key] = value;
          return span;
        },
        setAttributes: () => span,
        addEvent: () => span,
        addLink: () => span,
        addLinks: () => span,
        setStatus: () => span,
        updateName: () => span,
        recordException: () => {},
        isRecording: () => true,
        end: () => {
          spansEnded++;
        },
      };
      return span;
    },
    startActiveSpan: () => {
      throw new Error('not used');
    },
  };
  return { getTracer: () => tracer as never };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const off = server(false);
  const noop = server(true);
  const recording = server(true);
  // Warm up every path (and let the telemetry middleware load the API).
  for (const s of [off, noop, recording]) await run(s, 2_000);
  const results: Record<string, number[]> = { off: [], 'on, no SDK': [], 'on, recording': [] };
  for (let round = 0; round < 3; round++) {
    for (const [label, s] of [
      ['off', off],
      ['on, no SDK', noop],
      ['on, recording', recording],
    ] as const) {
      if (label === 'on, recording' && skipRecording) continue;
      if (label === 'on, recording') trace.setGlobalTracerProvider(recordingProvider());
      const ns = await run(s, iterations);
      if (label === 'on, recording') trace.disable();
      results[label]!.push(ns);
    }
  }
  metrics.disable();
  context.disable();
  console.log(`tools/call through the dispatcher, ${iterations} requests per run, median of 3 rounds`);
  if (spansEnded < iterations * 3) throw new Error(`the recording tracer saw ${spansEnded} spans`);
  const base = median(results.off!);
  for (const [label, ns] of Object.entries(results)) {
    if (ns.length === 0) continue;
    const m = median(ns);
    console.log(`${label.padEnd(14)} ${m.toFixed(0).padStart(7)} ns/request  ${(m / base).toFixed(2)}x`);
  }
}

await main();
