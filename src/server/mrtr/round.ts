/**
 * Runs a handler in Multi Round-Trip rounds (2026-07-28).
 *
 * Each input call (`ctx.elicit`, `ctx.sample`, `ctx.listRoots`) is answered
 * from the journal sealed in `requestState` plus this retry's
 * `inputResponses`. The first unanswered call ends the round: input calls made
 * in the same turn of the event loop (`Promise.all`) are collected, and the
 * request is answered with `input_required` listing every pending one, with
 * the journal sealed for the next round. The suspended handler is dropped; the
 * retry replays it from the start, so handlers must be repeatable up to their
 * input calls.
 *
 * On a 2025 session there are no rounds: input calls are real requests to the
 * client on the originating request's stream.
 */
import { codecFor } from '../../protocol/codec/index.js';
import { InternalError, UrlElicitationRequiredError } from '../../protocol/errors.js';
import type { InputRequests, InputRequiredResult } from '../../protocol/types/index.js';
import { isObject } from '../../protocol/validation/validator.js';
import type { RequestHandlerContext } from '../../session/dispatcher.js';
import { bindingOf } from '../binding.js';
import { type InputBroker, NO_ROUND, type RoundInput } from '../context.js';
import { checkElicitationAnswer } from '../elicitation-answers.js';
import { APP_STATE, type InputRequiredReturn } from '../input-required.js';
import { RequestStateRejectedError } from './errors.js';
import { ReplayJournal } from './journal.js';
import { type StateKeyInput, StateKeyRing, type StateKeySecret, type StateKeyText } from './keys.js';
import { createStateBinding, DEFAULT_STATE_TTL_MS, sealState, unsealState } from './seal.js';
import { urlElicitationsAsInputRequests } from './url-elicitation-input.js';

/**
 * A key ring, or the secrets to build one from (built once, on first use).
 *
 * @example
 * const keys: StateKeyRingLike = stateKeysFromSecret(process.env.MCP_STATE_SECRET);
 */
export type StateKeyRingLike = StateKeyRing | readonly (StateKeySecret | StateKeyInput | StateKeyText)[];

/** Options of {@link runWithInputRounds}. */
export interface InputRoundOptions {
  /** Keys that seal the journal. Default: one random key for this process. */
  keys?: StateKeyRingLike;
  /** Validity of sealed state, in ms. Default 10 minutes. */
  ttlMs?: number;
  /** Rounds one request may take before it fails. Default 16. */
  maxRounds?: number;
  /**
   * Told when a handler on a 2025 session answers -32042, so the server can
   * route the later `notifications/elicitation/complete` to this session.
   */
  onUrlElicitationRequired?: (error: UrlElicitationRequiredError, inner: RequestHandlerContext) => void;
  /** Who the request acts for; sealed state only opens for the same principal. */
  principal?: string;
}

/** Default bound on rounds per request. */
export const DEFAULT_MAX_INPUT_ROUNDS = 16;

let processRing: Promise<StateKeyRing> | undefined;
const builtRings = new WeakMap<Exclude<StateKeyRingLike, StateKeyRing>, Promise<StateKeyRing>>();

function ringFor(keys: StateKeyRingLike | undefined): Promise<StateKeyRing> {
  if (keys instanceof StateKeyRing) return Promise.resolve(keys);
  if (keys === undefined) {
    processRing ??= StateKeyRing.generate();
    return processRing;
  }
  let ring = builtRings.get(keys);
  if (!ring) {
    ring = StateKeyRing.fromSecrets(keys);
    builtRings.set(keys, ring);
  }
  return ring;
}

/** Marks the promise race outcome "the round needs input". */
const NEEDS_INPUT = Symbol('needs input');

/**
 * Runs `run` with an input broker for the request's era, and answers
 * `input_required` when a modern round cannot finish.
 *
 * @example
 * dispatcher.setRequestHandler('tools/call', (params, inner) =>
 *   runWithInputRounds('tools/call', params, inner, {}, (broker) => callTool(tool, params.arguments, makeCtx(inner, broker))),
 * );
 */
