/**
 * SSRF protection: a server the user named must not make the client reach addresses the user
 * did not name (loopback, private, link-local) through the URLs it chooses: its protected
 * resource metadata, the authorization server it lists, redirects, URLs it hands over.
 *
 * The client connects to `mcp.example.test`, a name that is not loopback. A hosts-file-like fetch
 * takes every `*.example.test` name to 127.0.0.1 (keeping the port), and the guard's resolver is
 * a fake DNS, so each test decides what a name "resolves" to while real servers answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Client,
  type HostResolver,
  SsrfBlockedError,
  type SsrfProtectionOptions,
} from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { headlessAuth, protectedSetup, track } from '../auth/client-helpers.js';

const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const stdioServer = join(import.meta.dirname, 'fixtures', 'stdio-server.ts');

/** The fake DNS: what each name resolves to. 93.184.215.14 stands for any public address. */
const DNS: Record<string, string[]> = {
  'public.example.test': ['93.184.215.14'],
  'as.example.test': ['93.184.215.14'],
  'internal.example.test': ['127.0.0.1'],
  'metadata.example.test': ['169.254.169.254'],
  'mixed.example.test': ['93.184.215.14', '10.1.2.3'],
};

const resolve: HostResolver = async (name) => {
  const addresses = DNS[name];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return addresses;
};

