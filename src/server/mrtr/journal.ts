/**
 * The replay journal behind write-once handlers on 2026-07-28 requests.
 *
 * A handler that awaits `ctx.elicit(...)` cannot stay suspended between rounds
 * (the next round may reach another process), so each round runs it again
 * from the start. The journal records, in call order, every input the handler
 * asked for and the answers received so far; on replay each
 * `ctx.elicit` / `ctx.sample` / `ctx.listRoots` call is answered from it.
 *
 * ## Keys
 *
 * Input call number `i` (counting every kind together, from 0) gets the key
 * `<letter><i>`: `e` for elicitation, `s` for sampling, `r` for roots, so
 * `e0`, `s1`, `r2`. The key is what goes into `inputRequests` and what the
 * client answers under in `inputResponses`. Because the key carries the call
 * index, the same call gets the same key in every round.
 *
 * ## Rules on a retry
 *
 * - An answer is taken only for a key that was pending in the previous round
 *   (asked but not yet answered). Answers to keys never asked, or already
 *   answered in an earlier round, are ignored: the client cannot rewrite
 *   history or answer questions the server did not ask.
 * - An answer of the wrong kind for its key (a `ListRootsResult` under `e0`)
 *   is rejected with {@link InvalidInputResponseError} (-32602).
 * - A pending key left unanswered is asked again, under the same key.
 * - A handler that asks, at call `i`, for another kind or with other
 *   arguments than recorded at `i` fails with {@link NonDeterministicHandlerError}.
 *
 * ## Sealed form
 *
 * {@link JournalState}: `{ v: 1, rounds, entries: [{ kind, fingerprint, answer? }] }`,
 * `rounds` counting the `input_required` results issued so far.
 * `fingerprint` is a 64-bit hash of the canonical request, so the journal does
 * not carry request bodies (only answers), and can still tell whether the
 * handler asked the same thing.
 */
import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  InputRequest,
  InputRequests,
  InputResponse,
  ListRootsRequestParams,
  ListRootsResult,
} from '../../protocol/types/index.js';
import { isObject } from '../../protocol/validation/validator.js';
import type { InputKind } from '../context.js';
import { canonicalJson, fingerprint64 } from './canonical-json.js';
import {
  InvalidInputResponseError,
  JournalStateError,
  NonDeterministicHandlerError,
  TooManyInputRequestsError,
} from './errors.js';

const INPUT_KIND_METHODS = {
  elicitation: 'elicitation/create',
  sampling: 'sampling/createMessage',
  roots: 'roots/list',
} as const satisfies Record<InputKind, InputRequest['method']>;

const KEY_LETTERS: Record<InputKind, string> = { elicitation: 'e', sampling: 's', roots: 'r' };
const KIND_NAMES: Record<InputKind, string> = {
  elicitation: 'an elicitation (elicitation/create)',
  sampling: 'a sampling request (sampling/createMessage)',
  roots: 'a roots request (roots/list)',
};

/** Params and answer of each {@link InputKind}. */
interface InputKindTypes {
  elicitation: { params: ElicitRequestParams; result: ElicitResult };
  sampling: { params: CreateMessageRequestParams; result: CreateMessageResult };
  roots: { params: ListRootsRequestParams | undefined; result: ListRootsResult };
}

/** Params of a request of kind `K`. */
export type InputParamsFor<K extends InputKind> = InputKindTypes[K]['params'];

/** The client's answer to a request of kind `K`. */
export type InputResultFor<K extends InputKind> = InputKindTypes[K]['result'];

/** Most input calls one request may make across all its rounds, unless `maxEntries` says otherwise. */
export const DEFAULT_MAX_JOURNAL_ENTRIES = 64;

/**
 * The key of input call number `index` of kind `kind`.
 *
 * @example
 * inputKey('sampling', 1); // 's1'
 */
export function inputKey(kind: InputKind, index: number): string {
  return `${KEY_LETTERS[kind]}${index}`;
}

/** One recorded input call. */
interface JournalEntry {
  kind: InputKind;
  /** 64-bit hash (16 hex digits) of the canonical `{ kind, params }` asked. */
  fingerprint: string;
  /** The client's answer; absent while the call is pending. */
  answer?: InputResponse;
}

