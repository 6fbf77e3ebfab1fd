/**
 * Multi Round-Trip Requests on the server: write-once handlers replayed across
 * rounds, the explicit form, sealed state, and capability rules.
 */
import { describe, expect, it } from 'vitest';
import {
  inputRequired,
  McpServer,
  StateKeyRing,
  type StateKeyRingLike,
  stateKeysFromSecret,
} from '../../src/entries/server.js';
import { envelope, rpc } from '../helpers/http-rpc.js';

const form = {
  type: 'object' as const,
  properties: { name: { type: 'string' as const } },
  required: ['name'],
};
const elicitCaps = { elicitation: {} };

/** A deploy tool that asks for confirmation and a model summary, then acts once. */
function deployServer(keys: string | StateKeyRingLike | undefined, effects: string[]) {
  const stateKeys = typeof keys === 'string' ? [keys] : keys;
  const s = new McpServer({ name: 'deploy', version: '1' }, { warn: () => {}, stateKeys });
  s.registerTool(
    'deploy',
    { inputSchema: { type: 'object', properties: { env: { type: 'string' } }, required: ['env'] } },
    async ({ env }, ctx) => {
      const who = await ctx.elicit({
        message: `Who approves the ${String(env)} deploy?`,
        requestedSchema: form,
      });
      if (who.action !== 'accept') return { content: [{ type: 'text', text: 'cancelled' }] };
      const [roots, summary] = await Promise.all([
        ctx.listRoots(),
        ctx.sample({
          messages: [{ role: 'user', content: { type: 'text', text: 'Summarise' } }],
          maxTokens: 20,
        }),
      ]);
      effects.push(`deployed ${String(env)}`);
      return {
        content: [
          {
            type: 'text',
            text: `${String(who.content?.name)} approved; roots=${roots.roots.length}; ${(summary.content as { text: string }).text}`,
          },
        ],
      };
    },
  );
  return s;
}

