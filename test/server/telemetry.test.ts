/**
 * OpenTelemetry: one trace from the client's span through the server's spans
 * (one per Multi Round-Trip round, or with a 2025 session's elicitation) to a
 * span the handler makes itself, with the attributes and metrics the semantic
 * conventions for MCP name. mcpkit's Client and McpServer over node:http.
 */
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import {
  type FinishedSpan,
  type InstalledOtel,
  installOtel,
  type Measurement,
  recordingMeter,
} from '../helpers/otel.js';

const SERVER = 1;
const CLIENT = 2;
const ERROR = 2;
const BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

let otel: InstalledOtel;
beforeAll(() => {
  otel = installOtel();
});
afterAll(() => {
  otel.uninstall();
});

function bookingServer(measurements: Measurement[], telemetry = true): McpServer {
  const server = new McpServer(
    { name: 'bookings', version: '1' },
    {
      warn: () => {},
      onError: () => {},
      ...(telemetry ? { telemetry: { meter: recordingMeter(measurements) } } : {}),
    },
  );
  server.registerTool(
    'book_table',
    { inputSchema: { type: 'object', properties: { guests: { type: 'integer' } }, required: ['guests'] } },
    async ({ guests }, ctx) => {
      const answer = await ctx.elicit({
        message: `Book a table for ${String(guests)}?`,
        requestedSchema: { type: 'object', properties: { time: { type: 'string' } } },
      });
      // The handler's own span, made the usual way: it must land in the caller's trace.
      trace.getTracer('bookings-app').startActiveSpan('reserve', (span) => span.end());
      return { content: [{ type: 'text', text: `booked at ${String(answer.content?.time)}` }] };
    },
  );
  server.registerTool('lookup', {}, () => {
    const db = undefined as unknown as { query(): string };
    return { content: [{ type: 'text', text: db.query() }] };
  });
  server.registerResource('log', 'file:///var/log/app.log', {}, () => {
    throw new Error('disk on fire');
  });
  return server;
}

const onElicit = async () => ({ action: 'accept' as const, content: { time: '19:30' } });

/** The spans of one trace, in the order they ended. */
function traceOf(spans: FinishedSpan[], traceId: string): FinishedSpan[] {
  return spans.filter((span) => span.traceId === traceId);
}

