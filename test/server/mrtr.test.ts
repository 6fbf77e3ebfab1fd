/**
 * Multi Round-Trip Requests on the server: write-once handlers replayed across
 * rounds, the explicit form, sealed state, and capability rules.
 */
import { describe, expect, it } from 'vitest';
import { inputRequired, McpServer, StateKeyRing } from '../../src/entries/server.js';
import { envelope, rpc } from '../helpers/http-rpc.js';

const form = {
  type: 'object' as const,
  properties: { name: { type: 'string' as const } },
  required: ['name'],
};
const elicitCaps = { elicitation: {} };

/** A deploy tool that asks for confirmation and a model summary, then acts once. */
function deployServer(secret: string, effects: string[]) {
  const s = new McpServer({ name: 'deploy', version: '1' }, { warn: () => {}, stateKeys: [secret] });
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
