/**
 * The upstream server of the proxy tests: a tool that asks the user (elicitation), one that asks
 * the model (sampling), one that reports progress and waits to be cancelled, and one that changes
 * the tool list. It counts how often each handler ran, so a test can tell a call the proxy sent
 * once from one it sent again.
 */
import { McpServer } from '../../src/server/mcp-server.js';

/** What the upstream saw. */
export interface UpstreamLog {
  runs: Record<string, number>;
  cancelled: number;
}

export function createUpstream(): { server: McpServer; log: UpstreamLog } {
  const log: UpstreamLog = { runs: {}, cancelled: 0 };
  const ran = (name: string) => {
    log.runs[name] = (log.runs[name] ?? 0) + 1;
  };
  const server = new McpServer({ name: 'upstream', version: '1.2.3' }, { warn: () => {} });
  server.registerTool(
    'greet',
    { description: 'Asks for a name, then greets', inputSchema: { type: 'object', properties: {} } },
    async (_args, ctx) => {
      ran('greet');
      const answer = await ctx.elicit({
        message: 'Your name?',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      });
      const name = answer.action === 'accept' ? String(answer.content?.name) : 'stranger';
      return { content: [{ type: 'text', text: `Hello, ${name}!` }], structuredContent: { name } };
    },
  );
  server.registerTool(
    'summarize',
    {
      description: 'Asks the model',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    },
    async ({ text }, ctx) => {
      ran('summarize');
      const answer = await ctx.sample({
        messages: [{ role: 'user', content: { type: 'text', text: `Summarize: ${String(text)}` } }],
        maxTokens: 50,
      });
      const [block] = Array.isArray(answer.content) ? answer.content : [answer.content];
      return { content: [{ type: 'text', text: block?.type === 'text' ? block.text : '?' }] };
    },
  );
  server.registerTool(
    'count',
    {
      description: 'Reports progress, then waits until cancelled',
      inputSchema: { type: 'object', properties: {} },
    },
    async (_args, ctx) => {
      ran('count');
      for (let step = 1; step <= 3; step++) await ctx.progress(step, 3, `step ${step}`);
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      log.cancelled++;
      return { content: [{ type: 'text', text: 'cancelled' }] };
    },
  );
  server.registerTool(
    'failing',
    { description: 'Fails as a tool', inputSchema: { type: 'object', properties: {} } },
    () => ({
      content: [{ type: 'text', text: 'no luck' }],
      isError: true,
      _meta: { 'example.com/why': 'test' },
    }),
  );
  server.registerPrompt(
    'review',
    {
      description: 'A review prompt',
      argsSchema: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
    },
    ({ code }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Review ${code}` } }] }),
  );
  server.registerResource('readme', 'file:///README.md', { mimeType: 'text/markdown' }, (uri) => ({
    contents: [{ uri: uri.href, text: '# Upstream' }],
  }));
  return { server, log };
}
