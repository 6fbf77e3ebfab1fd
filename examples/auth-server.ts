/**
 * A server behind an identity provider: every HTTP request needs an OAuth
 * access token issued for this server, tools need their own scopes (a broader
 * scope implies narrower ones), and handlers act for the token's subject.
 *
 *   MCP_AUTH_ISSUER=https://auth.example.com \
 *   MCP_AUTH_JWKS_URI=https://auth.example.com/.well-known/jwks.json \
 *   node --import tsx examples/auth-server.ts [--port N]
 *
 * Without MCP_AUTH_ISSUER it starts the development authorization server
 * (mcpkit/dev-auth) next to it and prints a token to try. MCP_DPOP=1 also
 * takes DPoP-bound tokens from an identity provider that issues them.
 */
import { z } from 'zod';
import { startDevAuthorizationServer } from '../src/entries/dev-auth.js';
import { jwtVerifier, McpServer, scopeHierarchy, type TokenVerifier } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/** Where tokens come from: the issuer clients are sent to, and how this server checks its tokens. */
export interface NotesAuth {
  readonly issuer: string;
  readonly verifier: TokenVerifier;
  /** The public URL of this server, when clients reach it by another name than the one it listens on. */
  readonly resource?: string;
  /** Take DPoP-bound tokens too (a stolen token is useless without the client's key). */
  readonly dpop?: boolean;
}

/** Each subject's notes; a real server would keep them in a database. */
const notesBySubject = new Map<string, string[]>();

/** Builds the notes server. */
export function createNotesServer(auth: NotesAuth): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-auth-example', version: '0.1.0' },
    {
      instructions:
        'Personal notes. Reading needs notes:read, writing notes:write (notes:admin covers both).',
      auth: {
        authorizationServers: [auth.issuer],
        verifier: auth.verifier,
        resource: auth.resource,
        // Every request needs `mcp`; the 401 challenge tells clients to ask for it.
        requiredScopes: ['mcp'],
        scopesSupported: ['mcp', 'notes:read'],
        scopeImplies: scopeHierarchy({ 'notes:admin': ['notes:write', 'notes:read'] }),
        resourceName: 'Notes',
        dpop: auth.dpop,
      },
    },
  );

  server.registerTool(
    'list_notes',
    { description: 'Lists your notes.', scopes: ['notes:read'] },
    // ctx.auth is the verified token: notes belong to its subject, whoever the client says it is.
    (ctx) => ({
      content: [{ type: 'text', text: (notesBySubject.get(ctx.auth!.subject) ?? []).join('\n') || '(none)' }],
    }),
  );

  server.registerTool(
    'add_note',
    {
      description: 'Adds a note.',
      inputSchema: z.object({ text: z.string().min(1) }),
      // A token without notes:write gets HTTP 403 insufficient_scope naming every scope needed,
      // so the client can step up (re-authorize with the union of scopes) and retry.
      scopes: ['notes:write'],
    },
    ({ text }, ctx) => {
      const notes = notesBySubject.get(ctx.auth!.subject) ?? [];
      notes.push(text);
      notesBySubject.set(ctx.auth!.subject, notes);
      return { content: [{ type: 'text', text: `Saved note ${notes.length} for ${ctx.auth!.subject}` }] };
    },
  );

  return server;
}

/** `node --import tsx examples/auth-server.ts [--port N]` */
export async function main(argv: readonly string[]) {
  const issuer = process.env.MCP_AUTH_ISSUER;
  if (issuer) {
    const jwksUri = process.env.MCP_AUTH_JWKS_URI;
    if (!jwksUri) throw new Error('Set MCP_AUTH_JWKS_URI to the jwks_uri of your identity provider');
    const verifier = jwtVerifier({ issuer, jwksUri });
    return serveFromCommandLine(
      createNotesServer({
        issuer,
        verifier,
        resource: process.env.MCP_RESOURCE,
        dpop: process.env.MCP_DPOP === '1',
      }),
      argv,
      'notes (OAuth)',
    );
  }
  const as = await startDevAuthorizationServer({
    resources: [],
    scopes: ['mcp', 'notes:read', 'notes:write', 'notes:admin'],
    clients: [{ clientId: 'notes-script', clientSecret: 'notes-secret' }],
  });
  const server = createNotesServer({
    issuer: as.issuer,
    verifier: jwtVerifier({ issuer: as.issuer, jwksUri: as.jwksUri }),
  });
  const served = await serveFromCommandLine(server, argv, 'notes (OAuth, development authorization server)');
  if (served.kind === 'http') {
    as.addResource(served.running.url);
    process.stderr.write(
      `Get a token:\n  curl -s -u notes-script:notes-secret ${as.tokenEndpoint} -d grant_type=client_credentials ` +
        `-d 'scope=mcp notes:read notes:write' -d resource=${served.running.url.href}\n`,
    );
  }
  return served;
}

runIfMain(import.meta.url, main);
