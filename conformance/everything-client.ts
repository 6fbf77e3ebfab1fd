/**
 * The client the conformance suite drives: `npm run everything-client -- <url>`.
 *
 * It reads the scenario from MCP_CONFORMANCE_SCENARIO and the revision to speak
 * from MCP_CONFORMANCE_PROTOCOL_VERSION. Until the high-level Client exists, it
 * is built on the engine directly: it opens the conversation the revision's way
 * (2026-07-28: `server/discover` with the `_meta` envelope and the standard
 * headers; earlier: the `initialize` handshake and its session), lists the
 * tools and calls each with arguments made from its input schema.
 */
import { eraOf, LATEST_PROTOCOL_VERSION } from '../src/protocol/versions.js';
import { JsonRpcPeer } from '../src/session/index.js';
import { StreamableHttpClientTransport } from '../src/transport/http/index.js';

const clientInfo = { name: 'mcpkit-everything-client', version: '0.1.0' };

interface ToolSummary {
  name: string;
  inputSchema?: { properties?: Record<string, { type?: string }>; required?: string[] };
}

/** Arguments that satisfy a simple object schema: numbers, strings, booleans. */
function argumentsFor(tool: ToolSummary): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const properties = tool.inputSchema?.properties ?? {};
  let n = 1;
  for (const [name, schema] of Object.entries(properties)) {
    if (schema.type === 'number' || schema.type === 'integer') args[name] = n++;
    else if (schema.type === 'boolean') args[name] = true;
    else if (schema.type === 'string') args[name] = 'mcpkit';
  }
  return args;
}

export async function run(url: string, version: string): Promise<void> {
  const modern = eraOf(version) === 'modern';
  let sessionId: string | undefined;
  const transport = new StreamableHttpClientTransport(new URL(url), {
    messageHeaders: (message) => {
      const headers: Record<string, string> = {};
      // Legacy sessions send the header on everything after initialize.
      const isInitialize = 'method' in message && message.method === 'initialize';
      if (modern || !isInitialize) headers['mcp-protocol-version'] = version;
      if (sessionId) headers['mcp-session-id'] = sessionId;
      if (modern && 'method' in message) {
        headers['mcp-method'] = message.method;
        const name =
          (message.params as { name?: unknown; uri?: unknown } | undefined)?.name ?? message.params?.uri;
        if (typeof name === 'string') headers['mcp-name'] = name;
      }
      return headers;
    },
    onResponse: (response) => {
      sessionId = response.headers.get('mcp-session-id') ?? sessionId;
    },
    cancellation: modern ? 'close-stream' : 'notification',
  });
  const peer = new JsonRpcPeer(transport, { defaultTimeoutMs: 30_000 });
  await peer.start();

  const envelope = (params: Record<string, unknown> = {}) =>
    modern
      ? {
          ...params,
          _meta: {
            'io.modelcontextprotocol/protocolVersion': version,
            'io.modelcontextprotocol/clientCapabilities': {},
            'io.modelcontextprotocol/clientInfo': clientInfo,
          },
        }
      : params;

  try {
    if (modern) {
      await peer.request('server/discover', envelope());
    } else {
      await peer.request('initialize', { protocolVersion: version, capabilities: {}, clientInfo });
      await peer.notify('notifications/initialized');
    }
    const listed = await peer.request('tools/list', envelope());
    for (const tool of (listed.tools as ToolSummary[] | undefined) ?? []) {
      await peer.request('tools/call', envelope({ name: tool.name, arguments: argumentsFor(tool) }));
    }
  } finally {
    await peer.close();
  }
}

const url = process.argv[process.argv.length - 1];
if (!url || !/^https?:\/\//.test(url)) {
  process.stderr.write('usage: npm run everything-client -- <server url>\n');
  process.exit(2);
}
run(url, process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? LATEST_PROTOCOL_VERSION).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `everything-client (${process.env.MCP_CONFORMANCE_SCENARIO ?? 'no scenario'}): ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
