/**
 * Shared limits: the DPoP replay memory and rate limits, held across several
 * McpServers (each with its own backplane on the same Redis and prefix, as
 * separate processes would be) and, with the in-memory stores, across
 * servers of one process sharing a store. Redis unreachable: both fail closed.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisBackplane, redisBackplane } from '../../src/entries/redis.js';
import {
  DpopReplayCache,
  type DpopReplayStore,
  InMemoryRateLimitStore,
  jwtVerifier,
  McpServer,
  RATE_LIMITED_ERROR,
  type RateLimitStore,
  rateLimit,
} from '../../src/entries/server.js';
import { startTokenIssuer, type TokenIssuer } from '../auth/server-token-kit.js';
import { rpc } from '../helpers/http-rpc.js';
import {
  describeWithRedis,
  freePort,
  type RedisServerProcess,
  startRedisServer,
} from '../helpers/redis-server.js';

const RESOURCE = 'http://localhost/mcp';
let prefixes = 0;
const nextPrefix = (name: string) => `${name}-${process.pid}-${++prefixes}`;

let issuer: TokenIssuer;
let key: CryptoKeyPair;
let jkt: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  key = await generateKeyPair('ES256');
  jkt = await calculateJwkThumbprint(await exportJWK(key.publicKey), 'sha256');
});

afterAll(async () => {
  await issuer?.close();
});

function dpopServer(replay: DpopReplayStore): McpServer {
  const server = new McpServer(
    { name: 'dpop', version: '1.0.0' },
    {
      warn: () => {},
      auth: {
        resource: RESOURCE,
        authorizationServers: [issuer.issuer],
        verifier: jwtVerifier({ issuer: issuer.issuer, jwksUri: issuer.jwksUri }),
        dpop: { required: true, algorithms: ['ES256'], replay },
      },
    },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: String(ctx.auth?.subject) }],
  }));
  return server;
}

async function proofFor(token: string): Promise<string> {
  const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))).toString(
    'base64url',
  );
  return new SignJWT({ htm: 'POST', htu: RESOURCE, ath, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(key.publicKey) })
    .setIssuedAt()
    .sign(key.privateKey);
}

function whoami(server: McpServer, token: string, proof: string) {
  return rpc(
    (request) => server.fetch(request),
    'tools/call',
    { name: 'whoami' },
    {
      headers: { authorization: `DPoP ${token}`, dpop: proof },
    },
  );
}

/** A proof accepted by `a` and replayed against `b`. */
async function replayAcross(a: McpServer, b: McpServer) {
  const token = await issuer.mint({ aud: RESOURCE, cnf: { jkt } });
  const proof = await proofFor(token);
  const first = await whoami(a, token, proof);
  const replayed = await whoami(b, token, proof);
  const fresh = await whoami(b, token, await proofFor(token));
  return { first, replayed, fresh };
}

function expectReplayRefused({ first, replayed, fresh }: Awaited<ReturnType<typeof replayAcross>>) {
  expect(first.status).toBe(200);
  expect(first.body.result?.content).toEqual([{ type: 'text', text: 'alice' }]);
  expect(replayed.status).toBe(401);
  expect(replayed.headers.get('www-authenticate')).toContain('invalid_dpop_proof');
  expect(replayed.headers.get('www-authenticate')).toContain('already used');
  expect(fresh.status).toBe(200);
}

function limitedServer(store: RateLimitStore): McpServer {
  const server = new McpServer(
    { name: 'limited', version: '1.0.0' },
    { warn: () => {}, middleware: [rateLimit({ limit: 100, windowMs: 60_000, store })] },
  );
  server.registerTool('echo', {}, () => ({ content: [{ type: 'text', text: 'ok' }] }));
  server.registerTool('other', {}, () => ({ content: [{ type: 'text', text: 'ok' }] }));
  return server;
}

const callTool = (server: McpServer, name = 'echo') =>
  rpc((request) => server.fetch(request), 'tools/call', { name });

/** 150 concurrent calls, round-robin over `servers`: how many were admitted, and the refusals. */
async function flood(servers: McpServer[]) {
  const replies = await Promise.all(
    Array.from({ length: 150 }, (_, i) => callTool(servers[i % servers.length]!)),
  );
  const admitted = replies.filter((reply) => reply.body.result !== undefined).length;
  const refused = replies.filter((reply) => reply.body.error !== undefined).map((reply) => reply.body.error!);
  return { admitted, refused };
}