/** The journal as sealed into `requestState`. */
export interface JournalState {
  v: 1;
  /** How many `input_required` results this request has produced, counting the one carrying this state. */
  rounds: number;
  entries: JournalEntry[];
}

/** Options of {@link ReplayJournal}. */
interface ReplayJournalOptions {
  /** The journal unsealed from the request's `requestState`; absent on a first round. */
  state?: unknown;
  /** The request's `inputResponses`, as received. */
  inputResponses?: unknown;
  /** Most input calls per request across all rounds; {@link DEFAULT_MAX_JOURNAL_ENTRIES} by default. */
  maxEntries?: number;
}

/**
 * What {@link ReplayJournal.next} says about one input call: the answer, or
 * that it is pending under `key` (the round must end with `input_required`).
 */
type JournalStep<K extends InputKind> = { answered: InputResultFor<K>; key: string } | { pending: string };

/**
 * Answers a handler's input calls, in call order, from what earlier rounds
 * recorded and what this retry brought; collects what must still be asked.
 * One per request round.
 *
 * The constructor throws {@link JournalStateError} for a state it cannot read
 * and {@link InvalidInputResponseError} for `inputResponses` that is not an
 * object or answers a pending key with the wrong kind of result.
 *
 * @example
 * // inside one round of a 2026-07-28 tools/call
 * const journal = new ReplayJournal({ state: opened?.payload, inputResponses: params.inputResponses });
 * const step = journal.next('elicitation', { message: 'Deploy to prod?', requestedSchema });
 * if ('pending' in step) {
 *   // end the round: { resultType: 'input_required', inputRequests: journal.pendingRequests(),
 *   //                  requestState: await sealState(ring, journal.toState(), binding) }
 * } else {
 *   step.answered.action; // 'accept' | 'decline' | 'cancel'
 * }
 */
export class ReplayJournal {
  private readonly entries: JournalEntry[];
  private readonly pending = new Map<string, InputRequest>();
  private readonly maxEntries: number;
  private cursor = 0;

  /** Which round of the request this is: 1 on the first request, 2 on the first retry, and so on. */
  readonly round: number;

  constructor(options: ReplayJournalOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_JOURNAL_ENTRIES;
    const read = options.state === undefined ? undefined : readState(options.state, this.maxEntries);
    this.entries = read?.entries ?? [];
    this.round = (read?.rounds ?? 0) + 1;
    const responses = readResponses(options.inputResponses);
    if (responses === undefined) return;
    for (const [index, entry] of this.entries.entries()) {
      if (entry.answer !== undefined) continue;
      const key = inputKey(entry.kind, index);
      if (!Object.hasOwn(responses, key)) continue;
      const answer = responses[key];
      if (!ANSWER_CHECKS[entry.kind](answer)) {
        throw new InvalidInputResponseError(
          `inputResponses[${JSON.stringify(key)}] is not an answer to ${KIND_NAMES[entry.kind]}, ` +
            `which is what was asked under that key; expected ${ANSWER_SHAPES[entry.kind]}`,
          key,
        );
      }
      entry.answer = answer as InputResponse;
    }
  }

  /**
   * Takes the handler's next input call. Returns the recorded answer, or
   * `{ pending: key }` when the client has not answered it yet (the call is
   * then listed in {@link pendingRequests}). Throws
   * {@link NonDeterministicHandlerError} when the call differs from the one
   * recorded at the same position, {@link TooManyInputRequestsError} past
   * `maxEntries`, and `TypeError` for params JSON cannot hold.
   *
   * @example
   * const step = journal.next('sampling', { messages, maxTokens: 200 });
   * if ('answered' in step) return step.answered.content;
   */
  next<K extends InputKind>(kind: K, params: InputParamsFor<K>): JournalStep<K> {
    const index = this.cursor;
    if (index >= this.maxEntries) throw new TooManyInputRequestsError(this.maxEntries);
    const fingerprint = fingerprint64(canonicalJson({ kind, params: params ?? null }));
    const key = inputKey(kind, index);
    const recorded = this.entries[index];
    this.cursor = index + 1;
    if (recorded === undefined) {
      this.entries.push({ kind, fingerprint });
    } else if (recorded.kind !== kind) {
      throw new NonDeterministicHandlerError(index, KIND_NAMES[recorded.kind], KIND_NAMES[kind]);
    } else if (recorded.fingerprint !== fingerprint) {
      throw new NonDeterministicHandlerError(
        index,
        `${KIND_NAMES[kind]} with other arguments`,
        `${KIND_NAMES[kind]} with different ones`,
      );
    } else if (recorded.answer !== undefined) {
      return { answered: recorded.answer as InputResultFor<K>, key };
    }
    const method = INPUT_KIND_METHODS[kind];
    this.pending.set(key, (params === undefined ? { method } : { method, params }) as InputRequest);
    return { pending: key };
  }

