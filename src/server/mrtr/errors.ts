/**
 * Errors of the MRTR machinery. Those a request can trigger are JSON-RPC
 * errors (answer the request with them as they are); a bad key at start-up is
 * a local error.
 */
import { InternalError, InvalidParamsError, McpkitLocalError } from '../../protocol/errors.js';

/**
 * A state key could not be used: wrong size, not base64/base64url/hex, a bad or
 * duplicate key id, or an empty ring. Thrown while building a
 * {@link StateKeyRing}, so at start-up rather than per request.
 *
 * @example
 * try {
 *   await StateKeyRing.fromSecrets(['too-short']);
 * } catch (err) {
 *   if (err instanceof StateKeyError) console.error(err.message);
 * }
 */
export class StateKeyError extends McpkitLocalError {
  override name = 'StateKeyError';
}

/**
 * The state to seal would make a token longer than the limit. The handler
 * gathered more input than fits in one `requestState`; ask for less per
 * request, or raise `maxTokenLength` on both sealing and unsealing.
 *
 * @example
 * try {
 *   await sealState(ring, hugeJournal, binding);
 * } catch (err) {
 *   if (err instanceof StateTooLargeError) console.error(err.length, err.limit);
 * }
 */
export class StateTooLargeError extends InternalError {
  override name = 'StateTooLargeError';
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(
      `The sealed requestState would be ${length} characters, over the limit of ${limit}; ` +
        'ask the client for less input per request or raise maxTokenLength',
    );
  }
}

/**
 * Why a `requestState` token was refused; see {@link unsealState}.
 *
 * @example
 * const reason: UnsealFailureReason = 'expired';
 */
export type UnsealFailureReason = 'malformed' | 'unknown-key' | 'tampered' | 'expired' | 'wrong-binding';

const REJECTION_MESSAGES: Record<UnsealFailureReason, string> = {
  malformed: 'requestState is not a state token issued by this server',
  'unknown-key':
    'requestState was sealed with a key this server does not hold: another process sealed it with its own key ' +
    '(give every process the same keys: `stateKeys: stateKeysFromSecret(process.env.MCP_STATE_SECRET)`), ' +
    'or the key was rotated out',
  tampered: 'requestState failed its integrity check',
  expired: 'requestState has expired',
  'wrong-binding': 'requestState was issued for a different request (method, params or principal)',
};

/**
 * -32602: the request carried a `requestState` the server refuses. The
 * message says why and what to do: retry the original request without
 * `requestState` (and without `inputResponses`) to start over.
 *
 * @example
 * const opened = await unsealState(ring, params.requestState, binding);
 * if (!opened.ok) throw new RequestStateRejectedError(opened.reason);
 */
export class RequestStateRejectedError extends InvalidParamsError {
  override name = 'RequestStateRejectedError';
  constructor(readonly reason: UnsealFailureReason) {
    super(`${REJECTION_MESSAGES[reason]}; retry the request without requestState to start over`, { reason });
  }
}

/**
 * -32602: `inputResponses` is not an object, or the answer under a key is not
 * the kind of result the request under that key asked for (say, a
 * `ListRootsResult` for an `elicitation/create`).
 *
 * @example
 * try {
 *   new ReplayJournal({ state, inputResponses: { e0: { roots: [] } } });
 * } catch (err) {
 *   if (err instanceof InvalidInputResponseError) console.error(err.key); // 'e0'
 * }
 */
export class InvalidInputResponseError extends InvalidParamsError {
  override name = 'InvalidInputResponseError';
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message, key === undefined ? undefined : { key });
  }
}

/**
 * -32602: the `requestState` was authentic but its journal is not one this
 * server can read (for example sealed by a newer release during a rolling
 * upgrade). Retrying without `requestState` starts over.
 *
 * @example
 * try {
 *   new ReplayJournal({ state: { v: 99 } });
 * } catch (err) {
 *   if (err instanceof JournalStateError) console.error(err.message);
 * }
 */
export class JournalStateError extends InvalidParamsError {
  override name = 'JournalStateError';
  constructor(detail: string) {
    super(
      `requestState holds a journal this server cannot read (${detail}); retry the request without requestState`,
    );
  }
}

/**
 * -32603: on replay, the handler asked for something other than what it asked
 * at the same point in an earlier round. Replay needs handlers that, given the
 * same params and the same answers, make the same `ctx.elicit` /
 * `ctx.sample` / `ctx.listRoots` calls in the same order with the same
 * arguments. Move randomness, clocks and external reads that shape those
 * calls after the last input, or derive them from the params.
 *
 * @example
 * try {
 *   journal.next('elicitation', { message: `Now is ${Date.now()}`, requestedSchema });
 * } catch (err) {
 *   if (err instanceof NonDeterministicHandlerError) console.error(err.callIndex);
 * }
 */
export class NonDeterministicHandlerError extends InternalError {
  override name = 'NonDeterministicHandlerError';
  constructor(
    readonly callIndex: number,
    readonly recorded: string,
    readonly requested: string,
  ) {
    super(
      `The handler is not deterministic: input call #${callIndex} was ${recorded} in an earlier round ` +
        `but ${requested} on replay; a handler must make the same input calls, in the same order and ` +
        'with the same arguments, whenever it gets the same params and answers',
    );
  }
}

/**
 * -32603: one request asked for more inputs, across all its rounds, than the
 * journal allows ({@link DEFAULT_MAX_JOURNAL_ENTRIES} by default). Usually a
 * handler that asks in a loop without end.
 *
 * @example
 * const journal = new ReplayJournal({ maxEntries: 2 });
 * journal.next('roots', undefined);
 * journal.next('roots', undefined);
 * journal.next('roots', undefined); // throws TooManyInputRequestsError
 */
export class TooManyInputRequestsError extends InternalError {
  override name = 'TooManyInputRequestsError';
  constructor(readonly limit: number) {
    super(
      `The handler asked for more than ${limit} inputs in one request; raise maxEntries if this is expected`,
    );
  }
}
