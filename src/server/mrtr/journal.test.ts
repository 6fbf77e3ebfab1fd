import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CreateMessageResult,
  ElicitRequestFormParams,
  ElicitResult,
  InputRequests,
  ListRootsResult,
} from '../../protocol/types/index.js';
import type { InputKind } from '../context.js';
import {
  InvalidInputResponseError,
  JournalStateError,
  NonDeterministicHandlerError,
  RequestStateRejectedError,
  TooManyInputRequestsError,
} from './errors.js';
import {
  type InputParamsFor,
  type InputResultFor,
  inputKey,
  type JournalState,
  ReplayJournal,
} from './journal.js';
import { StateKeyRing } from './keys.js';
import { createStateBinding, sealState, unsealState } from './seal.js';

// ── A miniature of the server's replay loop, as an integrator would write it ──

class EndOfRound extends Error {}

interface Ctx {
  elicit(params: ElicitRequestFormParams): Promise<ElicitResult>;
  sample(params: InputParamsFor<'sampling'>): Promise<CreateMessageResult>;
  listRoots(): Promise<ListRootsResult>;
}

type Handler = (args: Record<string, unknown>, ctx: Ctx) => Promise<{ text: string }>;

type RoundResult =
  | { resultType: 'complete'; text: string }
  | { resultType: 'input_required'; inputRequests: InputRequests; requestState: string };

interface CallParams {
  name: string;
  arguments: Record<string, unknown>;
  inputResponses?: unknown;
  requestState?: string;
  _meta?: Record<string, unknown>;
}

function ask<K extends InputKind>(
  journal: ReplayJournal,
  kind: K,
  params: InputParamsFor<K>,
): Promise<InputResultFor<K>> {
  const step = journal.next(kind, params);
  return 'answered' in step ? Promise.resolve(step.answered) : Promise.reject(new EndOfRound(step.pending));
}

/** One round of tools/call on a fresh "process" (its own ring built from the shared secret). */
async function serveRound(secret: string, handler: Handler, params: CallParams): Promise<RoundResult> {
  const ring = await StateKeyRing.fromSecrets([secret]);
  const binding = await createStateBinding('tools/call', params);
  let state: unknown;
  if (params.requestState !== undefined) {
    const opened = await unsealState(ring, params.requestState, binding);
    if (!opened.ok) throw new RequestStateRejectedError(opened.reason);
    state = opened.payload;
  }
  const journal = new ReplayJournal({ state, inputResponses: params.inputResponses });
  const ctx: Ctx = {
    elicit: (p) => ask(journal, 'elicitation', p),
    sample: (p) => ask(journal, 'sampling', p),
    listRoots: () => ask(journal, 'roots', undefined),
  };
  try {
    return { resultType: 'complete', ...(await handler(params.arguments, ctx)) };
  } catch (err) {
    if (!(err instanceof EndOfRound) || !journal.hasPending) throw err;
    const requestState = await sealState(ring, journal.toState(), binding);
    return { resultType: 'input_required', inputRequests: journal.pendingRequests(), requestState };
  }
}

function inputRequired(result: RoundResult) {
  if (result.resultType !== 'input_required')
    throw new Error(`expected input_required, got ${JSON.stringify(result)}`);
  return result;
}

// ── Fixtures ──

const nameForm: ElicitRequestFormParams = {
  message: 'Who is deploying?',
  requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
};
const accept = (content: Record<string, string | number | boolean>): ElicitResult => ({
  action: 'accept',
  content,
});
const sampled = (text: string): CreateMessageResult => ({
  role: 'assistant',
  content: { type: 'text', text },
  model: 'test-model',
  stopReason: 'endTurn',
});
const roots: ListRootsResult = { roots: [{ uri: 'file:///srv/app', name: 'app' }] };

let secret: string;
let runs = 0;

