/**
 * What binds to the principal on a protected server: 2025 sessions (only the
 * subject that opened one may use it), and Multi Round-Trip `requestState`
 * (sealed state opens only for the subject it was issued to).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifier, McpServer } from '../../src/server/index.js';
import { serveHttp } from '../../src/server/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { envelope, sseMessages } from '../helpers/http-rpc.js';
import { rpcAt, startTokenIssuer, type TokenIssuer } from './server-token-kit.js';

const LEGACY = '2025-11-25';
let issuer: TokenIssuer;
let running: RunningHttpServer;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  const server = new McpServer(
    { name: 'bound', version: '1.0.0' },
    {
      warn: () => {},
      auth: {
        authorizationServers: [issuer.issuer],
        verifier: jwtVerifier({ issuer: issuer.issuer, jwksUri: issuer.jwksUri }),
      },
    },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: ctx.auth?.subject ?? '-' }],
  }));
  server.registerTool('confirm', {}, async (ctx) => {
    const answer = await ctx.elicit({
      message: 'Sure?',
      requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
    });
    return { content: [{ type: 'text', text: `${ctx.auth?.subject} said ${String(answer.content?.ok)}` }] };
  });
  running = await serveHttp(server, { port: 0 });
});

afterAll(async () => {
  await running?.close();
  await issuer?.close();
});

const tokenFor = (sub: string) => issuer.mint({ sub, aud: running.url.href });

interface LegacyAnswer {
  result?: { content?: unknown };
  error?: { code: number };
}

async function legacyPost(token: string, body: unknown, sessionId?: string) {
  const response = await fetch(running.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': LEGACY,
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const isSse = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const messages = isSse ? sseMessages(text) : text ? [JSON.parse(text)] : [];
  return { response, message: messages.at(-1) as LegacyAnswer | undefined };
}

describe('2025 sessions', () => {
  it('carry the principal to handlers and refuse another subject', async () => {
    const alice = await tokenFor('alice');
    const opened = await legacyPost(alice, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    const sessionId = opened.response.headers.get('mcp-session-id')!;
    expect(sessionId).toBeTruthy();
    await legacyPost(alice, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId);

    const mine = await legacyPost(
      alice,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
      sessionId,
    );
    expect(mine.message?.result?.content).toEqual([{ type: 'text', text: 'alice' }]);

    // A fresh token of the same subject keeps working (tokens are refreshed during a session).
    const refreshed = await legacyPost(
      await tokenFor('alice'),
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
      sessionId,
    );
    expect(refreshed.response.status).toBe(200);

    const hijack = await legacyPost(
      await tokenFor('mallory'),
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
      sessionId,
    );
    expect(hijack.response.status).toBe(404);
    expect(hijack.message?.result).toBeUndefined();
  });
});

describe('Multi Round-Trip state', () => {
  it('opens only for the subject it was sealed for', async () => {
    const caps = envelope({ elicitation: {} });
    const alice = rpcAt(running.url, await tokenFor('alice'));
    const round1 = await alice('tools/call', { name: 'confirm', arguments: {} }, { meta: caps });
    expect(round1.body.result).toMatchObject({ resultType: 'input_required' });
    const requestState = round1.body.result?.requestState as string;
    const retry = {
      name: 'confirm',
      arguments: {},
      requestState,
      inputResponses: { e0: { action: 'accept', content: { ok: true } } },
    };

    const stolen = await rpcAt(running.url, await tokenFor('mallory'))('tools/call', retry, { meta: caps });
    expect(stolen.body.error?.code).toBe(-32602);

    const own = await alice('tools/call', retry, { meta: caps });
    expect(own.body.result?.content).toEqual([{ type: 'text', text: 'alice said true' }]);
  });
});
