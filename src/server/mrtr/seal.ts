/**
 * Sealing MRTR `requestState`: AES-256-GCM with a key from a
 * {@link StateKeyRing}, bound to the request it was issued for, with an expiry.
 *
 * ## Token format
 *
 * `mrtr1.<kid>.<body>`
 * - `mrtr1`: format version; anything else is `'malformed'`.
 * - `<kid>`: id of the ring key that sealed it (1–16 of `A-Za-z0-9-_`). It
 *   only picks the key; it is also authenticated as additional data.
 * - `<body>`: unpadded base64url of a 12-byte random nonce followed by the
 *   AES-GCM ciphertext and its 16-byte tag.
 *
 * The plaintext is JSON `{"v":1,"iat":<ms>,"exp":<ms>,"b":<binding digest>,"d":<payload>}`,
 * so the payload is confidential as well as integrity-protected, and the
 * expiry and binding cannot be changed without the tag failing.
 *
 * ## Binding
 *
 * A token is bound to the request it was issued for (see
 * {@link createStateBinding}): the method, the SHA-256 of the canonical JSON
 * of its params without `_meta`, `inputResponses` and `requestState`, and the
 * principal (when given). The binding digest travels inside the authenticated
 * plaintext, so an authentic token presented on another request is reported as
 * `'wrong-binding'`, distinct from `'tampered'`. What the retry adds or
 * changes (`_meta`, `inputResponses`, `requestState`) does not affect it.
 *
 * ## Limits
 *
 * Tokens longer than {@link MAX_STATE_TOKEN_LENGTH} characters (256 KiB) are
 * refused on unseal without decoding, and sealing a payload whose token would
 * be longer throws {@link StateTooLargeError}. Tokens live
 * {@link DEFAULT_STATE_TTL_MS} (10 minutes) unless `ttlMs` says otherwise.
 *
 * Binding, expiry and integrity bound replay; they do not make a token
 * single-use. A server for which a state must be redeemed at most once must
 * record redemptions itself.
 */
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { canonicalJson, digestRequestParams, sha256Base64Url } from './canonical-json.js';
import { StateTooLargeError, type UnsealFailureReason } from './errors.js';
import { KEY_ID_PATTERN, type StateKeyRing, sealingKeyOf, unsealingKeyOf } from './keys.js';

/** The version prefix of every token this code seals. */
const STATE_TOKEN_VERSION = 'mrtr1';

/**
 * How long a sealed state stays valid unless `ttlMs` says otherwise: 10 minutes.
 *
 * @example
 * await sealState(ring, payload, binding, { ttlMs: DEFAULT_STATE_TTL_MS / 2 });
 */
export const DEFAULT_STATE_TTL_MS = 10 * 60 * 1000;

/** Longest token sealed or accepted unless `maxTokenLength` says otherwise: 256 KiB of characters. */
export const MAX_STATE_TOKEN_LENGTH = 256 * 1024;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PLAINTEXT_VERSION = 1;
const BINDING_LABEL = 'mcpkit mrtr binding v1';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * What a sealed state is tied to. Build it with {@link createStateBinding},
 * once per incoming request, and use the same value to unseal the state the
 * request brought and to seal the state it sends back.
 */
export interface StateBinding {
  /** The JSON-RPC method, e.g. `tools/call`. */
  readonly method: string;
  /** {@link digestRequestParams} of the request params. */
  readonly paramsDigest: string;
  /** Who made the request (e.g. the OAuth subject); absent for anonymous requests. */
  readonly principal?: string | undefined;
}

/**
 * Builds the {@link StateBinding} of a request: its method, the digest of its
 * params without `_meta`, `inputResponses` and `requestState`, and optionally
 * the authenticated principal.
 *
 * @example
 * const binding = await createStateBinding('tools/call', request.params, auth?.subject);
 */
export async function createStateBinding(
  method: string,
  params: unknown,
  principal?: string,
): Promise<StateBinding> {
  const paramsDigest = await digestRequestParams(params);
  return principal === undefined ? { method, paramsDigest } : { method, paramsDigest, principal };
}

function digestBinding(binding: StateBinding): Promise<string> {
  return sha256Base64Url(
    canonicalJson([BINDING_LABEL, binding.method, binding.paramsDigest, binding.principal ?? null]),
  );
}

/** Options of {@link sealState}. */
interface SealStateOptions {
  /** Lifetime of the token in ms; {@link DEFAULT_STATE_TTL_MS} by default. */
  ttlMs?: number;
  /** The current time in ms since the epoch; `Date.now()` by default. */
  now?: number;
  /** Longest token to produce; {@link MAX_STATE_TOKEN_LENGTH} by default. */
  maxTokenLength?: number;
}

/**
 * Seals a JSON payload into an opaque `requestState` token, bound to
 * `binding`, expiring after `ttlMs`. Throws {@link StateTooLargeError} when
 * the token would exceed the limit, and `TypeError` for a payload JSON cannot
 * hold.
 *
 * @example
 * const ring = await StateKeyRing.generate();
 * const binding = await createStateBinding('tools/call', { name: 'deploy', arguments: {} });
 * const requestState = await sealState(ring, { step: 2 }, binding, { ttlMs: 60_000 });
 * // 'mrtr1.<kid>.<base64url>'
 */
