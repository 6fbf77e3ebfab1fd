/**
 * Server side of Multi Round-Trip Requests (MRTR, SEP-2322) for write-once
 * handlers: sealed, bound, expiring `requestState` ({@link sealState},
 * {@link unsealState}, {@link StateKeyRing}) and the replay journal that
 * answers `ctx.elicit` / `ctx.sample` / `ctx.listRoots` across rounds
 * ({@link ReplayJournal}).
 *
 * @example
 * const ring = await StateKeyRing.fromSecrets([process.env.MRTR_KEY!]);
 * const binding = await createStateBinding(method, params);
 * const opened = params.requestState === undefined ? undefined : await unsealState(ring, params.requestState, binding);
 * if (opened && !opened.ok) throw new RequestStateRejectedError(opened.reason);
 * const journal = new ReplayJournal({ state: opened?.payload, inputResponses: params.inputResponses });
 */
export {
  canonicalJson,
  digestRequestParams,
  MAX_CANONICAL_JSON_DEPTH,
  UNBOUND_PARAM_KEYS,
} from './canonical-json.js';
export {
  InvalidInputResponseError,
  JournalStateError,
  NonDeterministicHandlerError,
  RequestStateRejectedError,
  StateKeyError,
  StateTooLargeError,
  TooManyInputRequestsError,
  type UnsealFailureReason,
} from './errors.js';
export {
  DEFAULT_MAX_JOURNAL_ENTRIES,
  INPUT_KIND_METHODS,
  type InputKind,
  type InputKindTypes,
  type InputParamsFor,
  type InputResultFor,
  inputKey,
  type JournalEntry,
  type JournalState,
  type JournalStep,
  ReplayJournal,
  type ReplayJournalOptions,
} from './journal.js';
export { STATE_KEY_BYTES, type StateKeyInput, StateKeyRing, type StateKeySecret } from './keys.js';
export {
  createStateBinding,
  DEFAULT_STATE_TTL_MS,
  MAX_STATE_TOKEN_LENGTH,
  type SealStateOptions,
  STATE_TOKEN_VERSION,
  type StateBinding,
  sealState,
  type UnsealFailure,
  type UnsealResult,
  type UnsealStateOptions,
  type UnsealSuccess,
  unsealState,
} from './seal.js';