function expectExactly100({ admitted, refused }: Awaited<ReturnType<typeof flood>>) {
  expect(admitted).toBe(100);
  expect(refused).toHaveLength(50);
  for (const error of refused) {
    expect(error.code).toBe(RATE_LIMITED_ERROR);
    const data = error.data as { retryAfterMs: number; limit: number; windowMs: number };
    expect(data.limit).toBe(100);
    expect(data.windowMs).toBe(60_000);
    expect(data.retryAfterMs).toBeGreaterThan(0);
    expect(data.retryAfterMs).toBeLessThanOrEqual(60_000);
  }
}

describe('shared limits in memory (one process)', () => {
  it('refuses a DPoP proof replayed against another server sharing the replay cache', async () => {
    const replay = new DpopReplayCache();
    expectReplayRefused(await replayAcross(dpopServer(replay), dpopServer(replay)));
  });

  it('admits exactly 100 of 150 concurrent tool calls over three servers sharing a store, per tool', async () => {
    const store = new InMemoryRateLimitStore();
    const servers = [limitedServer(store), limitedServer(store), limitedServer(store)];
    expectExactly100(await flood(servers));
    // Another tool has a budget of its own; other methods are not counted.
    expect((await callTool(servers[0]!, 'other')).body.result).toBeDefined();
    expect((await rpc((request) => servers[1]!.fetch(request), 'tools/list')).body.result).toBeDefined();
  });

  it('keeps separate servers with their own default stores apart', async () => {
    const one = await callTool(limitedServer(new InMemoryRateLimitStore()));
    expect(one.body.result).toBeDefined();
    expect(() => rateLimit({ limit: 0, windowMs: 1000 })).toThrow(RangeError);
  });
});

describeWithRedis('shared limits on Redis', () => {
  let redis: RedisServerProcess;
  const backplanes: RedisBackplane[] = [];
  const backplane = (keyPrefix: string, url = redis.url, commandTimeoutMs?: number) => {
    const made = redisBackplane({ url, keyPrefix, commandTimeoutMs, warn: () => {} });
    backplanes.push(made);
    return made;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await Promise.all(backplanes.map((made) => made.close()));
    await redis?.stop();
  });

  it('refuses on server B a DPoP proof server A accepted, and keeps the key only as long as needed', async () => {
    const prefix = nextPrefix('dpop');
    const a = backplane(prefix);
    const b = backplane(prefix);
    expectReplayRefused(await replayAcross(dpopServer(a.dpopReplay), dpopServer(b.dpopReplay)));
    const keys = await a.link.run('listing', (client) => client.keys(`{${prefix}}:dpop:*`));
    expect(keys).toHaveLength(2);
    const ttl = await a.link.run('ttl', (client) => client.pttl(keys[0]!));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(62_000);
  });

  it('admits exactly 100 of 150 concurrent tool calls spread round-robin over three servers', async () => {
    const prefix = nextPrefix('limits');
    const servers = [0, 1, 2].map(() => limitedServer(backplane(prefix).rateLimits));
    expectExactly100(await flood(servers));
    // Another prefix is another set of counters.
    expect(
      (await callTool(limitedServer(backplane(nextPrefix('limits')).rateLimits))).body.result,
    ).toBeDefined();
  });

  it('fails closed when Redis is unreachable: DPoP refused (503), tool calls refused (-32603)', async () => {
    const down = backplane(nextPrefix('down'), `redis://127.0.0.1:${await freePort()}`, 300);
    const token = await issuer.mint({ aud: RESOURCE, cnf: { jkt } });
    const refused = await whoami(dpopServer(down.dpopReplay), token, await proofFor(token));
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: 'temporarily_unavailable' });
    expect(JSON.stringify(refused.body)).toContain('replay check is unavailable');

    const limited = await callTool(limitedServer(down.rateLimits));
    expect(limited.body.result).toBeUndefined();
    expect(limited.body.error?.code).toBe(-32603);
    expect(limited.body.error?.message).toContain('rate limit could not be checked');
    expect(limited.body.error?.message).toContain('Redis is unreachable');
  });
});
