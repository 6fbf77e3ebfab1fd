/**
 * The proxy's forwarding on every pair of eras: a mcpkit Client downstream (2026-07-28, or a
 * 2025-11-25 session) → the proxy over HTTP → a mcpkit server upstream over HTTP (reached on
 * 2026-07-28, or on a 2025 session). Elicitation, sampling, progress, cancellation, results and
 * list changes cross it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/client.js';
import { createProxy, type McpProxy } from '../../src/client/proxy/proxy.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { createUpstream, type UpstreamLog } from './fixture-upstream.js';

const LEGACY = '2025-11-25';
const SAMPLED = { role: 'assistant', content: { type: 'text', text: 'short' }, model: 'test' } as const;

interface Chain {
  proxy: McpProxy;
  proxyHttp: RunningHttpServer;
  upstreamHttp: RunningHttpServer;
  log: UpstreamLog;
  addTool(name: string): void;
  /** The upstream server says the resource changed. */
  touch(uri: string): void;
}

async function chain(
  upstreamVersion: string | undefined,
  held: { heldCallTtlMs?: number; maxHeldCalls?: number } = {},
): Promise<Chain> {
  const { server, log } = createUpstream();
  const upstreamHttp = await serveHttp(server, { port: 0 });
  const proxy = await createProxy(upstreamHttp.url, {
    client: { warn: () => {}, ...(upstreamVersion && { protocolVersion: upstreamVersion }) },
    server: { warn: () => {} },
    ...held,
  });
  const proxyHttp = await serveHttp(proxy.server, { port: 0 });
  return {
    proxy,
    proxyHttp,
    upstreamHttp,
    log,
    touch: (uri) => server.notifyResourceUpdated(uri),
    addTool: (name) => {
      server.registerTool(name, { description: 'new' }, () => ({ content: [{ type: 'text', text: name }] }));
    },
  };
}

function downstream(chain: Chain, version: string | undefined, extra: Record<string, unknown> = {}) {
  return Client.connect(chain.proxyHttp.url, {
    warn: () => {},
    onElicit: async (params) => {
      expect(params.message).toBe('Your name?');
      return { action: 'accept', content: { name: 'Ada' } };
    },
    onSample: async () => SAMPLED,
    ...(version && { protocolVersion: version }),
    ...extra,
  });
}

