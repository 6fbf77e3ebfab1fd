/**
 * examples/oauth-machine-client.ts against a protected server: it gets a
 * client credentials token (with a secret, and with a key file through its
 * command line) and calls the server's tools.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as jose from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { runMachineClient } from '../../examples/oauth-machine-client.js';
import {
  type Listening,
  startAuthorizationServer,
  startResourceServer,
} from '../fixtures/auth-ext-servers.js';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('examples/oauth-machine-client.ts', () => {
  it('calls the tools with a client credentials token', async () => {
    const as = await startAuthorizationServer({ secrets: { 'nightly-report': 's3cret' } });
    const rs = await startResourceServer(as);
    running.push(as, rs);

    const results = await runMachineClient(rs.url.href, {
      issuer: as.issuer,
      clientId: 'nightly-report',
      clientSecret: 's3cret',
    });
    expect(results).toEqual({ whoami: 'a machine' });
    expect(as.tokenRequests.map((request) => request.params.grant_type)).toEqual(['client_credentials']);
  });

  it('signs in with a key file from its command line', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const as = await startAuthorizationServer({
      authMethods: ['private_key_jwt'],
      clientKeys: { 'nightly-report': publicKey },
    });
    const rs = await startResourceServer(as);
    running.push(as, rs);
    const dir = await mkdtemp(join(tmpdir(), 'mcpkit-machine-'));
    try {
      const keyFile = join(dir, 'client-key.pem');
      await writeFile(keyFile, await jose.exportPKCS8(privateKey), { mode: 0o600 });
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'examples/oauth-machine-client.ts', rs.url.href],
        {
          env: {
            ...process.env,
            MCP_CLIENT_ID: 'nightly-report',
            MCP_CLIENT_KEY_FILE: keyFile,
            MCP_AS_ISSUER: as.issuer,
          },
        },
      );
      expect(stdout).toBe('whoami: a machine\n');
      expect(as.clientAssertions).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