describe('write-once handlers (ctx.elicit / sample / listRoots)', () => {
  it('runs rounds on two server instances that share only the key', async () => {
    const secret = StateKeyRing.generateSecret();
    const effects: string[] = [];
    const first = deployServer(secret, effects);
    const second = deployServer(secret, effects);
    const caps = { elicitation: {}, sampling: {}, roots: {} };
    const args = { name: 'deploy', arguments: { env: 'prod' } };

    const round1 = await rpc((r) => first.fetch(r), 'tools/call', args, { meta: envelope(caps) });
    expect(round1.body.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { e0: { method: 'elicitation/create' } },
    });
    const state1 = round1.body.result?.requestState as string;

    const round2 = await rpc(
      (r) => second.fetch(r),
      'tools/call',
      {
        ...args,
        requestState: state1,
        inputResponses: { e0: { action: 'accept', content: { name: 'Ada' } } },
      },
      { meta: envelope(caps) },
    );
    // Both calls made together in one turn are asked in the same round.
    expect(Object.keys(round2.body.result?.inputRequests as object).sort()).toEqual(['r1', 's2']);

    const round3 = await rpc(
      (r) => first.fetch(r),
      'tools/call',
      {
        ...args,
        requestState: round2.body.result?.requestState,
        inputResponses: {
          r1: { roots: [{ uri: 'file:///repo' }] },
          s2: { role: 'assistant', content: { type: 'text', text: 'all good' }, model: 'm' },
        },
      },
      { meta: envelope(caps) },
    );
    expect(round3.body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Ada approved; roots=1; all good' }],
    });
    expect(effects).toEqual(['deployed prod']);
  });

  it('re-asks when an answer is missing and rejects altered or foreign state', async () => {
    const s = deployServer(StateKeyRing.generateSecret(), []);
    const args = { name: 'deploy', arguments: { env: 'dev' } };
    const round1 = await rpc((r) => s.fetch(r), 'tools/call', args, { meta: envelope(elicitCaps) });
    const state = round1.body.result?.requestState as string;

    const noAnswer = await rpc(
      (r) => s.fetch(r),
      'tools/call',
      { ...args, requestState: state, inputResponses: {} },
      { meta: envelope(elicitCaps) },
    );
    expect(noAnswer.body.result).toMatchObject({ resultType: 'input_required', inputRequests: { e0: {} } });

    const flipped = `${state.slice(0, -3)}${state.at(-3) === 'A' ? 'B' : 'A'}${state.slice(-2)}`;
    const tampered = await rpc(
      (r) => s.fetch(r),
      'tools/call',
      { ...args, requestState: flipped },
      { meta: envelope(elicitCaps) },
    );
    expect(tampered.body.error?.code).toBe(-32602);

    const otherArgs = await rpc(
      (r) => s.fetch(r),
      'tools/call',
      { name: 'deploy', arguments: { env: 'prod' }, requestState: state },
      {
        meta: envelope(elicitCaps),
      },
    );
    expect(otherArgs.body.error?.code).toBe(-32602);

    const otherServer = deployServer(StateKeyRing.generateSecret(), []);
    const foreign = await rpc(
      (r) => otherServer.fetch(r),
      'tools/call',
      { ...args, requestState: state },
      { meta: envelope(elicitCaps) },
    );
    expect(foreign.body.error?.code).toBe(-32602);
  });

  it('runs rounds across processes given the same secret through stateKeysFromSecret', async () => {
    const secret = 'a shared secret of at least 32 characters, from the environment';
    const effects: string[] = [];
    // Two servers stand for two processes: each builds its ring from the secret on its own.
    const a = deployServer(stateKeysFromSecret(secret), effects);
    const b = deployServer(stateKeysFromSecret(secret), effects);
    const caps = { elicitation: {}, sampling: {}, roots: {} };
    const args = { name: 'deploy', arguments: { env: 'prod' } };
    const call = (server: McpServer, extra: Record<string, unknown> = {}) =>
      rpc((r) => server.fetch(r), 'tools/call', { ...args, ...extra }, { meta: envelope(caps) });

    const round1 = await call(a);
    expect(round1.body.result).toMatchObject({ resultType: 'input_required' });
    const round2 = await call(b, {
      requestState: round1.body.result?.requestState,
      inputResponses: { e0: { action: 'accept', content: { name: 'Ada' } } },
    });
    expect(round2.body.result).toMatchObject({ resultType: 'input_required' });
    const round3 = await call(b, {
      requestState: round2.body.result?.requestState,
      inputResponses: {
        r1: { roots: [] },
        s2: { role: 'assistant', content: { type: 'text', text: 'fine' }, model: 'm' },
      },
    });
    expect(round3.body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Ada approved; roots=0; fine' }],
    });
    expect(effects).toEqual(['deployed prod']);
  });

  it('refuses state sealed under another secret (or another process’s random key) with a message that says how to fix it', async () => {
    const args = { name: 'deploy', arguments: { env: 'dev' } };
    const call = (server: McpServer, extra: Record<string, unknown> = {}) =>
      rpc((r) => server.fetch(r), 'tools/call', { ...args, ...extra }, { meta: envelope(elicitCaps) });
    const sealer = deployServer(stateKeysFromSecret('x'.repeat(32)), []);
    const state = (await call(sealer)).body.result?.requestState;
    for (const other of [
      deployServer(stateKeysFromSecret('y'.repeat(32)), []),
      deployServer(undefined, []),
    ]) {
      const refused = await call(other, { requestState: state });
      expect(refused.body.error?.code).toBe(-32602);
      expect(refused.body.error?.message).toContain('a key this server does not hold');
      expect(refused.body.error?.message).toContain(
        'stateKeys: stateKeysFromSecret(process.env.MCP_STATE_SECRET)',
      );
    }
  });

  it('rotates: a server given the new secret first and the old one after still opens state the old secret sealed', async () => {
    const oldSecret = 'the secret every process used until today, 2025';
    const newSecret = 'the secret every process uses from today on, 2026';
    const args = { name: 'deploy', arguments: { env: 'dev' } };
    const call = (server: McpServer, extra: Record<string, unknown> = {}) =>
      rpc((r) => server.fetch(r), 'tools/call', { ...args, ...extra }, { meta: envelope(elicitCaps) });
    const before = deployServer(stateKeysFromSecret(oldSecret), []);
    const state = (await call(before)).body.result?.requestState;
    const during = deployServer(stateKeysFromSecret([newSecret, oldSecret]), []);
    const after = deployServer(stateKeysFromSecret(newSecret), []);
    const answer = { inputResponses: { e0: { action: 'decline' } } };
    expect((await call(during, { requestState: state, ...answer })).body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'cancelled' }],
    });
    expect((await call(after, { requestState: state, ...answer })).body.error?.code).toBe(-32602);
  });

  it('answers -32021 with HTTP 400 when the request did not declare the capability it needs', async () => {
    const s = deployServer(StateKeyRing.generateSecret(), []);
    const reply = await rpc((r) => s.fetch(r), 'tools/call', { name: 'deploy', arguments: { env: 'dev' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });
});

describe('the explicit form', () => {
  function explicitServer() {
    const s = new McpServer({ name: 'x', version: '1' }, { warn: () => {} });
    s.registerTool('ask', {}, (ctx) => {
      const answer = ctx.inputResponses?.user_name as
        | { action: string; content?: { name?: string } }
        | undefined;
      const state = ctx.requestState as { asked?: number } | undefined;
      if (answer?.action === 'accept' && state?.asked === 1)
        return { content: [{ type: 'text', text: `hi ${answer.content?.name}` }] };
      return inputRequired(
        { user_name: { method: 'elicitation/create', params: { message: 'Name?', requestedSchema: form } } },
        { asked: 1 },
      );
    });
    s.registerPrompt('p', {}, () => inputRequired({ roots: { method: 'roots/list', params: {} } }));
    return s;
  }

  it('uses the handler’s own keys and returns its state sealed', async () => {
    const s = explicitServer();
    const round1 = await rpc(
      (r) => s.fetch(r),
      'tools/call',
      { name: 'ask' },
      { meta: envelope(elicitCaps) },
    );
    expect(round1.body.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { user_name: { method: 'elicitation/create' } },
    });
    const state = round1.body.result?.requestState as string;
    expect(state).not.toContain('asked');
    const round2 = await rpc(
      (r) => s.fetch(r),
      'tools/call',
      {
        name: 'ask',
        requestState: state,
        inputResponses: { user_name: { action: 'accept', content: { name: 'Lin' } } },
      },
      { meta: envelope(elicitCaps) },
    );
    expect(round2.body.result).toMatchObject({ resultType: 'complete', content: [{ text: 'hi Lin' }] });
  });

  it('works for prompts too, and never for list methods', async () => {
    const s = explicitServer();
    const prompt = await rpc((r) => s.fetch(r), 'prompts/get', { name: 'p' });
    expect(prompt.body.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { roots: { method: 'roots/list' } },
    });
    const list = await rpc((r) => s.fetch(r), 'tools/list');
    expect(list.body.result?.resultType).toBe('complete');
  });
});
