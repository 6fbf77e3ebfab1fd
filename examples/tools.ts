/**
 * Tools: the ways a tool can take input, return output, report progress and fail.
 *
 *   node --import tsx examples/tools.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { McpServer, toolError } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small SVG badge; SVG keeps the example free of binary image files. */
export function badgeSvg(label: string): string {
  const safe = label.replace(/[<>&"']/g, '');
  const width = 20 + safe.length * 7;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20">` +
    `<rect width="${width}" height="20" rx="3" fill="#2b6cb0"/>` +
    `<text x="10" y="14" fill="#fff" font-family="sans-serif" font-size="11">${safe}</text></svg>`
  );
}

/** Builds the example server. */
export function createToolsServer(): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-tools-example', version: '0.1.0' },
    { instructions: 'Example tools: schemas, rich content, progress, errors and Mcp-Param headers.' },
  );

  // zod for both sides: the handler's arguments are typed from the input schema, and the
  // server checks structuredContent against the output schema before it leaves, so a
  // client can rely on the listed outputSchema. Without a content block, the server adds
  // a text block with the JSON for clients that read only content.
  server.registerTool(
    'convert_temperature',
    {
      title: 'Convert temperature',
      description: 'Converts a temperature between Celsius and Fahrenheit.',
      inputSchema: z.object({
        value: z.number().describe('The temperature to convert'),
        from: z.enum(['C', 'F']).describe('The unit of value'),
      }),
      outputSchema: z.object({ value: z.number(), unit: z.enum(['C', 'F']) }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ value, from }) => {
      const converted = from === 'C' ? (value * 9) / 5 + 32 : ((value - 32) * 5) / 9;
      return {
        structuredContent: { value: Math.round(converted * 10) / 10, unit: from === 'C' ? 'F' : 'C' },
      };
    },
  );

  // Plain JSON Schema works too (listed verbatim, validated with Ajv): handy when the
  // schema comes from elsewhere. Arguments are then untyped, so the handler narrows them.
  server.registerTool(
    'word_count',
    {
      description: 'Counts the words in a text.',
      inputSchema: {
        type: 'object',
        properties: { text: { type: 'string', description: 'The text to count' } },
        required: ['text'],
        additionalProperties: false,
      },
    },
    ({ text }) => {
      const words = String(text).split(/\s+/).filter(Boolean).length;
      return { content: [{ type: 'text', text: `${words} word${words === 1 ? '' : 's'}` }] };
    },
  );

  // Rich content: an image for the user, the same picture as an embedded resource (its
  // source), and a link to a resource the client may fetch later if it wants to.
  server.registerTool(
    'render_badge',
    {
      description: 'Renders a label as an SVG badge.',
      inputSchema: z.object({ label: z.string().min(1).max(40) }),
    },
    ({ label }) => {
      const svg = badgeSvg(label);
      return {
        content: [
          { type: 'image', data: btoa(svg), mimeType: 'image/svg+xml' },
          {
            type: 'resource',
            resource: { uri: `badge://${encodeURIComponent(label)}`, mimeType: 'image/svg+xml', text: svg },
          },
          {
            type: 'resource_link',
            uri: 'https://shields.io/',
            name: 'badge-service',
            description: 'Where real badges come from',
          },
        ],
      };
    },
  );

  // Progress: only sent when the client asked (a progressToken in _meta), so calling
  // ctx.progress unconditionally is fine. Long work should also watch ctx.signal.
  server.registerTool(
    'count_down',
    {
      description: 'Counts down, reporting progress at each step.',
      inputSchema: z.object({ from: z.number().int().min(1).max(10) }),
    },
    async ({ from }, ctx) => {
      for (let left = from; left > 0; left--) {
        if (ctx.signal.aborted) return toolError('Cancelled');
        await ctx.progress(from - left + 1, from, `${left}...`);
        await delay(100);
      }
      return { content: [{ type: 'text', text: 'Liftoff!' }] };
    },
  );

  // Errors the model should see and can act on are results with isError, not protocol
  // errors: return toolError(...) with the text the model should read. Anything thrown becomes
  // a tool error too, but reads only "Internal error": its message and stack go to the server's
  // onError hook (console.error by default), never to the client (docs/observability.md).
  server.registerTool(
    'divide',
    {
      description: 'Divides a by b.',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      outputSchema: z.object({ quotient: z.number() }),
    },
    ({ a, b }) => {
      if (b === 0) return toolError('Cannot divide by zero; pass a non-zero b.');
      if (!Number.isFinite(a / b)) return toolError('The quotient is too large to represent.');
      return { structuredContent: { quotient: a / b } };
    },
  );

  // x-mcp-header (SEP-2243): the client copies `region` into an `Mcp-Param-Region` HTTP
  // header, so a gateway or load balancer can route on it without parsing the body. The
  // server checks that the header and the body agree before the handler runs.
  server.registerTool(
    'query_region',
    {
      description: 'Looks up the data centre serving a region.',
      inputSchema: z.object({
        region: z.string().describe('A cloud region such as eu-west-1').meta({ 'x-mcp-header': 'Region' }),
      }),
    },
    ({ region }, ctx) => {
      const header = ctx.http?.header('mcp-param-region');
      const via = header ? `header Mcp-Param-Region=${header}` : 'no Mcp-Param-Region header (not over HTTP)';
      return { content: [{ type: 'text', text: `${region} is served from dc-${region.length}; ${via}` }] };
    },
  );

  return server;
}

/** `node --import tsx examples/tools.ts [--port N | --stdio]` */
export function main(argv: readonly string[]) {
  return serveFromCommandLine(createToolsServer(), argv, 'tools example');
}

runIfMain(import.meta.url, main);
