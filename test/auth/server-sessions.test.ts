/**
 * What binds to the principal on a protected server: 2025 sessions (only the
 * principal that opened one may use it, on every method), and Multi
 * Round-Trip `requestState` (sealed state opens only for the principal it was
 * issued to). A principal is issuer + subject: the server trusts two issuers
 * here, and a client acting for itself is not the user of the same name.
 */

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifier, McpServer, type TokenVerifier } from '../../src/entries/server.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { envelope, sseMessages } from '../helpers/http-rpc.js';
import { rpcAt, startTokenIssuer, type TokenIssuer } from './server-token-kit.js';

const LEGACY = '2025-11-25';
let issuer: TokenIssuer;
let otherIssuer: TokenIssuer;
let running: RunningHttpServer;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  otherIssuer = await startTokenIssuer();
  const byIssuer = new Map(
    [issuer, otherIssuer].map((i) => [i.issuer, jwtVerifier({ issuer: i.issuer, jwksUri: i.jwksUri })]),
  );
  // Trusts both issuers: each token goes to the verifier of the issuer it names.
  const verifier: TokenVerifier = {
    verify: (token, context) => {
      const chosen = byIssuer.get(String(decodeJwt(token).iss)) ?? byIssuer.get(issuer.issuer)!;
      return chosen.verify(token, context);
    },
  };
  const server = new McpServer(
    { name: 'bound', version: '1.0.0' },
    {
      warn: () => {},
      auth: {
        authorizationServers: [issuer.issuer, otherIssuer.issuer],
        verifier,
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
  await otherIssuer?.close();
});

const tokenFor = (sub: string) => issuer.mint({ sub, aud: running.url.href });
/** The same user name at the other authorization server. */
const otherIssuerTokenFor = (sub: string) => otherIssuer.mint({ sub, aud: running.url.href });
/** A client acting for itself: no `sub`, its client id stands in. */
const clientTokenFor = (clientId: string) =>
  issuer.mint({ sub: undefined, client_id: clientId, aud: running.url.href });

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

async function openSession(token: string): Promise<string> {
  const opened = await legacyPost(token, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  const sessionId = opened.response.headers.get('mcp-session-id')!;
  expect(sessionId).toBeTruthy();
  await legacyPost(token, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId);
  return sessionId;
}

const whoami = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'whoami', arguments: {} },
});

/** A GET or DELETE on the session; a GET stream that opens is cancelled at once (only its status matters). */
async function sessionRequest(method: 'GET' | 'DELETE', token: string, sessionId: string) {
  const response = await fetch(running.url, {
    method,
    headers: {
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': LEGACY,
      'mcp-session-id': sessionId,
    },
  });
  await response.body?.cancel();
  return response.status;
}

describe('2025 sessions', () => {
  it('are bound to issuer and subject: the same name at another issuer, or a client of that name, is refused', async () => {
    const sessionId = await openSession(await tokenFor('alice'));
    const sameNameElsewhere = await legacyPost(await otherIssuerTokenFor('alice'), whoami(2), sessionId);
    expect(sameNameElsewhere.response.status).toBe(404);
    const clientNamedAlice = await legacyPost(await clientTokenFor('alice'), whoami(3), sessionId);
    expect(clientNamedAlice.response.status).toBe(404);
    expect((await legacyPost(await tokenFor('alice'), whoami(4), sessionId)).response.status).toBe(200);
  });

  it("refuse another subject's GET stream, DELETE, notifications and responses", async () => {
    const alice = await tokenFor('alice');
    const mallory = await tokenFor('mallory');
    const sessionId = await openSession(alice);

    expect(await sessionRequest('GET', mallory, sessionId)).toBe(404);
    expect(await sessionRequest('DELETE', mallory, sessionId)).toBe(404);
    const notification = await legacyPost(
      mallory,
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2 } },
      sessionId,
    );
    expect(notification.response.status).toBe(404);
    const response = await legacyPost(mallory, { jsonrpc: '2.0', id: 99, result: {} }, sessionId);
    expect(response.response.status).toBe(404);

    // The session survived all of it, for its owner.
    expect(await sessionRequest('GET', alice, sessionId)).toBe(200);
    const mine = await legacyPost(alice, whoami(5), sessionId);
    expect(mine.message?.result?.content).toEqual([{ type: 'text', text: 'alice' }]);
    expect(await sessionRequest('DELETE', alice, sessionId)).toBe(200);
  });

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

    const sameNameElsewhere = await rpcAt(running.url, await otherIssuerTokenFor('alice'))(
      'tools/call',
      retry,
      {
        meta: caps,
      },
    );
    expect(sameNameElsewhere.body.error?.code).toBe(-32602);

    const own = await alice('tools/call', retry, { meta: caps });
    expect(own.body.result?.content).toEqual([{ type: 'text', text: 'alice said true' }]);
  });
});

describe('streams and token expiry', () => {
  it('end the 2025 GET stream and the 2026 listen stream when the token that opened them expires', async () => {
    // A few seconds of life; the test waits for the server to end both streams, which it never does without expiry.
    const soon = Math.floor(Date.now() / 1000) + 3;
    const shortLived = await issuer.mint({ sub: 'alice', aud: running.url.href, exp: soon });
    const sessionId = await openSession(shortLived);
    const getStream = await fetch(running.url, {
      headers: {
        accept: 'text/event-stream',
        authorization: `Bearer ${shortLived}`,
        'mcp-protocol-version': LEGACY,
        'mcp-session-id': sessionId,
      },
    });
    expect(getStream.status).toBe(200);
    const listened = rpcAt(running.url, shortLived)('subscriptions/listen', {
      notifications: { toolsListChanged: true },
    });

    await getStream.text(); // resolves once the server ends the stream
    const listen = await listened;
    expect(listen.status).toBe(200);
    expect(listen.messages[0]).toMatchObject({ method: 'notifications/subscriptions/acknowledged' });
    // The listen stream closed gracefully, with its result.
    expect(listen.body).toMatchObject({ result: expect.any(Object) });
  });
});
