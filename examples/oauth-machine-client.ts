/**
 * A machine client: a service that calls a protected MCP server on its own
 * behalf, with no user and no browser (OAuth client credentials, SEP-1046).
 *
 *   MCP_CLIENT_ID=nightly-report MCP_CLIENT_SECRET=... \
 *     node --import tsx examples/oauth-machine-client.ts https://mcp.example.com/mcp
 *
 *   MCP_CLIENT_ID=nightly-report MCP_CLIENT_KEY_FILE=./client-key.pem \
 *     node --import tsx examples/oauth-machine-client.ts https://mcp.example.com/mcp
 *
 * With a key file (PKCS#8 PEM, ES256) the client authenticates with a signed
 * assertion (`private_key_jwt`) instead of a secret; set MCP_AS_ISSUER to the
 * authorization server the credentials belong to, so they never go anywhere
 * else. Tokens are bound to a DPoP key when both the authorization server and the MCP server take DPoP.
 */
import { readFile } from 'node:fs/promises';
import { Client, type ClientCredentialsAuthOptions, clientCredentialsAuth } from '../src/entries/client.js';
import { runIfMain } from './command-line.js';

/**
 * Connects to `url` with client credentials, calls every tool that takes no
 * arguments, and returns their text output by tool name.
 *
 * @example
 * const results = await runMachineClient('https://mcp.example.com/mcp', { clientId: 'svc', clientSecret: 's' });
 */
export async function runMachineClient(
  url: string,
  credentials: ClientCredentialsAuthOptions,
): Promise<Record<string, string>> {
  const client = await Client.connect(url, { auth: clientCredentialsAuth(credentials) });
  try {
    const results: Record<string, string> = {};
    for (const tool of await client.listAllTools()) {
      const required = (tool.inputSchema as { required?: string[] } | undefined)?.required ?? [];
      if (required.length > 0) continue;
      const result = await client.callTool(tool.name, {});
      results[tool.name] = (result.content as { type: string; text?: string }[])
        .map((part) => part.text ?? '')
        .join('');
    }
    return results;
  } finally {
    await client.close();
  }
}

/** The credentials from the environment: a key file when one is named, else a secret. */
async function credentialsFromEnvironment(): Promise<ClientCredentialsAuthOptions> {
  const clientId = process.env.MCP_CLIENT_ID;
  if (!clientId) throw new Error('Set MCP_CLIENT_ID (and MCP_CLIENT_SECRET or MCP_CLIENT_KEY_FILE)');
  const issuer = process.env.MCP_AS_ISSUER;
  const keyFile = process.env.MCP_CLIENT_KEY_FILE;
  if (keyFile) {
    const privateKeyPem = await readFile(keyFile, 'utf8');
    return { clientId, issuer, privateKey: { privateKeyPem, algorithm: 'ES256' } };
  }
  const clientSecret = process.env.MCP_CLIENT_SECRET;
  if (!clientSecret) throw new Error('Set MCP_CLIENT_SECRET or MCP_CLIENT_KEY_FILE');
  return { clientId, issuer, clientSecret };
}

runIfMain(import.meta.url, async (argv) => {
  const url = argv[0];
  if (!url) throw new Error('usage: node --import tsx examples/oauth-machine-client.ts <server url>');
  const results = await runMachineClient(url, await credentialsFromEnvironment());
  for (const [name, text] of Object.entries(results)) process.stdout.write(`${name}: ${text}\n`);
});
