/**
 * A connection reset before any answer (the keep-alive race: the server closed
 * an idle connection while the client was writing on it): side-effect-free
 * requests go again, tool calls do not. On both of the client's HTTP paths: the
 * stub as the client's fetch, and served on a port (where a reset is a dropped
 * connection) for Node's own HTTP client.
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { StreamableHttpClientTransport } from '../../src/entries/http.js';
import { ConnectionClosedError, MessageTooLargeError } from '../../src/protocol/errors.js';
import { HTTP_PATHS, stubTarget } from '../helpers/fetch-stub-server.js';
import { stubServer } from './fixtures/stub-fetch.js';

function resetError(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

/** The stub, but the first POST of each named method fails with a reset. */
function flaky(methods: string[]) {
  const stub = stubServer({
    'tools/list': () => ({
      ttlMs: 0,
      cacheScope: 'private',
      tools: [{ name: 'act', inputSchema: { type: 'object' } }],
    }),
    'tools/call': () => ({ content: [{ type: 'text', text: 'acted' }] }),
  });
  const pending = new Set(methods);
  const attempts: string[] = [];
  const fetchWithResets: typeof fetch = async (input, init) => {
    const method = (JSON.parse(String(init?.body)) as { method: string }).method;
    attempts.push(method);
    if (pending.delete(method)) throw resetError();
    return stub.fetch(input, init);
  };
  return { fetch: fetchWithResets, attempts };
}

describe.each(HTTP_PATHS)('connection resets (%s)', (path) => {
  it('sends discovery and listings again', async () => {
    const { fetch, attempts } = flaky(['server/discover', 'tools/list']);
    const target = await stubTarget(path, fetch);
    const client = await Client.connect(target.url, { fetch: target.fetch, warn: () => {} });
    try {
      expect((await client.listAllTools()).map((t) => t.name)).toEqual(['act']);
      expect(attempts.filter((m) => m === 'server/discover')).toHaveLength(2);
      expect(attempts.filter((m) => m === 'tools/list')).toHaveLength(2);
    } finally {
      await client.close();
      await target.close();
    }
  });

  it('does not send a tool call again', async () => {
    const { fetch, attempts } = flaky(['tools/call']);
    const target = await stubTarget(path, fetch);
    const client = await Client.connect(target.url, { fetch: target.fetch, warn: () => {} });
    try {
      await client.listAllTools();
      await expect(client.callTool('act')).rejects.toBeInstanceOf(ConnectionClosedError);
      expect(attempts.filter((m) => m === 'tools/call')).toHaveLength(1);
      expect((await client.callTool('act')).content).toEqual([{ type: 'text', text: 'acted' }]);
    } finally {
      await client.close();
      await target.close();
    }
  });
});

describe('an answer over maxMessageBytes', () => {
  it('fails the discovery probe with MessageTooLargeError instead of falling back to initialize', async () => {
    const stub = stubServer({});
    const methods: string[] = [];
    const oversized: typeof fetch = async (input, init) => {
      const message = JSON.parse(String(init?.body)) as { id?: number; method: string };
      methods.push(message.method);
      if (message.method !== 'server/discover') return stub.fetch(input, init);
      return Response.json({ jsonrpc: '2.0', id: message.id, result: { padding: 'x'.repeat(4096) } });
    };
    const transport = new StreamableHttpClientTransport(new URL('http://stub.invalid/mcp'), {
      fetch: oversized,
      maxMessageBytes: 1024,
    });
    await expect(Client.connect(transport, { warn: () => {} })).rejects.toBeInstanceOf(MessageTooLargeError);
    expect(methods).not.toContain('initialize');
    await transport.close();
  });
});