/** Like a hosts file: `*.example.test` reaches 127.0.0.1 on the same port. */
const viaLoopback: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname.endsWith('.example.test')) url.hostname = '127.0.0.1';
  return fetch(url, init);
};

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A server on 127.0.0.1 that answers every request with `status` and `Location: location(path)`. */
async function redirector(status: number, location: (path: string) => string): Promise<number> {
  const server = createServer((req, res) => {
    res.writeHead(status, { location: location(req.url ?? '/') }).end();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/**
 * A protected MCP server the user reaches as `http://mcp.example.test:<port>/mcp`, and an
 * authorization server on 127.0.0.1. The 401 names no metadata URL, so discovery reads the
 * protected resource metadata on the named origin, which lists `authorizationServers(asPort)`.
 */
async function namedSetup(authorizationServers: (asPort: string) => string[]) {
  const { as, rs } = await protectedSetup({}, { advertisePrm: false });
  const named = new URL(`http://mcp.example.test:${new URL(rs.origin).port}/mcp`);
  rs.config.resource = named.href;
  rs.config.authorizationServers = authorizationServers(new URL(as.origin).port);
  return { as, rs, named };
}

async function connectNamed(url: URL, ssrfProtection: SsrfProtectionOptions | false = {}): Promise<Client> {
  const auth = headlessAuth({ fetch: viaLoopback, dangerouslyAllowInsecureHttp: true });
  return track(
    await Client.connect(url, {
      auth,
      fetch: viaLoopback,
      ssrfProtection: ssrfProtection === false ? false : { resolve, ...ssrfProtection },
      warn: () => {},
    }),
  );
}

/** The error `promise` rejects with, which must be an SsrfBlockedError. */
async function blocked(promise: Promise<unknown>): Promise<SsrfBlockedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SsrfBlockedError);
  return error as SsrfBlockedError;
}

describe('authorization servers a named server lists', () => {
  it.each([
    ['a loopback address', (port: string) => `http://127.0.0.1:${port}`, '127.0.0.1', /loopback/],
    ['a private address', () => 'http://10.0.0.7', '10.0.0.7', /private/],
    ['the cloud metadata address', () => 'http://169.254.169.254', '169.254.169.254', /link-local/],
    ['a decimal IPv4 literal', (port: string) => `http://2130706433:${port}`, '127.0.0.1', /loopback/],
    ['a hex IPv4 literal', (port: string) => `http://0x7f.1:${port}`, '127.0.0.1', /loopback/],
    [
      'an IPv4-mapped IPv6 literal',
      (port: string) => `http://[::ffff:127.0.0.1]:${port}`,
      '::ffff:7f00:1',
      /loopback/,
    ],
    [
      'a name that resolves to loopback',
      (port: string) => `http://internal.example.test:${port}`,
      '127.0.0.1',
      /internal\.example\.test resolves to 127\.0\.0\.1/,
    ],
    [
      'a name with one private address among public ones',
      () => 'http://mixed.example.test',
      '10.1.2.3',
      /private/,
    ],
  ])('are refused at %s, before any request reaches them', async (_what, issuer, address, reason) => {
    const { as, named } = await namedSetup((port) => [issuer(port)]);
    const error = await blocked(connectNamed(named));
    expect(error.address).toBe(address);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain('ssrfProtection');
    expect(as.requests).toEqual([]);
  });

  it('are refused when their name does not resolve, since where it leads cannot be checked', async () => {
    const { named } = await namedSetup(() => ['http://nowhere.example.test']);
    const error = await blocked(connectNamed(named));
    expect(error.reason).toMatch(/nowhere\.example\.test did not resolve \(ENOTFOUND\)/);
  });

  it('are refused when a public one redirects to an internal address, checked on every hop', async () => {
    const { as, rs, named } = await namedSetup(() => []);
    // as.example.test resolves to a public address; there, a redirector sends metadata requests on to the real AS on loopback.
    const port = await redirector(302, (path) => `${as.origin}${path}`);
    rs.config.authorizationServers = [`http://as.example.test:${port}`];
    const error = await blocked(connectNamed(named));
    expect(error.url).toBe(`${as.origin}/.well-known/oauth-authorization-server`);
    expect(error.reason).toMatch(/loopback/);
    expect(as.requests).toEqual([]);
  });

  it('are reached when the allow list names their address, host or range', async () => {
    for (const allow of [['127.0.0.1'], ['127.0.0.0/8']]) {
      const { as, named } = await namedSetup((port) => [`http://127.0.0.1:${port}`]);
      const client = await connectNamed(named, { allow });
      const result = await client.callTool('whoami', {});
      expect(result.content).toEqual([{ type: 'text', text: 'hello' }]);
      expect(as.tokenRequests.length).toBe(1);
    }
  });

  it('are reached with ssrfProtection: false', async () => {
    const { named } = await namedSetup((port) => [`http://127.0.0.1:${port}`]);
    const client = await connectNamed(named, false);
    expect((await client.callTool('whoami', {})).content).toEqual([{ type: 'text', text: 'hello' }]);
  });

  it('are reached on loopback when the user named a loopback server, but private ones stay refused', async () => {
    const { rs } = await protectedSetup();
    const auth = headlessAuth();
    const client = track(await Client.connect(rs.url, { auth, warn: () => {} }));
    expect((await client.callTool('whoami', {})).content).toEqual([{ type: 'text', text: 'hello' }]);

    const other = await protectedSetup(
      {},
      { advertisePrm: false, authorizationServers: ['https://192.168.1.1'] },
    );
    const error = await blocked(Client.connect(other.rs.url, { auth: headlessAuth(), warn: () => {} }));
    expect(error.address).toBe('192.168.1.1');
  });
});

describe('endpoints a reachable authorization server names', () => {
  /** An AS the client reaches as as.example.test (public), whose metadata names endpoints on 127.0.0.1. */
  async function publicAsWithLoopbackEndpoints() {
    const { as, rs, named } = await namedSetup(() => []);
    const port = new URL(as.origin).port;
    as.config.metadataIssuer = `http://as.example.test:${port}`;
    rs.config.authorizationServers = [`http://as.example.test:${port}`];
    return { as, named };
  }

  it('refuses a registration endpoint on an internal address, as it is, not as a failed registration', async () => {
    const { as, named } = await publicAsWithLoopbackEndpoints();
    const error = await blocked(connectNamed(named));
    expect(error.url).toBe(`${as.origin}/register`);
    expect(as.registrations).toEqual([]);
  });

  it('refuses a token endpoint on an internal address, as it is, not as a failed token request', async () => {
    const { as, named } = await publicAsWithLoopbackEndpoints();
    as.addClient('my-app', { secret: 's3cret', method: 'client_secret_basic' });
    // The fixture would name its loopback origin as `iss`; this AS is known by its public name.
    as.config.issParameterSupported = false;
    as.config.issInResponse = 'omit';
    const auth = headlessAuth({
      fetch: viaLoopback,
      dangerouslyAllowInsecureHttp: true,
      clients: [{ clientId: 'my-app', clientSecret: 's3cret' }],
    });
    const connecting = Client.connect(named, {
      auth,
      fetch: viaLoopback,
      ssrfProtection: { resolve },
      warn: () => {},
    });
    const error = await blocked(connecting);
    expect(error.url).toBe(`${as.origin}/token`);
    expect(as.tokenRequests).toEqual([]);
  });
});

describe('protected resource metadata a named server points to', () => {
  it('is refused at a loopback address named in the 401 challenge', async () => {
    // advertisePrm: the challenge says resource_metadata="http://127.0.0.1:<port>/.well-known/...".
    const { rs } = await protectedSetup();
    const named = new URL(`http://mcp.example.test:${new URL(rs.origin).port}/mcp`);
    const error = await blocked(connectNamed(named));
    expect(error.url).toBe(`${rs.origin}/.well-known/oauth-protected-resource/mcp`);
    expect(rs.requests.filter((request) => request.path.startsWith('/.well-known'))).toEqual([]);
  });
});

describe("the MCP server's own redirects", () => {
  async function plainServer() {
    const server = new McpServer({ name: 'plain', version: '1.0.0' });
    server.registerTool('ping', { inputSchema: z.object({}) }, () => ({
      content: [{ type: 'text', text: 'pong' }],
    }));
    return track(await serveHttp(server, { port: 0, hostProtection: false }));
  }

  it('are followed within the host the user named', async () => {
    const mcp = await plainServer();
    const port = await redirector(307, () => `http://mcp.example.test:${mcp.url.port}/mcp`);
    const client = track(
      await Client.connect(`http://mcp.example.test:${port}/old`, {
        fetch: viaLoopback,
        ssrfProtection: { resolve },
      }),
    );
    expect((await client.callTool('ping', {})).content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('are refused to an address the user did not name', async () => {
    const mcp = await plainServer();
    const port = await redirector(307, () => `http://127.0.0.1:${mcp.url.port}/mcp`);
    const error = await blocked(
      Client.connect(`http://mcp.example.test:${port}/old`, {
        fetch: viaLoopback,
        ssrfProtection: { resolve },
      }),
    );
    expect(error.url).toBe(`http://127.0.0.1:${mcp.url.port}/mcp`);
  });

  it('carry credentials within the origin only, as fetch does', async () => {
    // /old redirects to `target`; /mcp records the Authorization header it got and answers 404.
    const seen: (string | undefined)[] = [];
    let target = '';
    const server = createServer((req, res) => {
      if (req.url === '/old') res.writeHead(307, { location: target }).end();
      else {
        seen.push(req.headers.authorization);
        res.writeHead(404).end();
      }
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    const connect = () =>
      Client.connect(`http://mcp.example.test:${port}/old`, {
        fetch: viaLoopback,
        headers: { authorization: 'Bearer secret' },
        ssrfProtection: { resolve },
        legacySseFallback: false,
        warn: () => {},
      }).catch(() => undefined);

    target = '/mcp';
    await connect();
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['Bearer secret']));

    seen.length = 0;
    target = `http://public.example.test:${port}/mcp`;
    await connect();
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([undefined]));
  });

  it('stop after maxRedirects', async () => {
    const port = await redirector(307, (path) => path);
    const connecting = Client.connect(`http://mcp.example.test:${port}/loop`, {
      fetch: viaLoopback,
      ssrfProtection: { resolve, maxRedirects: 2 },
      legacySseFallback: false,
    });
    await expect(connecting).rejects.toThrow(/more than 2 redirects/);
  });
});

describe("the MCP server's own redirects on Node's own HTTP client (no fetch given)", () => {
  it('are refused to a private address, before anything connects there', async () => {
    // The user named a loopback server: loopback stays allowed, a private address does not.
    const port = await redirector(307, () => 'http://10.1.2.3:9/mcp');
    const error = await blocked(
      Client.connect(`http://127.0.0.1:${port}/old`, {
        ssrfProtection: { resolve },
        legacySseFallback: false,
      }),
    );
    expect(error.url).toBe('http://10.1.2.3:9/mcp');
  });

  it('are refused to a name that resolves inward, and stop after maxRedirects', async () => {
    const inward = await redirector(307, () => 'http://metadata.example.test/latest');
    await blocked(
      Client.connect(`http://127.0.0.1:${inward}/old`, {
        ssrfProtection: { resolve },
        legacySseFallback: false,
      }),
    );
    const loop = await redirector(307, (path) => path);
    await expect(
      Client.connect(`http://127.0.0.1:${loop}/loop`, {
        ssrfProtection: { resolve, maxRedirects: 2 },
        legacySseFallback: false,
      }),
    ).rejects.toThrow(/more than 2 redirects/);
  });
});

describe('client.checkUrl', () => {
  it('judges URLs the server handed over by the rule the client applies to its own requests', async () => {
    const mcp = await (async () => {
      const server = new McpServer({ name: 'plain', version: '1.0.0' });
      return track(await serveHttp(server, { port: 0, hostProtection: false }));
    })();
    const client = track(
      await Client.connect(`http://mcp.example.test:${mcp.url.port}/mcp`, {
        fetch: viaLoopback,
        ssrfProtection: { resolve, allow: ['10.9.0.0/16'] },
      }),
    );
    await client.checkUrl('https://public.example.test/icon.png');
    await client.checkUrl(`http://mcp.example.test:${mcp.url.port}/icons/a.png`);
    await client.checkUrl('http://10.9.1.1/ok');
    for (const [url, reason] of [
      ['http://169.254.169.254/latest/meta-data/', /link-local/],
      ['http://metadata.example.test/', /metadata\.example\.test resolves to 169\.254\.169\.254/],
      ['http://localhost:8080/', /loopback/],
      ['http://[fd00::1]/', /private/],
      ['http://0/', /unspecified/],
      ['javascript:alert(1)', /not an http\(s\) URL/],
      ['not a url', /not a valid URL/],
    ] as const) {
      const error = await blocked(client.checkUrl(url));
      expect(error.reason).toMatch(reason);
    }
  });

  it('allows loopback, and only loopback, for a server started as a local process', async () => {
    const client = track(
      await Client.connect(
        { command: tsx, args: [stdioServer] },
        { ssrfProtection: { resolve }, stderr: 'ignore' },
      ),
    );
    await client.checkUrl('http://127.0.0.1:8976/callback');
    await client.checkUrl('http://localhost/');
    expect((await blocked(client.checkUrl('http://192.168.0.10/'))).reason).toMatch(/private/);
  });
});