export async function runWithInputRounds<T extends object>(
  method: string,
  params: Record<string, unknown>,
  inner: RequestHandlerContext,
  options: InputRoundOptions,
  run: (broker: InputBroker, round: RoundInput) => Promise<T>,
): Promise<Exclude<T, InputRequiredReturn> | InputRequiredResult> {
  if (bindingOf(inner).era === 'legacy') return runLegacyRounds(method, inner, options, run);

  // Keys and the params digest are only needed to open or seal state: most calls never do either.
  let bound: ReturnType<typeof createStateBinding> | undefined;
  const binding = () => {
    bound ??= createStateBinding(method, params, options.principal);
    return bound;
  };
  let sealed: SealedRound | undefined;
  if (params.requestState !== undefined) {
    const opened = await unsealState<SealedRound>(
      await ringFor(options.keys),
      params.requestState,
      await binding(),
    );
    if (!opened.ok) throw new RequestStateRejectedError(opened.reason);
    sealed = opened.payload;
  }
  // A first round with nothing to replay (most calls) makes its journal only if the handler asks.
  const replaying = sealed !== undefined || params.inputResponses !== undefined;
  let journal = replaying
    ? new ReplayJournal({ state: sealed?.journal, inputResponses: params.inputResponses })
    : undefined;
  const journalNow = () => {
    journal ??= new ReplayJournal();
    return journal;
  };
  const inputResponses = checkFormAnswers(
    isObject(params.inputResponses) ? params.inputResponses : undefined,
    sealed?.forms,
  );
  const round: RoundInput = { inputResponses, requestState: sealed?.handlerState };

  let roundEnded: () => void = () => {};
  let ending = false;
  const broker: InputBroker = {
    ask(kind, _inputMethod, inputParams) {
      const step = journalNow().next(kind, inputParams as never);
      if ('answered' in step) return Promise.resolve(step.answered as unknown as Record<string, unknown>);
      if (!ending) {
        ending = true;
        // Let calls started in the same turn (Promise.all) join this round before it ends.
        setTimeout(roundEnded, 0);
      }
      // The handler stays suspended here; the retry replays it.
      return new Promise<never>(() => {});
    },
  };

  // Whichever comes first: the handler's result, or the end of a round that needs input.
  const outcome = await new Promise<T | typeof NEEDS_INPUT>((resolve, reject) => {
    roundEnded = () => resolve(NEEDS_INPUT);
    run(broker, round)
      .catch((error: unknown) => urlElicitationsAsInputRequests(error, inner.meta) as T)
      .then(resolve, reject);
  });
  const explicit =
    outcome !== NEEDS_INPUT && (outcome as Record<string, unknown>).resultType === 'input_required';
  if (outcome !== NEEDS_INPUT && !explicit) return outcome as Exclude<T, InputRequiredReturn>;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_INPUT_ROUNDS;
  journal = journalNow();
  if (journal.round > maxRounds) {
    throw new InternalError(`${method} needed more than ${maxRounds} rounds of input; giving up`);
  }
  const next: SealedRound = { journal: journal.toState() };
  let inputRequests: Record<string, unknown> = journal.pendingRequests();
  if (explicit) {
    const returned = outcome as Record<string | symbol, unknown>;
    const own = returned.inputRequests as Record<string, unknown> | undefined;
    inputRequests = { ...inputRequests, ...own };
    if (returned[APP_STATE] !== undefined) next.handlerState = returned[APP_STATE];
    const forms = formsAskedFor(own);
    if (forms) next.forms = forms;
  }
  const requestState = await sealState(await ringFor(options.keys), next, await binding(), {
    ttlMs: options.ttlMs ?? DEFAULT_STATE_TTL_MS,
  });
  // The journal's pending calls and the handler's own requests are input requests by construction.
  return { resultType: 'input_required', inputRequests: inputRequests as InputRequests, requestState };
}