export async function sealState(
  ring: StateKeyRing,
  payload: unknown,
  binding: StateBinding,
  options: SealStateOptions = {},
): Promise<string> {
  const ttlMs = options.ttlMs ?? DEFAULT_STATE_TTL_MS;
  const now = options.now ?? Date.now();
  const limit = options.maxTokenLength ?? MAX_STATE_TOKEN_LENGTH;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
  if (payload === undefined)
    throw new TypeError('sealState: the payload must be a JSON value, got undefined');
  const { id, key } = sealingKeyOf(ring);
  const plaintext = encoder.encode(
    JSON.stringify({
      v: PLAINTEXT_VERSION,
      iat: now,
      exp: now + ttlMs,
      b: await digestBinding(binding),
      d: payload,
    }),
  );
  const header = `${STATE_TOKEN_VERSION}.${id}`;
  const length = header.length + 1 + Math.ceil(((NONCE_BYTES + plaintext.length + TAG_BYTES) * 4) / 3);
  if (length > limit) throw new StateTooLargeError(length, limit);
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: encoder.encode(header), tagLength: TAG_BYTES * 8 },
    key,
    plaintext,
  );
  const body = new Uint8Array(NONCE_BYTES + sealed.byteLength);
  body.set(nonce);
  body.set(new Uint8Array(sealed), NONCE_BYTES);
  return `${header}.${encodeBase64Url(body)}`;
}

/** Options of {@link unsealState}. */
interface UnsealStateOptions {
  /** Longest token to accept; {@link MAX_STATE_TOKEN_LENGTH} by default. */
  maxTokenLength?: number;
}

/** A token {@link unsealState} accepted. */
interface UnsealSuccess<T> {
  ok: true;
  /** The payload given to {@link sealState}. */
  payload: T;
  /** Id of the key that sealed it. */
  keyId: string;
  /** When it was sealed, ms since the epoch. */
  issuedAt: number;
  /** When it stops being accepted, ms since the epoch. */
  expiresAt: number;
}

/**
 * A token {@link unsealState} refused, and why:
 * - `malformed`: not a string, too long, wrong version prefix, bad base64url,
 *   too short, or an authentic plaintext this version cannot read;
 * - `unknown-key`: no key in the ring has the token's key id (including a
 *   key id edited in transit);
 * - `tampered`: the AES-GCM tag does not verify (any changed byte of the nonce,
 *   ciphertext or tag, or a token sealed by another secret under the same id);
 * - `wrong-binding`: authentic, but issued for another method, params or principal;
 * - `expired`: authentic and for this request, but past its expiry.
 */
interface UnsealFailure {
  ok: false;
  reason: UnsealFailureReason;
}

/** What {@link unsealState} returns. */
type UnsealResult<T = unknown> = UnsealSuccess<T> | UnsealFailure;

/**
 * Opens a `requestState` token. Never throws on a bad token (it is
 * attacker-controlled input): every problem is an {@link UnsealFailure}.
 * Checks, in order: shape and size, key id, integrity, binding, expiry. The
 * payload is returned as sealed; validate its structure before use.
 *
 * @example
 * const opened = await unsealState(ring, params.requestState, binding);
 * if (!opened.ok) throw new RequestStateRejectedError(opened.reason);
 * use(opened.payload);
 */
export async function unsealState<T = unknown>(
  ring: StateKeyRing,
  token: unknown,
  binding: StateBinding,
  now: number = Date.now(),
  options: UnsealStateOptions = {},
): Promise<UnsealResult<T>> {
  const limit = options.maxTokenLength ?? MAX_STATE_TOKEN_LENGTH;
  const expectedBinding = await digestBinding(binding);
  if (typeof token !== 'string' || token.length > limit) return fail('malformed');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== STATE_TOKEN_VERSION) return fail('malformed');
  const keyId = parts[1]!;
  if (!KEY_ID_PATTERN.test(keyId)) return fail('malformed');
  const body = decodeBase64Url(parts[2]!);
  if (body === undefined || body.length < NONCE_BYTES + TAG_BYTES) return fail('malformed');
  const key = unsealingKeyOf(ring, keyId);
  if (key === undefined) return fail('unknown-key');

  let plaintext: ArrayBuffer;
  try {
    plaintext = await globalThis.crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: body.subarray(0, NONCE_BYTES),
        additionalData: encoder.encode(`${STATE_TOKEN_VERSION}.${keyId}`),
        tagLength: TAG_BYTES * 8,
      },
      key,
      body.subarray(NONCE_BYTES),
    );
  } catch {
    return fail('tampered');
  }

  let sealed: unknown;
  try {
    sealed = JSON.parse(decoder.decode(plaintext));
  } catch {
    return fail('malformed');
  }
  if (!isSealedPlaintext(sealed)) return fail('malformed');
  if (sealed.b !== expectedBinding) return fail('wrong-binding');
  if (!(now < sealed.exp)) return fail('expired');
  return { ok: true, payload: sealed.d as T, keyId, issuedAt: sealed.iat, expiresAt: sealed.exp };
}

interface SealedPlaintext {
  v: number;
  iat: number;
  exp: number;
  b: string;
  d: unknown;
}

function isSealedPlaintext(value: unknown): value is SealedPlaintext {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === PLAINTEXT_VERSION &&
    typeof v.iat === 'number' &&
    typeof v.exp === 'number' &&
    typeof v.b === 'string' &&
    'd' in v
  );
}

function fail(reason: UnsealFailureReason): UnsealFailure {
  return { ok: false, reason };
}
