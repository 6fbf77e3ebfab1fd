/**
 * One server, several processes, one Redis: run as many copies as you like
 * behind a load balancer with no sticky sessions, and every copy serves every
 * request. A task started through one copy is read, answered and cancelled
 * through another; a 2025-11-25 session opened on one is served by all; a
 * resource update raised in one reaches every client's stream.
 *
 *   redis-server --port 6379 --save '' --appendonly no &
 *   export REDIS_URL=redis://127.0.0.1:6379 MCP_STATE_SECRET="$(openssl rand -base64 32)"
 *   node --import tsx examples/scale-out.ts --port 3001 &
 *   node --import tsx examples/scale-out.ts --port 3002 &
 *
 * Then put nginx or haproxy in front (docs/scaling.md has both configs).
 */
import { z } from 'zod';
import { type RedisBackplane, redisBackplane } from '../src/entries/redis.js';
import { McpServer, stateKeysFromSecret } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/** Where the shared state is, and the secret every copy derives its Multi Round-Trip keys from. */
export interface ScaleOutConfig {
  /** A `redis://host:port` URL. */
  redisUrl: string;
  /** 32 or more characters, the same in every copy. */
  stateSecret: string;
  /** Keeps unrelated servers on one Redis apart. Default `scale-out-example`. */
  keyPrefix?: string;
}

/**
 * Builds one copy of the server and the backplane it shares state through
 * (close both on shutdown).
 *
 * @example
 * const { server, backplane } = createScaleOutServer({ redisUrl: 'redis://127.0.0.1:6379', stateSecret });
 * await backplane.ready();
 */
export function createScaleOutServer(config: ScaleOutConfig): {
  server: McpServer;
  backplane: RedisBackplane;
} {
  const backplane = redisBackplane({
    url: config.redisUrl,
    keyPrefix: config.keyPrefix ?? 'scale-out-example',
  });
  const server = new McpServer(
    { name: 'scale-out-example', version: '1.0.0' },
    {
      eventBus: backplane.eventBus,
      tasks: { store: backplane.taskStore, control: backplane.taskControl, leases: backplane.taskLeases },
      sessions: { store: backplane.sessions },
      stateKeys: stateKeysFromSecret(config.stateSecret),
    },
  );

  server.registerTool('process_id', { description: 'Which copy answered (its process id).' }, () => ({
    content: [{ type: 'text', text: String(process.pid) }],
  }));

  // A task: runs in one copy, followed, answered and cancelled through any.
  server.registerTool(
    'approve_release',
    {
      description: 'Waits for a person to approve a release, then tags it.',
      inputSchema: z.object({ version: z.string() }),
      execution: { taskSupport: 'optional' },
    },
    async ({ version }, ctx) => {
      const answer = await ctx.elicit({
        message: `Release ${version}?`,
        requestedSchema: {
          type: 'object',
          properties: { approve: { type: 'boolean' } },
          required: ['approve'],
        },
      });
      const approved = answer.action === 'accept' && answer.content?.approve === true;
      return {
        content: [{ type: 'text', text: approved ? `Tagged ${version}.` : `${version} not released.` }],
      };
    },
  );

  // State of your own goes where every copy sees it: here, a key on the backplane's Redis.
  const link = backplane.link;
  const notesKey = link.key('notes');
  server.registerResource('notes', 'memo://notes', { mimeType: 'text/plain' }, async () => {
    const text = await link.run('reading the notes', (redis) => redis.get(notesKey));
    return { contents: [{ uri: 'memo://notes', text: text ?? 'nothing yet' }] };
  });
  // Raised in whichever copy serves the call; every copy's subscribers hear it.
  server.registerTool('write_notes', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => {
    await link.run('saving the notes', (redis) => redis.set(notesKey, text));
    server.notifyResourceUpdated('memo://notes');
    return { content: [{ type: 'text', text: 'saved' }] };
  });
  return { server, backplane };
}

/** `node --import tsx examples/scale-out.ts [--port N]`, with `REDIS_URL` and `MCP_STATE_SECRET` set. */
export async function main(argv: readonly string[]) {
  const redisUrl = process.env.REDIS_URL;
  const stateSecret = process.env.MCP_STATE_SECRET;
  if (!redisUrl || !stateSecret) {
    throw new Error(
      'Set REDIS_URL (redis://host:port) and MCP_STATE_SECRET (32+ characters, the same in every copy)',
    );
  }
  const { server, backplane } = createScaleOutServer({ redisUrl, stateSecret });
  await backplane.ready(); // fail now, not on the first request, if Redis is not there
  const served = await serveFromCommandLine(server, argv, `Scale-out example (pid ${process.pid})`);
  process.once('exit', () => void backplane.close());
  return served;
}

runIfMain(import.meta.url, main);