/**
 * A 2025 session has no rounds on the wire: write-once input calls are real
 * requests on the originating stream, and a handler's explicit
 * `inputRequired(...)` is fulfilled here, by sending each of its requests and
 * running the handler again with the answers and its state, as a retry would.
 */
async function runLegacyRounds<T extends object>(
  method: string,
  inner: RequestHandlerContext,
  options: InputRoundOptions,
  run: (broker: InputBroker, round: RoundInput) => Promise<T>,
): Promise<Exclude<T, InputRequiredReturn>> {
  // Requests to the client take the shape of the session's revision (its codec decides).
  const revision = bindingOf(inner).revision;
  const codec = revision === undefined ? undefined : codecFor(revision);
  const send = (inputMethod: string, inputParams: Record<string, unknown> | undefined) =>
    inner.sendRequest(inputMethod, codec ? codec.encodeRequest(inputMethod, inputParams) : inputParams);
  const broker: InputBroker = {
    ask: (_kind, inputMethod, inputParams) => send(inputMethod, inputParams),
  };
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_INPUT_ROUNDS;
  let round: RoundInput = NO_ROUND;
  for (let rounds = 0; ; rounds++) {
    const outcome = (await run(broker, round).catch((error: unknown) => {
      if (error instanceof UrlElicitationRequiredError) options.onUrlElicitationRequired?.(error, inner);
      throw error;
    })) as Record<string | symbol, unknown>;
    if (outcome.resultType !== 'input_required') return outcome as Exclude<T, InputRequiredReturn>;
    if (rounds >= maxRounds)
      throw new InternalError(`${method} needed more than ${maxRounds} rounds of input; giving up`);
    const requests = (outcome.inputRequests ?? {}) as Record<
      string,
      { method: string; params?: Record<string, unknown> }
    >;
    const inputResponses: Record<string, unknown> = {};
    for (const [key, request] of Object.entries(requests)) {
      const answer = await send(request.method, request.params);
      inputResponses[key] =
        request.method === 'elicitation/create' && request.params
          ? checkElicitationAnswer(request.params, answer)
          : answer;
    }
    round = { inputResponses, requestState: outcome[APP_STATE] };
  }
}

/** What `requestState` carries, sealed: the replay journal and the handler's explicit state. */
interface SealedRound {
  /** The replay journal: the input calls so far and their answers. */
  journal: unknown;
  /** What the handler returned with `inputRequired(...)` for its next round. */
  handlerState?: unknown;
  /** The forms the handler's own input requests asked for, by key, to check their answers. */
  forms?: Record<string, Record<string, unknown>>;
}

/**
 * The form elicitations among a handler's own input requests (`inputRequired(...)`), by key:
 * what is needed to check their answers on the retry.
 */
function formsAskedFor(
  requests: Record<string, unknown> | undefined,
): Record<string, Record<string, unknown>> | undefined {
  let forms: Record<string, Record<string, unknown>> | undefined;
  for (const [key, request] of Object.entries(requests ?? {})) {
    if (!isObject(request) || request.method !== 'elicitation/create' || !isObject(request.params)) continue;
    const { mode, requestedSchema } = request.params;
    if (mode === 'url' || !isObject(requestedSchema)) continue;
    forms ??= {};
    forms[key] = { requestedSchema };
  }
  return forms;
}

/**
 * This retry's `inputResponses`, with each answer to a form the handler asked for itself
 * checked against that form (defaults filled in); a wrong answer fails the retry with -32602.
 */
function checkFormAnswers(
  responses: Record<string, unknown> | undefined,
  forms: Record<string, Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (!responses || !isObject(forms)) return responses;
  const checked = { ...responses };
  for (const [key, form] of Object.entries(forms)) {
    if (Object.hasOwn(checked, key) && isObject(form))
      checked[key] = checkElicitationAnswer(form, checked[key]);
  }
  return checked;
}
