/**
 * `npm start -- --auth`: the demo server behind the development authorization
 * server, used exactly as it tells its user to (the printed token and URL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rpcAt } from './server-token-kit.js';

let child: ChildProcess | undefined;

afterAll(async () => {
  const running = child;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    running.once('exit', () => resolve());
    running.kill('SIGTERM');
  });
});

describe('npm start -- --auth', () => {
  it('prints a CLI command whose token the server accepts, and refuses requests without one', async () => {
    const script = fileURLToPath(new URL('../../examples/demo-server.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', script, '--auth', '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const started = child;
    const printed = await new Promise<{ url: URL; token: string; metadata: string }>((resolve, reject) => {
      let stderr = '';
      started.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const command = /npm run mcpkit -- tools --header 'Authorization: Bearer ([^']+)' (\S+)/.exec(stderr);
        const metadata = /Protected resource metadata: (\S+)/.exec(stderr);
        if (command && metadata)
          resolve({ token: command[1]!, url: new URL(command[2]!), metadata: metadata[1]! });
      });
      started.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${stderr}`)));
    });

    const refused = await rpcAt(printed.url)('tools/list');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain(`resource_metadata="${printed.metadata}"`);

    const listed = await rpcAt(printed.url, printed.token)('tools/list');
    expect(listed.status).toBe(200);
    expect((listed.body.result!.tools as { name: string }[]).map((t) => t.name)).toContain('add');

    const metadata = (await (await fetch(printed.metadata)).json()) as { authorization_servers: string[] };
    const issuer = metadata.authorization_servers[0]!;
    const discovery = (await (
      await fetch(`${issuer}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
  });
});
