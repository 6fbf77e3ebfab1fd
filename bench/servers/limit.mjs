/**
 * The physical limit: a bare JSON-RPC responder on node:http or stdin with the
 * bench contract's answers and nothing else (no validation, no sessions kept,
 * no schema). Whatever an MCP implementation costs beyond this is its own.
 * It answers `server/discover` too, so that clients speak 2026-07-28 to it
 * (the client bench), and with BENCH_TOOLS=N lists N tools in pages of 100.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { blob, exitOnSignal, httpPort } from './common.mjs';

const TOOLS = {
  tools: [
    {
      name: 'echo',
      description: 'Returns the text it is given.',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    },
    {
      name: 'add',
      description: 'Adds two numbers.',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
    },
  ],
};

function result(id, value) {
  return { jsonrpc: '2.0', id, result: { ...value } };
}

const MODERN = '2026-07-28';
const PAGE = 100;
/** BENCH_TOOLS=N: N tools (the first two the contract's), listed in pages with nextCursor. */
const toolCount = Number(process.env.BENCH_TOOLS ?? TOOLS.tools.length);
const allTools = Array.from({ length: Math.max(toolCount, TOOLS.tools.length) }, (_, n) =>
  n < TOOLS.tools.length
    ? TOOLS.tools[n]
    : {
        name: `tool_${n}`,
        description: `Bench tool number ${n}.`,
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
);

/** One page of the listing; the cursor is the index of the first tool. */
function toolPage(cursor) {
  if (allTools.length <= PAGE) return TOOLS;
  const start = Number(cursor ?? 0) || 0;
  const page = { tools: allTools.slice(start, start + PAGE) };
  if (start + PAGE < allTools.length) page.nextCursor = String(start + PAGE);
  return page;
}

/** The answer to one request (undefined for a notification). */
function answer(message) {
  const reply = answerOf(message);
  // 2026-07-28 results say what kind they are, and cacheable ones for how long they hold: the
  // tool listing a minute (so a client's cache can answer a repeat listing), the rest not at all.
  if (reply?.result && message.params?._meta?.['io.modelcontextprotocol/protocolVersion'] === MODERN) {
    reply.result.resultType = 'complete';
    // Each result names its server (SEP-2575: SHOULD, unless configured not to), as a conforming
    // server's do; discovery's already does.
    reply.result._meta ??= { 'io.modelcontextprotocol/serverInfo': SERVER_INFO };
    if (message.method === 'tools/list') Object.assign(reply.result, { ttlMs: 60_000, cacheScope: 'public' });
    else if (CACHEABLE.has(message.method)) Object.assign(reply.result, { ttlMs: 0, cacheScope: 'private' });
  }
  return reply;
}

const SERVER_INFO = { name: 'limit-bench', version: '0.0.0' };

/** The methods whose 2026-07-28 results carry caching hints. */
const CACHEABLE = new Set(['server/discover', 'resources/read', 'resources/list', 'prompts/list']);

function answerOf(message) {
  if (message.id === undefined) return undefined;
  const { id, method, params } = message;
  switch (method) {
    case 'server/discover':
      return result(id, {
        supportedVersions: [MODERN],
        capabilities: { tools: {}, resources: {} },
        _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
      });
    case 'initialize':
      return result(id, {
        protocolVersion: params?.protocolVersion ?? '2025-11-25',
        capabilities: { tools: {}, resources: {} },
        serverInfo: SERVER_INFO,
      });
    case 'ping':
      return result(id, {});
    case 'tools/list':
      return result(id, toolPage(params?.cursor));
    case 'tools/call': {
      const args = params?.arguments ?? {};
      if (params?.name === 'echo') return result(id, { content: [{ type: 'text', text: args.text }] });
      if (params?.name === 'add') {
        const value = { sum: args.a + args.b };
        return result(id, {
          content: [{ type: 'text', text: JSON.stringify(value) }],
          structuredContent: value,
        });
      }
      break;
    }
    case 'resources/read': {
      const uri = String(params?.uri);
      const match = /^bench:\/\/blob\/(\d+)$/.exec(uri);
      if (match) return result(id, { contents: [{ uri, mimeType: 'text/plain', text: blob(match[1]) }] });
      break;
    }
  }
  return { jsonrpc: '2.0', id, error: { code: -32601, message: `Not supported: ${method}` } };
}

const port = httpPort();
exitOnSignal();
if (port === undefined) {
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    pending += chunk;
    let out = '';
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== '') {
        const reply = answer(JSON.parse(line));
        if (reply !== undefined) out += `${JSON.stringify(reply)}\n`;
      }
      newline = pending.indexOf('\n');
    }
    if (out !== '') process.stdout.write(out);
  });
  process.stdin.once('end', () => process.exit(0));
} else {
  const http = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let message;
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const reply = answer(message);
      if (reply === undefined) {
        res.writeHead(202).end();
        return;
      }
      const body = JSON.stringify(reply);
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      if (message.method === 'initialize') headers['mcp-session-id'] = randomUUID();
      res.writeHead(200, headers).end(body);
    });
  });
  http.listen(port, '127.0.0.1');
}