  /** Whether some input call of this round is waiting for the client. */
  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** How many input calls the handler has made in this round so far. */
  get callCount(): number {
    return this.cursor;
  }

  /** The `inputRequests` of this round's `input_required` result: every call of this round not yet answered, by key. */
  pendingRequests(): InputRequests {
    return Object.fromEntries(this.pending);
  }

  /** The journal to seal into the next `requestState`: every call so far (answered or pending), this retry's answers included. */
  toState(): JournalState {
    return {
      v: 1,
      rounds: this.round,
      entries: this.entries.map((e) =>
        e.answer === undefined
          ? { kind: e.kind, fingerprint: e.fingerprint }
          : { kind: e.kind, fingerprint: e.fingerprint, answer: e.answer },
      ),
    };
  }
}

type Check = (value: unknown) => boolean;

// Enough to tell the kinds apart and to hand the handler the fields its type
// promises; the full schema of each result is the inbound validator's job.
const ANSWER_CHECKS: Record<InputKind, Check> = {
  elicitation: (v) =>
    isObject(v) &&
    (v.action === 'accept' || v.action === 'decline' || v.action === 'cancel') &&
    (v.content === undefined || isObject(v.content)),
  sampling: (v) =>
    isObject(v) &&
    (v.role === 'user' || v.role === 'assistant') &&
    typeof v.model === 'string' &&
    (isObject(v.content) || (Array.isArray(v.content) && v.content.every(isObject))),
  roots: (v) =>
    isObject(v) &&
    Array.isArray(v.roots) &&
    v.roots.every((root) => isObject(root) && typeof root.uri === 'string'),
};

const ANSWER_SHAPES: Record<InputKind, string> = {
  elicitation: 'an ElicitResult { action: "accept" | "decline" | "cancel", content? }',
  sampling: 'a CreateMessageResult { role, content, model }',
  roots: 'a ListRootsResult { roots: [{ uri }] }',
};

function readResponses(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    throw new InvalidInputResponseError(
      `inputResponses must be an object mapping input request keys to results, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value;
}

function readState(value: unknown, maxEntries: number): { rounds: number; entries: JournalEntry[] } {
  if (!isObject(value)) throw new JournalStateError('not an object');
  if (value.v !== 1) throw new JournalStateError(`journal version ${JSON.stringify(value.v)}, expected 1`);
  if (!Number.isSafeInteger(value.rounds) || (value.rounds as number) < 1) {
    throw new JournalStateError('rounds is not a positive integer');
  }
  if (!Array.isArray(value.entries)) throw new JournalStateError('entries is not an array');
  if (value.entries.length > maxEntries) {
    throw new JournalStateError(`${value.entries.length} entries, over the limit of ${maxEntries}`);
  }
  const entries = value.entries.map((raw: unknown, index: number): JournalEntry => {
    if (
      !isObject(raw) ||
      typeof raw.kind !== 'string' ||
      !Object.hasOwn(KEY_LETTERS, raw.kind) ||
      typeof raw.fingerprint !== 'string' ||
      (raw.answer !== undefined && !ANSWER_CHECKS[raw.kind as InputKind](raw.answer))
    ) {
      throw new JournalStateError(`entry ${index} is not a valid journal entry`);
    }
    const entry: JournalEntry = { kind: raw.kind as InputKind, fingerprint: raw.fingerprint };
    if (raw.answer !== undefined) entry.answer = raw.answer as InputResponse;
    return entry;
  });
  return { rounds: value.rounds as number, entries };
}
