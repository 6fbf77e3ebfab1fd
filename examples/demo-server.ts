/**
 * The `npm start` demo: one McpServer with a little of everything (tools, one of
 * which asks the user a question, a resource, a resource template, a prompt, and an
 * MCP App: a counter a host with the apps extension renders, whose button calls a tool).
 * The other examples cover each feature in depth.
 *
 *   npm start                      # Streamable HTTP at http://127.0.0.1:3000/mcp
 *   npm start -- --port 4000
 *   npm start -- --stdio           # for clients that start the server themselves
 *   npm start -- --auth            # protected by a development authorization server (OAuth)
 */
import { z } from 'zod';
import { startDevAuthorizationServer } from '../src/entries/dev-auth.js';
import {
  APP_MIME_TYPE,
  APPS_EXTENSION,
  type BearerAuthOptions,
  jwtVerifier,
  McpServer,
  ResourceTemplate,
  registerAppResource,
  registerAppTool,
} from '../src/entries/server.js';
import { runIfMain, type Served, serveFromCommandLine } from './command-line.js';
import { COUNTER_APP_HTML, COUNTER_APP_URI } from './demo-app.js';

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
    {
      instructions:
        'A demo of mcpkit: echo, add, greet (asks your name), greetings by language, counter (an MCP App).',
      auth,
    },
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

  // An MCP App: a host that declared io.modelcontextprotocol/ui renders the counter's result
  // in COUNTER_APP_URI, whose +1 button calls counter_add through the host. Other clients get
  // a text answer, and never see counter_add, which only the app may call.
  registerAppResource(server, 'Counter app', COUNTER_APP_URI, {
    description: 'A counter with a +1 button (an MCP App)',
    html: COUNTER_APP_HTML,
    csp: {}, // nothing outside the document: the host's restrictive default
    prefersBorder: true,
  });
  registerAppTool(
    server,
    'counter',
    {
      description: 'Shows a counter the user can click up, starting at a number (default 0).',
      inputSchema: z.object({ start: z.number().int().default(0) }),
      outputSchema: z.object({ count: z.number().int() }),
      resourceUri: COUNTER_APP_URI,
      fallback: {
        description: 'Starts a counter at a number (default 0) and says where it stands.',
        result: (result) => ({
          ...result,
          content: [{ type: 'text', text: `The counter is at ${result.structuredContent?.count}.` }],
        }),
      },
    },
    // The model reads the content whether or not the host shows the app.
    ({ start }) => ({
      content: [{ type: 'text', text: `The counter starts at ${start}; the app shows it with a +1 button.` }],
      structuredContent: { count: start },
    }),
  );
  registerAppTool(
    server,
    'counter_add',
    {
      description: 'Adds one to the count the counter app shows.',
      inputSchema: z.object({ count: z.number().int() }),
      outputSchema: z.object({ count: z.number().int() }),
      resourceUri: COUNTER_APP_URI,
      visibility: ['app'],
    },
    ({ count }) => ({ structuredContent: { count: count + 1 } }),
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

/** The envelope of a client that declared the MCP Apps extension. */
const APPS_ENVELOPE = {
  ...ENVELOPE,
  'io.modelcontextprotocol/clientCapabilities': {
    extensions: { [APPS_EXTENSION]: { mimeTypes: [APP_MIME_TYPE] } },
  },
};

/**
 * What a running server offers, by name, as its own list requests answer (tools, resources,
 * templates, prompts), and the tools of its apps, as a client with the MCP Apps extension sees them.
 */
export async function offeredBy(
  url: URL,
): Promise<Record<'tools' | 'resources' | 'templates' | 'prompts' | 'appTools', string[]>> {
  const list = async (
    method: string,
    key: string,
    envelope: Record<string, unknown> = ENVELOPE,
  ): Promise<Record<string, unknown>[]> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': '2026-07-28',
        'Mcp-Method': method,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: envelope } }),
    });
    const { result } = (await response.json()) as { result?: Record<string, unknown> };
    return (result?.[key] ?? []) as Record<string, unknown>[];
  };
  const named = async (method: string, key: string, field: string) =>
    (await list(method, key)).map((item) => String(item[field]));
  const [tools, resources, templates, prompts, withApps] = await Promise.all([
    named('tools/list', 'tools', 'name'),
    named('resources/list', 'resources', 'uri'),
    named('resources/templates/list', 'resourceTemplates', 'uriTemplate'),
    named('prompts/list', 'prompts', 'name'),
    list('tools/list', 'tools', APPS_ENVELOPE),
  ]);
  const appTools = withApps.flatMap((tool) => {
    const ui = (tool._meta as { ui?: { resourceUri?: string; visibility?: string[] } } | undefined)?.ui;
    if (ui?.resourceUri === undefined) return [];
    const appOnly = ui.visibility !== undefined && !ui.visibility.includes('model');
    return [`${String(tool.name)}${appOnly ? ' (app only)' : ''} -> ${ui.resourceUri}`];
  });
  return { tools, resources, templates, prompts, appTools };
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
    `  app tools:  ${none(offered.appTools)}`,
    '               (MCP Apps: for hosts that declare io.modelcontextprotocol/ui; to see the counter in a',
    `               browser: npm run apps-host -- --port 8080 --server ${url.href})`,
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
