/**
 * The `npm start` demo: one McpServer with a little of everything (tools, one of
 * which asks the user a question, a resource, a resource template, a prompt).
 * The other examples cover each feature in depth.
 *
 *   npm start                      # Streamable HTTP at http://127.0.0.1:3000/mcp
 *   npm start -- --port 4000
 *   npm start -- --stdio           # for clients that start the server themselves
 *   npm start -- --auth            # protected by a development authorization server (OAuth)
 */
import { z } from 'zod';
import { startDevAuthorizationServer } from '../src/entries/dev-auth.js';
import { type BearerAuthOptions, jwtVerifier, McpServer, ResourceTemplate } from '../src/entries/server.js';
import { runIfMain, type Served, serveFromCommandLine } from './command-line.js';

const GREETINGS: Record<string, string> = {
  en: 'Hello',
  fr: 'Bonjour',
  de: 'Hallo',
  es: 'Hola',
  ja: 'こんにちは',
};

/** Builds the demo server; with `auth`, every HTTP request needs an access token. */
export function createDemoServer(auth?: BearerAuthOptions): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-demo', version: '0.1.0' },
    { instructions: 'A demo of mcpkit: echo, add, greet (asks your name), greetings by language.', auth },
  );

  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );

  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      outputSchema: z.object({ sum: z.number() }),
    },
    ({ a, b }) => ({ structuredContent: { sum: a + b } }),
  );

  // Asks the user through the client. On 2026-07-28 this answers input_required and the
  // client retries with the answer; on a 2025 session it is an elicitation/create request.
  server.registerTool('greet', { description: 'Greets you by name, asking for it first.' }, async (ctx) => {
    const answer = await ctx.elicit({
      message: 'What is your name?',
      requestedSchema: {
        type: 'object',
        properties: { name: { type: 'string', title: 'Name' } },
        required: ['name'],
      },
    });
    const name = answer.action === 'accept' ? answer.content?.name : undefined;
    return { content: [{ type: 'text', text: name ? `Hello, ${String(name)}!` : 'Hello, stranger!' }] };
  });

  server.registerResource(
    'about',
    'demo://about',
    { description: 'About this server', mimeType: 'text/plain' },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'mcpkit demo server, speaking 2026-07-28.' }],
    }),
  );

  server.registerResource(
    'greeting',
    new ResourceTemplate('demo://greetings/{language}', {
      list: () => ({
        resources: Object.keys(GREETINGS).map((language) => ({
          uri: `demo://greetings/${language}`,
          name: `greeting-${language}`,
        })),
      }),
      complete: { language: (typed) => Object.keys(GREETINGS).filter((l) => l.startsWith(typed)) },
    }),
    { description: '"Hello" in a language (en, fr, de, es, ja)', mimeType: 'text/plain' },
    (uri, { language }) => {
      const greeting = GREETINGS[String(language)];
      return {
        contents: greeting === undefined ? [] : [{ uri: uri.href, mimeType: 'text/plain', text: greeting }],
      };
    },
  );

  server.registerPrompt(
    'haiku',
    {
      description: 'Asks the model for a haiku.',
      argsSchema: z.object({ topic: z.string().describe('What the haiku is about') }),
      complete: { topic: (typed) => ['autumn', 'the sea', 'mountains'].filter((t) => t.startsWith(typed)) },
    },
    ({ topic }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Write a haiku about ${topic}.` } }],
    }),
  );

  return server;
}

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/**
 * Requests to try the server with, as `curl` would send them: every 2026-07-28
 * request carries the `_meta` envelope, and its method (and tool name) in headers.
 */
export function sampleRequests(): { headers: Record<string, string>; body: Record<string, unknown> }[] {
  const headers = (method: string, name?: string): Record<string, string> => ({
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': '2026-07-28',
    'Mcp-Method': method,
    ...(name === undefined ? {} : { 'Mcp-Name': name }),
  });
  return [
    {
      headers: headers('tools/list'),
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: ENVELOPE } },
    },
    {
      headers: headers('tools/call', 'add'),
      body: {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'add', arguments: { a: 2, b: 3 }, _meta: ENVELOPE },
      },
    },
  ];
}

function curlCommand(url: URL, request: ReturnType<typeof sampleRequests>[number]): string {
  const lines = [`curl -s ${url.href}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`  -H '${name}: ${value}'`);
  lines.push(`  -d '${JSON.stringify(request.body)}'`);
  return lines.join(' \\\n');
}

/** The client the `--auth` demo registers for scripts and the CLI (client credentials). */
export const DEMO_CLIENT = { clientId: 'demo-cli', clientSecret: 'demo-cli-secret' } as const;

/**
 * `npm start -- --auth`: a development authorization server on a free port,
 * and the demo server accepting only its tokens. Prints where everything is
 * and a CLI command with a fresh token.
 */