describe('OpenTelemetry spans and metrics', () => {
  it('makes one trace of client, server rounds and the handler’s span on 2026-07-28', async () => {
    const serverMeasurements: Measurement[] = [];
    const clientMeasurements: Measurement[] = [];
    const running = await serveHttp(bookingServer(serverMeasurements), { port: 0 });
    try {
      const client = await Client.connect(running.url, {
        onElicit,
        warn: () => {},
        telemetry: { tracer: otel.tracer('agent'), meter: recordingMeter(clientMeasurements) },
      });
      const before = otel.spans.length;
      const result = await client.callTool('book_table', { guests: 2 });
      await client.close();
      expect(result.content).toEqual([{ type: 'text', text: 'booked at 19:30' }]);

      const clientSpan = otel.spans
        .slice(before)
        .find((span) => span.kind === CLIENT && span.name === 'tools/call book_table');
      expect(clientSpan).toBeDefined();
      const spans = traceOf(otel.spans, clientSpan!.traceId);
      const servers = spans.filter((span) => span.kind === SERVER);
      const own = spans.filter((span) => span.tracer === 'bookings-app');
      // The client span, two server spans (the round that asked, the retry that answered), the handler's.
      expect(spans).toHaveLength(4);
      expect(servers).toHaveLength(2);
      expect(own).toHaveLength(1);

      const url = new URL(running.url);
      expect(clientSpan).toMatchObject({
        name: 'tools/call book_table',
        parentSpanId: undefined,
        tracer: 'agent',
        attributes: {
          'mcp.method.name': 'tools/call',
          'gen_ai.tool.name': 'book_table',
          'gen_ai.operation.name': 'execute_tool',
          'mcp.protocol.version': '2026-07-28',
          'network.transport': 'tcp',
          'network.protocol.name': 'http',
          'server.address': url.hostname,
          'server.port': Number(url.port),
        },
      });
      expect(clientSpan!.attributes['jsonrpc.request.id']).toEqual(expect.any(String));
      expect(clientSpan!.attributes['error.type']).toBeUndefined();

      const requestIds = new Set<unknown>();
      for (const span of servers) {
        // Each round continues the client's trace from `_meta`: the client span is its remote parent.
        expect(span).toMatchObject({
          name: 'tools/call book_table',
          parentSpanId: clientSpan!.spanId,
          parentIsRemote: true,
          tracer: 'mcpkit',
          attributes: {
            'mcp.method.name': 'tools/call',
            'gen_ai.tool.name': 'book_table',
            'gen_ai.operation.name': 'execute_tool',
            'mcp.protocol.version': '2026-07-28',
            'network.transport': 'tcp',
            'network.protocol.name': 'http',
          },
        });
        expect(span.status.code).not.toBe(ERROR);
        requestIds.add(span.attributes['jsonrpc.request.id']);
      }
      expect(requestIds.size).toBe(2);
      // The last round's id is the one the client span reports.
      expect(servers[1]?.attributes['jsonrpc.request.id']).toBe(clientSpan!.attributes['jsonrpc.request.id']);
      // The handler's span is a child of the round that completed.
      expect(own[0]?.parentSpanId).toBe(servers[1]?.spanId);

      const serverCalls = serverMeasurements.filter((m) => m.attributes['mcp.method.name'] === 'tools/call');
      expect(serverCalls).toHaveLength(2);
      for (const m of [...serverCalls, ...clientMeasurements]) {
        expect(m.unit).toBe('s');
        expect(m.buckets).toEqual(BUCKETS);
        expect(m.value).toBeGreaterThanOrEqual(0);
        expect(m.attributes['jsonrpc.request.id']).toBeUndefined();
      }
      expect(serverCalls[0]?.name).toBe('mcp.server.operation.duration');
      // The client listed the tools first (for their Mcp-Param headers): that is measured too.
      const clientCalls = clientMeasurements.filter((m) => m.attributes['mcp.method.name'] === 'tools/call');
      expect(clientCalls).toHaveLength(1);
      expect(clientCalls[0]).toMatchObject({
        name: 'mcp.client.operation.duration',
        attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'book_table' },
      });
    } finally {
      await running.close();
    }
  });

  it('makes one trace through a 2025 session’s elicitation, with the session id', async () => {
    const running = await serveHttp(bookingServer([]), { port: 0 });
    try {
      const client = await Client.connect(running.url, {
        onElicit,
        protocolVersion: '2025-11-25',
        warn: () => {},
        telemetry: {},
      });
      const before = otel.spans.length;
      await client.callTool('book_table', { guests: 2 });
      await client.close();
      const clientSpan = otel.spans
        .slice(before)
        .find((span) => span.kind === CLIENT && span.name === 'tools/call book_table');
      const spans = traceOf(otel.spans, clientSpan!.traceId);
      const servers = spans.filter((span) => span.kind === SERVER);
      expect(servers).toHaveLength(1);
      const sessionId = servers[0]?.attributes['mcp.session.id'];
      expect(sessionId).toEqual(expect.any(String));
      expect(clientSpan).toMatchObject({
        tracer: 'mcpkit',
        attributes: { 'mcp.protocol.version': '2025-11-25', 'mcp.session.id': sessionId },
      });
      expect(servers[0]).toMatchObject({
        name: 'tools/call book_table',
        parentSpanId: clientSpan!.spanId,
        attributes: { 'mcp.protocol.version': '2025-11-25', 'gen_ai.tool.name': 'book_table' },
      });
      expect(spans.find((span) => span.tracer === 'bookings-app')?.parentSpanId).toBe(servers[0]?.spanId);
    } finally {
      await running.close();
    }
  });

  it('marks tool errors and JSON-RPC errors on both sides', async () => {
    const serverMeasurements: Measurement[] = [];
    const running = await serveHttp(bookingServer(serverMeasurements), { port: 0 });
    try {
      const client = await Client.connect(running.url, { warn: () => {}, telemetry: {} });
      const before = otel.spans.length;
      await client.callTool('lookup');
      await client.readResource('file:///var/log/app.log').catch(() => {});
      await client.close();
      const recent = otel.spans.slice(before);
      const toolSpans = recent.filter((span) => span.name === 'tools/call lookup');
      expect(toolSpans.map((span) => span.kind).sort()).toEqual([SERVER, CLIENT]);
      for (const span of toolSpans) {
        expect(span.attributes['error.type']).toBe('tool_error');
        expect(span.status.code).toBe(ERROR);
      }
      // Resource URIs stay out of span names by default; the span carries the URI.
      const readSpans = recent.filter((span) => span.name === 'resources/read');
      expect(readSpans.map((span) => span.kind).sort()).toEqual([SERVER, CLIENT]);
      for (const span of readSpans) {
        expect(span.attributes).toMatchObject({
          'mcp.resource.uri': 'file:///var/log/app.log',
          'error.type': '-32603',
          'rpc.response.status_code': '-32603',
        });
        expect(span.status.code).toBe(ERROR);
      }
      const serverRead = readSpans.find((span) => span.kind === SERVER);
      // The server's own span keeps the exception (stack included); the wire did not carry it.
      expect(serverRead?.exceptions.map((error) => error.message)).toEqual(['disk on fire']);
      expect(
        serverMeasurements.find((m) => m.attributes['mcp.method.name'] === 'resources/read')?.attributes,
      ).toMatchObject({ 'error.type': '-32603' });
    } finally {
      await running.close();
    }
  });

  it('keeps a tool running as a task in the trace, its polls included', async () => {
    const server = new McpServer(
      { name: 'jobs', version: '1' },
      { warn: () => {}, tasks: { pollIntervalMs: 20 }, telemetry: {} },
    );
    server.registerTool('report', { execution: { taskSupport: 'optional' } }, async (ctx) => {
      await ctx.task.start('rendering');
      await new Promise((done) => setTimeout(done, 30));
      // Runs after the tools/call answer went out: still a child of that call's server span.
      trace.getTracer('jobs-app').startActiveSpan('render', (span) => span.end());
      return { content: [{ type: 'text', text: 'done' }] };
    });
    const running = await serveHttp(server, { port: 0 });
    try {
      const client = await Client.connect(running.url, { tasks: true, warn: () => {}, telemetry: {} });
      const traceId = await otel.tracer('agent').startActiveSpan('plan', async (root) => {
        const result = await client.callTool('report');
        expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
        root.end();
        return root.spanContext().traceId;
      });
      await client.close();
      const spans = traceOf(otel.spans, traceId);
      const call = spans.find((span) => span.kind === SERVER && span.name === 'tools/call report');
      expect(call).toBeDefined();
      const clientCall = spans.find((span) => span.kind === CLIENT && span.name === 'tools/call report');
      expect(call?.parentSpanId).toBe(clientCall?.spanId);
      expect(spans.find((span) => span.tracer === 'jobs-app')?.parentSpanId).toBe(call?.spanId);
      // Waiting for the task (tasks/get on 2026-07-28) is traced on both sides, in the same trace.
      const polls = spans.filter((span) => span.kind === SERVER && String(span.name).startsWith('tasks/'));
      expect(polls.length).toBeGreaterThan(0);
      const clientIds = new Set(spans.filter((span) => span.kind === CLIENT).map((span) => span.spanId));
      for (const poll of polls) expect(clientIds.has(poll.parentSpanId!)).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('parents the server span by _meta and links the ambient span (a transport’s)', async () => {
    const server = bookingServer([]);
    const ambient = otel.tracer('http').startSpan('POST /mcp');
    const caller = otel.tracer('agent').startSpan('caller');
    const { traceId, spanId } = caller.spanContext();
    const request = (id: number, meta: Record<string, unknown>) => ({
      jsonrpc: '2.0' as const,
      id,
      method: 'tools/list',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', ...meta } },
    });
    const before = otel.spans.length;
    await context.with(trace.setSpan(context.active(), ambient), async () => {
      await server.dispatcher.handleRequest(
        request(1, { traceparent: `00-${traceId}-${spanId}-01` }),
        { notify: async () => {} },
        new AbortController().signal,
      );
      await server.dispatcher.handleRequest(
        request(2, {}),
        { notify: async () => {} },
        new AbortController().signal,
      );
    });
    const [joined, local] = otel.spans.slice(before);
    expect(joined).toMatchObject({
      name: 'tools/list',
      traceId,
      parentSpanId: spanId,
      links: [ambient.spanContext().spanId],
    });
    // Without a caller context the ambient span is the parent, and nothing is linked.
    expect(local).toMatchObject({ parentSpanId: ambient.spanContext().spanId, links: [] });
  });

  it('records nothing when telemetry is off, even with a tracer provider registered', async () => {
    const measurements: Measurement[] = [];
    const running = await serveHttp(bookingServer(measurements, false), { port: 0 });
    try {
      const before = otel.spans.length;
      const client = await Client.connect(running.url, { warn: () => {} });
      await client.callTool('lookup');
      await client.close();
      expect(otel.spans.slice(before)).toEqual([]);
      expect(measurements).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