for (const [upstreamName, upstreamVersion] of [
  ['2026-07-28', undefined],
  ['2025-11-25', LEGACY],
] as const) {
  describe(`upstream on ${upstreamName}`, () => {
    let c: Chain;
    beforeAll(async () => {
      c = await chain(upstreamVersion);
      expect(c.proxy.upstream.server.protocolVersion).toBe(upstreamName);
    });
    afterAll(async () => {
      await c?.proxyHttp.close();
      await c?.proxy.close();
      await c?.upstreamHttp.close();
    });

    for (const [downstreamName, downstreamVersion] of [
      ['2026-07-28', undefined],
      ['2025-11-25', LEGACY],
    ] as const) {
      describe(`downstream on ${downstreamName}`, () => {
        let client: Client;
        beforeAll(async () => {
          client = await downstream(c, downstreamVersion);
          expect(client.protocolVersion).toBe(downstreamName);
        });
        afterAll(async () => {
          await client?.close();
        });

        it('lists what the upstream server lists', async () => {
          const tools = await client.listAllTools();
          expect(tools.map((tool) => tool.name)).toEqual(
            expect.arrayContaining(['greet', 'summarize', 'count', 'failing']),
          );
          expect(tools.find((tool) => tool.name === 'greet')?.description).toBe(
            'Asks for a name, then greets',
          );
          expect((await client.listAllPrompts()).map((prompt) => prompt.name)).toEqual(['review']);
          const readme = await client.readResource('file:///README.md');
          expect(readme.contents[0]).toMatchObject({ text: '# Upstream' });
          const prompt = await client.getPrompt('review', { code: 'x = 1' });
          expect(prompt.messages[0]?.content).toMatchObject({ text: 'Review x = 1' });
        });

        it('puts the upstream elicitation to the downstream caller', async () => {
          const before = c.log.runs.greet ?? 0;
          const result = await client.callTool('greet', {});
          expect(result.content[0]).toMatchObject({ text: 'Hello, Ada!' });
          expect(result.structuredContent).toEqual({ name: 'Ada' });
          // A 2026 upstream runs the handler again for its round; a 2025 one asks within one run.
          // Either way the proxy sent the upstream call only as often as the upstream's rounds need.
          expect((c.log.runs.greet ?? 0) - before).toBe(upstreamVersion === LEGACY ? 1 : 2);
        });

        it('puts the upstream sampling to the downstream caller', async () => {
          const result = await client.callTool('summarize', { text: 'a long text' });
          expect(result.content[0]).toMatchObject({ text: 'short' });
        });

        it('passes tool errors and their _meta through unchanged', async () => {
          const result = await client.callTool('failing', {});
          expect(result.isError).toBe(true);
          expect(result._meta).toMatchObject({ 'example.com/why': 'test' });
        });

        it('reports progress downstream and cancels upstream', async () => {
          const cancelledBefore = c.log.cancelled;
          const controller = new AbortController();
          const seen: { progress: number; message?: string }[] = [];
          const call = client.callTool(
            'count',
            {},
            {
              signal: controller.signal,
              onProgress: (update) => {
                seen.push({ progress: update.progress, message: update.message });
                if (update.progress === 3) controller.abort();
              },
            },
          );
          await expect(call).rejects.toThrow();
          expect(seen.map((update) => update.progress)).toEqual([1, 2, 3]);
          expect(seen[0]?.message).toBe('step 1');
          await expect.poll(() => c.log.cancelled, { timeout: 5000 }).toBe(cancelledBefore + 1);
        });

        it('follows a downstream resource subscription upstream', async () => {
          const updates: string[] = [];
          const stop = new AbortController();
          const watcher = await downstream(c, downstreamVersion, {
            onNotification: ({ method, params }: { method: string; params?: Record<string, unknown> }) => {
              if (method === 'notifications/resources/updated') updates.push(String(params?.uri));
            },
          });
          try {
            if (downstreamVersion) await watcher.request('resources/subscribe', { uri: 'file:///README.md' });
            else
              void (async () => {
                for await (const _ of watcher.listen(
                  { resourceSubscriptions: ['file:///README.md'] },
                  { signal: stop.signal },
                )) {
                }
              })().catch(() => {});
            // The upstream subscription follows the downstream one: touch until an update crosses.
            await expect
              .poll(
                () => {
                  c.touch('file:///README.md');
                  return updates;
                },
                { timeout: 5000, interval: 100 },
              )
              .toContain('file:///README.md');
          } finally {
            stop.abort();
            await watcher.close();
          }
        });

        it('refuses what the downstream caller cannot answer, instead of asking it', async () => {
          const mute = await downstream(c, downstreamVersion, { onElicit: undefined });
          try {
            const outcome = await mute.callTool('greet', {}).then(
              (result) => JSON.stringify(result),
              (error: Error) => error.message,
            );
            // A 2026 upstream refuses the call (-32021); a 2025 one asked, and the proxy refused it.
            expect(outcome).toMatch(/did not declare|does not answer elicitation/);
          } finally {
            await mute.close();
          }
        });
      });
    }

    it('follows the upstream list changes', async () => {
      const client = await downstream(c, undefined);
      try {
        const changed = (async () => {
          for await (const event of client.listen({ toolsListChanged: true })) {
            if (event.method === 'notifications/tools/list_changed') return;
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 100));
        c.addTool(`added_${upstreamName.replaceAll('-', '_')}`);
        await changed;
        await expect
          .poll(async () => (await client.listAllTools()).map((tool) => tool.name), { timeout: 5000 })
          .toContain(`added_${upstreamName.replaceAll('-', '_')}`);
      } finally {
        await client.close();
      }
    });
  });
}

describe('a 2025 upstream call held between 2026-07-28 rounds', () => {
  let c: Chain;
  beforeAll(async () => {
    c = await chain(LEGACY, { heldCallTtlMs: 100, maxHeldCalls: 2 });
  });
  afterAll(async () => {
    await c?.proxyHttp.close();
    await c?.proxy.close();
    await c?.upstreamHttp.close();
  });

  it('hands the question down as a round and finishes the one upstream call with its answer', async () => {
    const client = await downstream(c, undefined, { inputMode: 'manual' });
    try {
      const before = c.log.runs.greet ?? 0;
      const first = await client.request('tools/call', { name: 'greet', arguments: {} });
      expect(first.resultType).toBe('input_required');
      const requests = first.inputRequests as Record<string, { method: string; params: { message: string } }>;
      const [key, question] = Object.entries(requests)[0]!;
      expect(question).toMatchObject({ method: 'elicitation/create', params: { message: 'Your name?' } });
      const done = await client.request('tools/call', {
        name: 'greet',
        arguments: {},
        inputResponses: { [key]: { action: 'accept', content: { name: 'Grace' } } },
        requestState: first.requestState as string,
      });
      expect(done.structuredContent).toEqual({ name: 'Grace' });
      expect((c.log.runs.greet ?? 0) - before).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('lets the call go when no round comes in time, and says so to a late retry', async () => {
    const client = await downstream(c, undefined, { inputMode: 'manual' });
    try {
      const first = await client.request('tools/call', { name: 'greet', arguments: {} });
      const [key] = Object.keys(first.inputRequests as object);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(
        client.request('tools/call', {
          name: 'greet',
          arguments: {},
          inputResponses: { [key!]: { action: 'accept', content: { name: 'Late' } } },
          requestState: first.requestState as string,
        }),
      ).rejects.toThrow(/no longer held here/);
    } finally {
      await client.close();
    }
  });

  it('refuses a call beyond maxHeldCalls while others wait for their rounds', async () => {
    const client = await downstream(c, undefined, { inputMode: 'manual' });
    try {
      const waiting = [
        await client.request('tools/call', { name: 'greet', arguments: {} }),
        await client.request('tools/call', { name: 'greet', arguments: {} }),
      ];
      expect(waiting.map((result) => result.resultType)).toEqual(['input_required', 'input_required']);
      await expect(client.request('tools/call', { name: 'greet', arguments: {} })).rejects.toThrow(
        /maxHeldCalls/,
      );
    } finally {
      await client.close();
    }
  });
});