async function mainWithAuth(argv: readonly string[]): Promise<Served> {
  const as = await startDevAuthorizationServer({
    resources: [],
    scopes: ['mcp'],
    clients: [DEMO_CLIENT],
    accessTokenTtlSeconds: 3600,
  });
  const server = createDemoServer({
    authorizationServers: [as.issuer],
    verifier: jwtVerifier({ issuer: as.issuer, jwksUri: as.jwksUri }),
    requiredScopes: ['mcp'],
    resourceName: 'mcpkit demo',
  });
  const served = await serveFromCommandLine(server, argv, 'mcpkit demo (OAuth)');
  if (served.kind !== 'http') {
    await as.close();
    return served;
  }
  const url = served.running.url;
  as.addResource(url);
  process.once('exit', () => void as.close());
  const response = await fetch(as.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp', resource: url.href }),
  });
  const { access_token: token } = (await response.json()) as { access_token: string };
  const metadata = `${url.origin}/.well-known/oauth-protected-resource${url.pathname}`;
  process.stderr.write(
    `
Authorization server (development only): ${as.issuer}
` +
      `  metadata:        ${as.issuer}/.well-known/oauth-authorization-server
` +
      `  login page:      any user name works (oidc-provider's development interactions)
` +
      `  client for scripts (client_credentials): ${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.clientSecret}
` +
      `Protected resource metadata: ${metadata}

` +
      `Try it with the mcpkit CLI and a token valid for one hour:

` +
      `  npm run mcpkit -- tools --header 'Authorization: Bearer ${token}' ${url.href}

` +
      `A new token:

` +
      `  curl -s -u ${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret} ${as.tokenEndpoint} \\\n` +
      `    -d grant_type=client_credentials -d scope=mcp -d resource=${url.href}

`,
  );
  return served;
}

/** What a running server offers, by name, as its own list requests answer (tools, resources, templates, prompts). */
export async function offeredBy(
  url: URL,
): Promise<Record<'tools' | 'resources' | 'templates' | 'prompts', string[]>> {
  const list = async (method: string, key: string, field: string): Promise<string[]> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': '2026-07-28',
        'Mcp-Method': method,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: ENVELOPE } }),
    });
    const { result } = (await response.json()) as { result?: Record<string, unknown> };
    const items = (result?.[key] ?? []) as Record<string, unknown>[];
    return items.map((item) => String(item[field]));
  };
  const [tools, resources, templates, prompts] = await Promise.all([
    list('tools/list', 'tools', 'name'),
    list('resources/list', 'resources', 'uri'),
    list('resources/templates/list', 'resourceTemplates', 'uriTemplate'),
    list('prompts/list', 'prompts', 'name'),
  ]);
  return { tools, resources, templates, prompts };
}

/**
 * What `npm start` prints once the server listens: what it offers, how to try
 * it with the mcpkit CLI and with curl, and how to stop it.
 */
export function startBanner(url: URL, offered: Awaited<ReturnType<typeof offeredBy>>): string {
  const none = (names: string[]) => (names.length > 0 ? names.join(', ') : '(none)');
  const cli = (args: string) => `  npm run mcpkit -- ${args} ${url.href}`;
  return [
    'Stop it with Ctrl-C.',
    '',
    'It offers',
    `  tools:      ${none(offered.tools)}`,
    `  resources:  ${none(offered.resources)}`,
    `  templates:  ${none(offered.templates)}`,
    `  prompts:    ${none(offered.prompts)}`,
    '',
    'Try it with the mcpkit CLI, from another terminal in this directory:',
    cli('tools'),
    cli('call add --arg a=2 --arg b=3'),
    `${cli('call greet')}    # asks your name`,
    cli('read demo://greetings/fr'),
    cli('prompt haiku --arg topic=autumn'),
    '  npm run mcpkit -- --help',
    '',
    'Or with curl (any MCP client works: point it at the URL above):',
    '',
    sampleRequests()
      .map((request) => curlCommand(url, request))
      .join('\n\n'),
    '',
    `Stop it with Ctrl-C. On another port: npm start -- --port ${url.port === '4000' ? '4001' : '4000'}`,
    '',
  ].join('\n');
}

/** `npm start [-- --port N | -- --stdio | -- --auth]` */
export async function main(argv: readonly string[]) {
  if (argv.includes('--auth')) return mainWithAuth(argv);
  const served = await serveFromCommandLine(createDemoServer(), argv, 'mcpkit demo');
  if (served.kind === 'http') {
    const url = served.running.url;
    process.stderr.write(`${startBanner(url, await offeredBy(url))}\n`);
  }
  return served;
}

runIfMain(import.meta.url, main);
