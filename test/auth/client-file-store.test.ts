/**
 * The file store a CLI keeps its registrations and tokens in: owner-only
 * permissions, contents that survive a restart, entries kept apart by issuer,
 * and a second process (a new OAuthClientAuth) that signs in from it without
 * authorizing again.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileAuthStore, RegistrationError } from '../../src/entries/client.js';
import { startAuthServer } from '../fixtures/auth-server.js';
import { connectWith, headlessAuth, protectedSetup, track } from './client-helpers.js';

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

async function storePath(): Promise<string> {
  directory = await mkdtemp(join(tmpdir(), 'mcpkit-auth-'));
  return join(directory, 'nested', 'auth.json');
}

describe('FileAuthStore', () => {
  it.skipIf(process.platform === 'win32')('writes a 0600 file in a 0700 directory', async () => {
    const path = await storePath();
    const store = new FileAuthStore(path);
    await store.setTokens('https://as.example.com', 'https://mcp.example.com/mcp', {
      access_token: 'secret',
      token_type: 'bearer',
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(path, '..'))).mode & 0o777).toBe(0o700);
  });

  it('keeps entries per issuer and reads them back in a new instance', async () => {
    const path = await storePath();
    const store = new FileAuthStore(path);
    await store.setClient('https://a.example.com', { client_id: 'a', source: 'dynamic' });
    await store.setClient('https://b.example.com', { client_id: 'b', client_secret: 'x', source: 'dynamic' });
    await store.deleteClient('https://a.example.com');
    const reopened = new FileAuthStore(path);
    expect(await reopened.getClient('https://a.example.com')).toBeUndefined();
    expect(await reopened.getClient('https://b.example.com')).toEqual({
      client_id: 'b',
      client_secret: 'x',
      source: 'dynamic',
    });
  });

  it('refuses to overwrite a file it cannot read', async () => {
    const path = await storePath();
    const store = new FileAuthStore(path);
    await store.setClient('https://a.example.com', { client_id: 'a', source: 'dynamic' });
    await writeFile(path, '{ not json');
    await expect(new FileAuthStore(path).getClient('https://a.example.com')).rejects.toThrow(/Cannot read/);
    expect(await readFile(path, 'utf8')).toBe('{ not json');
  });

  it('lets a later run reuse the stored token instead of authorizing again', async () => {
    const path = await storePath();
    const { as, rs } = await protectedSetup();
    await connectWith(rs.url, headlessAuth({ store: new FileAuthStore(path) }));
    const later = await connectWith(rs.url, headlessAuth({ store: new FileAuthStore(path) }));
    await later.callTool('whoami', {});
    expect(as.authorizations).toHaveLength(1);
    expect(as.registrations).toHaveLength(1);
  });

  it('remembers across a restart which server an issuer-less pre-registered client belongs to', async () => {
    const path = await storePath();
    const { as: first, rs } = await protectedSetup({ tokenEndpointAuthMethods: ['client_secret_basic'] });
    first.addClient('my-app', { secret: 's3cret', method: 'client_secret_basic' });
    const clients = [{ clientId: 'my-app', clientSecret: 's3cret' }];
    await connectWith(rs.url, headlessAuth({ clients, store: new FileAuthStore(path) }));
    // The server moves to another authorization server; a new process must not offer it the secret.
    const second = track(await startAuthServer({ tokenEndpointAuthMethods: ['client_secret_basic'] }));
    rs.config.authorizationServers = [second.issuer];
    rs.config.verify = (token) => second.verify(token);
    const restarted = headlessAuth({ clients, store: new FileAuthStore(path) });
    await expect(connectWith(rs.url, restarted)).rejects.toBeInstanceOf(RegistrationError);
    expect(second.tokenRequests).toEqual([]);
    expect(second.authorizations).toEqual([]);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.preRegisteredIssuers).toEqual({ 'my-app': first.issuer });
  });

  it('steps up from the scopes a previous run was granted', async () => {
    const path = await storePath();
    const { as, rs } = await protectedSetup(
      {},
      { challengeScope: 'mcp:basic', toolScopes: { write: ['mcp:write'] } },
    );
    await connectWith(rs.url, headlessAuth({ store: new FileAuthStore(path) }));
    const later = await connectWith(rs.url, headlessAuth({ store: new FileAuthStore(path) }));
    await later.callTool('write', {});
    expect(as.authorizations.map((query) => query.get('scope'))).toEqual([
      'mcp:basic',
      'mcp:basic mcp:write',
    ]);
  });
});