/** Elicits a name; then, in parallel, samples a greeting for it and lists roots. */
const deployHandler: Handler = async (args, ctx) => {
  runs++;
  const who = await ctx.elicit(nameForm);
  if (who.action !== 'accept') return { text: 'cancelled' };
  const name = String(who.content?.name);
  const [greeting, where] = await Promise.all([
    ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: `Greet ${name}` } }],
      maxTokens: 20,
    }),
    ctx.listRoots(),
  ]);
  const text = Array.isArray(greeting.content)
    ? ''
    : greeting.content.type === 'text'
      ? greeting.content.text
      : '';
  return { text: `${text} Deploying ${String(args.app)} to ${where.roots.map((r) => r.uri).join(',')}` };
};

beforeAll(() => {
  secret = StateKeyRing.generateSecret();
});

describe('ReplayJournal across rounds', () => {
  it('runs elicitation, then sampling and roots, over three rounds on three processes', async () => {
    runs = 0;
    const base = { name: 'deploy', arguments: { app: 'shop' } };

    const r1 = inputRequired(await serveRound(secret, deployHandler, base));
    expect(r1.inputRequests).toEqual({ e0: { method: 'elicitation/create', params: nameForm } });

    const r2 = inputRequired(
      await serveRound(secret, deployHandler, {
        ...base,
        _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
        inputResponses: { e0: accept({ name: 'Ada' }) },
        requestState: r1.requestState,
      }),
    );
    expect(Object.keys(r2.inputRequests)).toEqual(['s1', 'r2']);
    expect(r2.inputRequests.s1).toMatchObject({ method: 'sampling/createMessage' });
    expect(r2.inputRequests.r2).toEqual({ method: 'roots/list' });
    expect(r2.requestState).not.toBe(r1.requestState);

    const r3 = await serveRound(secret, deployHandler, {
      ...base,
      inputResponses: { s1: sampled('Hello Ada.'), r2: roots, unrelated: { whatever: true } },
      requestState: r2.requestState,
    });
    expect(r3).toEqual({ resultType: 'complete', text: 'Hello Ada. Deploying shop to file:///srv/app' });
    expect(runs).toBe(3); // replayed from the start each round
    expect((await stateOf(r1.requestState, base)).rounds).toBe(1);
    expect((await stateOf(r2.requestState, base)).rounds).toBe(2);
  });

  it('asks again for a pending input the client did not answer, under the same key', async () => {
    const base = { name: 'deploy', arguments: { app: 'shop' } };
    const r1 = inputRequired(await serveRound(secret, deployHandler, base));
    const again = inputRequired(
      await serveRound(secret, deployHandler, {
        ...base,
        inputResponses: { wrong_key: accept({ name: 'x' }) },
        requestState: r1.requestState,
      }),
    );
    expect(again.inputRequests).toEqual(r1.inputRequests);
    const r2 = inputRequired(
      await serveRound(secret, deployHandler, {
        ...base,
        inputResponses: { e0: accept({ name: 'Bo' }) },
        requestState: again.requestState,
      }),
    );
    // Only roots answered: sampling is asked again, the roots answer is kept.
    const r3 = inputRequired(
      await serveRound(secret, deployHandler, {
        ...base,
        inputResponses: { r2: roots },
        requestState: r2.requestState,
      }),
    );
    expect(Object.keys(r3.inputRequests)).toEqual(['s1']);
    const done = await serveRound(secret, deployHandler, {
      ...base,
      inputResponses: { s1: sampled('Hi Bo.') },
      requestState: r3.requestState,
    });
    expect(done).toEqual({ resultType: 'complete', text: 'Hi Bo. Deploying shop to file:///srv/app' });
  });

  it('ignores answers on a first round (no state) and asks as usual', async () => {
    const result = inputRequired(
      await serveRound(secret, deployHandler, {
        name: 'deploy',
        arguments: { app: 'shop' },
        inputResponses: { e0: accept({ name: 'Eve' }), wrong_key: accept({ data: 'wrong' }) },
      }),
    );
    expect(Object.keys(result.inputRequests)).toEqual(['e0']);
  });

  it('does not let a retry change an answer recorded in an earlier round', async () => {
    const base = { name: 'deploy', arguments: { app: 'shop' } };
    const r1 = inputRequired(await serveRound(secret, deployHandler, base));
    const r2 = inputRequired(
      await serveRound(secret, deployHandler, {
        ...base,
        inputResponses: { e0: accept({ name: 'Ada' }) },
        requestState: r1.requestState,
      }),
    );
    const done = await serveRound(secret, deployHandler, {
      ...base,
      inputResponses: { e0: accept({ name: 'Mallory' }), s1: sampled('Hello.'), r2: roots },
      requestState: r2.requestState,
    });
    expect(done).toMatchObject({ resultType: 'complete' });
    const state = await stateOf(r2.requestState, base);
    expect(state.entries[0]?.answer).toEqual(accept({ name: 'Ada' }));
  });

  it('refuses state replayed onto a request with other arguments', async () => {
    const r1 = inputRequired(
      await serveRound(secret, deployHandler, { name: 'deploy', arguments: { app: 'shop' } }),
    );
    const attempt = serveRound(secret, deployHandler, {
      name: 'deploy',
      arguments: { app: 'bank' },
      inputResponses: { e0: accept({ name: 'Ada' }) },
      requestState: r1.requestState,
    });
    await expect(attempt).rejects.toMatchObject({ code: -32602, reason: 'wrong-binding' });
  });

  async function stateOf(requestState: string, params: CallParams): Promise<JournalState> {
    const ring = await StateKeyRing.fromSecrets([secret]);
    const opened = await unsealState<JournalState>(
      ring,
      requestState,
      await createStateBinding('tools/call', params),
    );
    if (!opened.ok) throw new Error(opened.reason);
    return opened.payload;
  }
});

describe('ReplayJournal', () => {
  const elicitParams: ElicitRequestFormParams = {
    message: 'OK?',
    requestedSchema: { type: 'object', properties: {} },
  };

  function pendingElicitation(): JournalState {
    const journal = new ReplayJournal();
    expect(journal.next('elicitation', elicitParams)).toEqual({ pending: 'e0' });
    return journal.toState();
  }

  it('keys calls by kind letter and call index', () => {
    expect([inputKey('elicitation', 0), inputKey('sampling', 1), inputKey('roots', 2)]).toEqual([
      'e0',
      's1',
      'r2',
    ]);
    const journal = new ReplayJournal();
    expect(journal.next('roots', undefined)).toEqual({ pending: 'r0' });
    expect(journal.next('elicitation', elicitParams)).toEqual({ pending: 'e1' });
    expect(journal.callCount).toBe(2);
    expect(journal.hasPending).toBe(true);
    expect(journal.pendingRequests()).toEqual({
      r0: { method: 'roots/list' },
      e1: { method: 'elicitation/create', params: elicitParams },
    });
  });

  it('answers from the journal once the client answered, and survives JSON', () => {
    const state = JSON.parse(JSON.stringify(pendingElicitation()));
    const journal = new ReplayJournal({ state, inputResponses: { e0: { action: 'decline' } } });
    expect(journal.next('elicitation', elicitParams)).toEqual({ answered: { action: 'decline' }, key: 'e0' });
    expect(journal.hasPending).toBe(false);
    expect(journal.pendingRequests()).toEqual({});
    expect(new ReplayJournal().round).toBe(1);
    expect(journal.round).toBe(2);
    expect(new ReplayJournal({ state: { ...journal.toState(), rounds: 5 } }).round).toBe(6);
    expect(journal.toState().entries).toEqual([
      {
        kind: 'elicitation',
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        answer: { action: 'decline' },
      },
    ]);
  });

  it('rejects an answer of the wrong kind for its key', () => {
    const state = pendingElicitation();
    for (const wrong of [
      roots,
      sampled('hi'),
      { action: 'maybe' },
      { action: 'accept', content: 'yes' },
      'accept',
      null,
    ]) {
      let caught: unknown;
      try {
        new ReplayJournal({ state, inputResponses: { e0: wrong } });
      } catch (err) {
        caught = err;
      }
      expect(caught, JSON.stringify(wrong)).toBeInstanceOf(InvalidInputResponseError);
      expect(caught).toMatchObject({ code: -32602, key: 'e0' });
      expect((caught as Error).message).toMatch(/inputResponses\["e0"\] is not an answer to an elicitation/);
    }
    const rootsState = new ReplayJournal();
    rootsState.next('roots', undefined);
    expect(
      () => new ReplayJournal({ state: rootsState.toState(), inputResponses: { r0: accept({}) } }),
    ).toThrow(InvalidInputResponseError);
    const samplingState = new ReplayJournal();
    samplingState.next('sampling', { messages: [], maxTokens: 1 });
    expect(
      () => new ReplayJournal({ state: samplingState.toState(), inputResponses: { s0: roots } }),
    ).toThrow(InvalidInputResponseError);
  });

  it('rejects inputResponses that is not an object', () => {
    for (const bad of [42, null, 'e0', [accept({})]]) {
      expect(() => new ReplayJournal({ inputResponses: bad })).toThrow(InvalidInputResponseError);
    }
  });

  it('detects a handler that asks something else on replay', () => {
    const answered = new ReplayJournal({
      state: pendingElicitation(),
      inputResponses: { e0: accept({}) },
    }).toState();

    const otherArgs = new ReplayJournal({ state: answered });
    expect(() => otherArgs.next('elicitation', { ...elicitParams, message: 'Really OK?' })).toThrow(
      NonDeterministicHandlerError,
    );

    const otherKind = new ReplayJournal({ state: answered });
    expect(() => otherKind.next('roots', undefined)).toThrow(
      /input call #0 was an elicitation .* but a roots request/,
    );

    const pendingReplay = new ReplayJournal({ state: pendingElicitation() });
    expect(() => pendingReplay.next('sampling', { messages: [], maxTokens: 5 })).toThrow(
      NonDeterministicHandlerError,
    );

    const same = new ReplayJournal({ state: answered });
    expect(
      same.next('elicitation', { requestedSchema: elicitParams.requestedSchema, message: 'OK?' }),
    ).toMatchObject({
      key: 'e0',
    });
  });

  it('caps the number of input calls per request', () => {
    const journal = new ReplayJournal({ maxEntries: 2 });
    journal.next('roots', undefined);
    journal.next('roots', undefined);
    expect(() => journal.next('roots', undefined)).toThrow(TooManyInputRequestsError);
    expect(() => new ReplayJournal({ state: journal.toState(), maxEntries: 1 })).toThrow(JournalStateError);
  });

  it('refuses journals it cannot read', () => {
    const bad: unknown[] = [
      null,
      [],
      { v: 2, rounds: 1, entries: [] },
      { v: 1, rounds: 1 },
      { v: 1, entries: [] },
      { v: 1, rounds: 0, entries: [] },
      { v: 1, rounds: 1.5, entries: [] },
      { v: 1, rounds: 1, entries: [{ kind: 'telepathy', fingerprint: '00' }] },
      { v: 1, rounds: 1, entries: [{ kind: 'toString', fingerprint: '00' }] },
      { v: 1, rounds: 1, entries: [{ kind: 'elicitation' }] },
      { v: 1, rounds: 1, entries: [{ kind: 'roots', fingerprint: '00', answer: { action: 'accept' } }] },
    ];
    for (const state of bad) {
      expect(() => new ReplayJournal({ state }), JSON.stringify(state)).toThrow(JournalStateError);
    }
  });
});
