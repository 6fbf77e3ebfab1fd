/**
 * The keys that seal MRTR `requestState`.
 *
 * A {@link StateKeyRing} holds one or more AES-256-GCM keys. The first seals;
 * every key can unseal, chosen by the key id written into each token. That is
 * what makes rotation work: put the new secret first and keep the old one
 * after it until every token sealed with it has expired (10 minutes by
 * default), then drop it.
 *
 * ## Sharing keys across server instances
 *
 * MRTR is stateless: round two of a request may reach another process than
 * round one. Every process that may serve a round must build its ring from the
 * same secrets, in the same order:
 *
 * 1. Generate a secret once: `openssl rand -base64 32` (or
 *    {@link StateKeyRing.generateSecret}).
 * 2. Hand it to every instance through your secret manager, e.g. as
 *    `MCPKIT_MRTR_KEYS=<new>,<old>` (the name is yours to choose).
 * 3. At start-up: `await StateKeyRing.fromSecrets(process.env.MCPKIT_MRTR_KEYS.split(','))`.
 *
 * Key ids are derived from the secrets, so instances agree on them without
 * coordination. To rotate: deploy `[new, old]` everywhere, wait out the
 * longest token lifetime, deploy `[new]`. Rotate well before a key has sealed
 * 2^32 tokens (random 96-bit nonces).
 *
 * {@link stateKeysFromSecret} does the same from secrets of any form (32
 * characters or more, say a password manager's): pass its result as the
 * server's `stateKeys`.
 *
 * {@link StateKeyRing.generate} makes a throwaway ring for one process (tests,
 * stdio servers); tokens it seals die with the process.
 *
 * Secrets are never kept: each is expanded with HKDF-SHA-256 into a
 * non-extractable AES-GCM `CryptoKey` (Web Crypto) and a key id, and the
 * decoded copy is zeroed.
 */
import { decodeBase64Loose, encodeBase64Url } from './base64url.js';
import { StateKeyError } from './errors.js';

/**
 * Size of a state secret: 32 bytes (256 bits).
 *
 * @example
 * const secret = crypto.getRandomValues(new Uint8Array(STATE_KEY_BYTES));
 */
export const STATE_KEY_BYTES = 32;

/**
 * A raw 32-byte secret, or its base64, base64url or hex text.
 *
 * @example
 * const secret: StateKeySecret = process.env.MRTR_KEY!; // e.g. from `openssl rand -base64 32`
 */
export type StateKeySecret = Uint8Array | string;

/**
 * A secret with an explicit key id (1–16 characters of `A-Z a-z 0-9 - _`).
 *
 * @example
 * const input: StateKeyInput = { secret: process.env.MRTR_KEY_OLD!, id: 'k2025' };
 */
export interface StateKeyInput {
  secret: StateKeySecret;
  /** Overrides the derived id. Every process must then use the same id for this secret. */
  id?: string;
}

/**
 * A secret given as text of any form, 32 characters or more: its UTF-8 bytes
 * are run through HKDF-SHA-256 rather than decoded as a 32-byte key.
 * {@link stateKeysFromSecret} makes these, after checking them.
 *
 * @example
 * const input: StateKeyText = { text: process.env.MCP_STATE_SECRET! };
 */
export interface StateKeyText {
  readonly text: string;
}

/** Fewest characters in a secret given as text ({@link stateKeysFromSecret}). */
export const MIN_STATE_SECRET_LENGTH = 32;

/** A key of a ring: its id and the AES-GCM key behind it. */
interface RingKey {
  readonly id: string;
  readonly key: CryptoKey;
}

/** Shape of a key id. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
const HEX_SECRET_PATTERN = /^[0-9a-fA-F]{64}$/;
const encoder = new TextEncoder();
/** HKDF labels of 32-byte secrets. */
const BYTE_SECRET_LABELS: DerivationLabels = {
  encryption: encoder.encode('mcpkit mrtr request-state aes-256-gcm v1'),
  keyId: encoder.encode('mcpkit mrtr request-state key-id v1'),
};
/** HKDF labels of text secrets: the same characters as text and as bytes give different keys. */
const TEXT_SECRET_LABELS: DerivationLabels = {
  encryption: encoder.encode('mcpkit mrtr request-state aes-256-gcm from-text v1'),
  keyId: encoder.encode('mcpkit mrtr request-state key-id from-text v1'),
};
const KEY_ID_BITS = 48;

// The CryptoKeys live here, not on the ring object, so nothing outside this
// folder can reach them through the public surface.
const ringKeys = new WeakMap<StateKeyRing, readonly RingKey[]>();

/**
 * One or more AES-256-GCM keys for sealing `requestState`: the first seals,
 * all unseal (chosen by key id). Build one per process at start-up and reuse
 * it; building derives keys and is the costly part.
 *
 * @example
 * // Every instance of the server, same secrets in the same order:
 * const ring = await StateKeyRing.fromSecrets([process.env.MRTR_KEY_NEW!, process.env.MRTR_KEY_OLD!]);
 * ring.sealingKeyId; // id of the first key, written into every new token
 */
export class StateKeyRing {
  private constructor() {}

  /**
   * Builds a ring from 32-byte secrets: `Uint8Array`s, or strings in base64,
   * base64url (padding optional) or 64 hex digits; or from text secrets
   * ({@link StateKeyText}, made by {@link stateKeysFromSecret}). Throws
   * {@link StateKeyError} for an empty list, a secret that is not 32 bytes
   * (or text shorter than 32 characters), or two keys with the same id.
   *
   * @example
   * const ring = await StateKeyRing.fromSecrets([
   *   process.env.MRTR_KEY!, // seals and unseals
   *   { secret: process.env.MRTR_KEY_PREVIOUS!, id: 'k2025' }, // unseals only
   * ]);
   */
  static async fromSecrets(
    secrets: readonly (StateKeySecret | StateKeyInput | StateKeyText)[],
  ): Promise<StateKeyRing> {
    if (secrets.length === 0) {
      throw new StateKeyError(
        'A StateKeyRing needs at least one secret; generate one with `openssl rand -base64 32`',
      );
    }
    const keys: RingKey[] = [];
    for (const [index, input] of secrets.entries()) {
      if (isTextSecret(input)) {
        keys.push(
          await ringKeyOf(encodeTextSecret(input.text, index), undefined, TEXT_SECRET_LABELS, keys, index),
        );
        continue;
      }
      const { secret, id } =
        typeof input === 'string' || input instanceof Uint8Array ? { secret: input } : input;
      if (id !== undefined && !KEY_ID_PATTERN.test(id)) {
        throw new StateKeyError(
          `Key id ${JSON.stringify(id)} (secret #${index}) must be 1-16 characters of A-Z, a-z, 0-9, - and _`,
        );
      }
      keys.push(await ringKeyOf(decodeSecret(secret, index), id, BYTE_SECRET_LABELS, keys, index));
    }
    const ring = new StateKeyRing();
    ringKeys.set(ring, keys);
    return ring;
  }

  /**
   * A ring with one fresh random key, for a single process (tests, stdio). Its
   * tokens cannot be opened by any other process or after a restart; use
   * {@link StateKeyRing.fromSecrets} with a shared secret for anything else.
   *
   * @example
   * const ring = await StateKeyRing.generate();
   */
  static async generate(): Promise<StateKeyRing> {
    return StateKeyRing.fromSecrets([globalThis.crypto.getRandomValues(new Uint8Array(STATE_KEY_BYTES))]);
  }

  /**
   * A fresh random 32-byte secret as base64url, to store in a secret manager
   * and pass to {@link StateKeyRing.fromSecrets} on every instance.
   *
   * @example
   * console.log(StateKeyRing.generateSecret()); // e.g. 'mS0v2c…' (43 characters)
   */
  static generateSecret(): string {
    return encodeBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(STATE_KEY_BYTES)));
  }

  /**
   * Id of the key new tokens are sealed with (the first key).
   *
   * @example
   * const ring = await StateKeyRing.generate();
   * ring.sealingKeyId; // e.g. 'Xb3kQ9aZ'
   */
  get sealingKeyId(): string {
    return keysOf(this)[0]!.id;
  }

  /**
   * Ids of every key, the sealing key first.
   *
   * @example
   * const ring = await StateKeyRing.fromSecrets([newSecret, oldSecret]);
   * ring.keyIds; // [idOfNew, idOfOld]
   */
  get keyIds(): readonly string[] {
    return keysOf(this).map((k) => k.id);
  }
}

/**
 * The same Multi Round-Trip key ring in every process, from a secret they all
 * share (an environment variable, say). Pass the result as the server's
 * `stateKeys`: then a round sealed by one process can be retried on any other,
 * as a load balancer without sticky sessions does. Without it each process
 * seals with its own random key, and a retry that reaches another process is
 * refused ("requestState was sealed with a key this server does not hold").
 *
 * A secret is any text of {@link MIN_STATE_SECRET_LENGTH} (32) characters or
 * more, surrounding whitespace ignored; make one with `openssl rand -base64 32`.
 * Keys are derived with HKDF-SHA-256 under a fixed label, and each key's id
 * from the secret too, so processes agree without coordination. To rotate,
 * pass several secrets, newest first: the first seals, all unseal. Keep the
 * old one until the tokens it sealed have expired (`stateTtlMs`, 10 minutes
 * by default), then drop it. Empty or missing secrets after the first are
 * skipped (a previous secret not set). Throws {@link StateKeyError} when the
 * first is missing, a secret is too short, or one is given twice.
 *
 * @example
 * const server = new McpServer(
 *   { name: 'weather', version: '1.0.0' },
 *   { stateKeys: stateKeysFromSecret(process.env.MCP_STATE_SECRET) },
 * );
 * // Rotating: the new secret first, the old one until its tokens have expired.
 * stateKeysFromSecret([process.env.MCP_STATE_SECRET, process.env.MCP_STATE_SECRET_PREVIOUS]);
 */
export function stateKeysFromSecret(
  secret: string | undefined | readonly (string | undefined)[],
): readonly StateKeyText[] {
  const given = typeof secret === 'string' || secret === undefined ? [secret] : secret;
  const texts: StateKeyText[] = [];
  for (const [index, raw] of given.entries()) {
    const text = raw?.trim() ?? '';
    if (text === '') {
      if (index > 0) continue;
      throw new StateKeyError(
        `stateKeysFromSecret: no secret given${raw === undefined ? '' : ' (an empty string)'}; ` +
          `set the variable you pass (MCP_STATE_SECRET, say) to ${MIN_STATE_SECRET_LENGTH} or more characters, ` +
          'the same in every process: `openssl rand -base64 32` makes one',
      );
    }
    encodeTextSecret(text, index).fill(0);
    if (texts.some((t) => t.text === text)) {
      throw new StateKeyError(`stateKeysFromSecret: secret #${index} repeats an earlier one`);
    }
    texts.push(Object.freeze({ text }));
  }
  return Object.freeze(texts);
}

/** Derives a ring key from secret bytes (zeroed after), refusing an id the ring already has. */
async function ringKeyOf(
  bytes: Uint8Array<ArrayBuffer>,
  explicitId: string | undefined,
  labels: DerivationLabels,
  earlier: readonly RingKey[],
  index: number,
): Promise<RingKey> {
  try {
    const key = await deriveRingKey(bytes, explicitId, labels);
    if (earlier.some((k) => k.id === key.id)) {
      throw new StateKeyError(
        `Secret #${index} has key id ${JSON.stringify(key.id)}, which an earlier secret already has ` +
          '(the same secret twice, or a repeated explicit id)',
      );
    }
    return key;
  } finally {
    bytes.fill(0);
  }
}

function isTextSecret(input: StateKeySecret | StateKeyInput | StateKeyText): input is StateKeyText {
  return typeof input === 'object' && !(input instanceof Uint8Array) && 'text' in input;
}

function encodeTextSecret(text: string, index: number): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string' || text.trim().length < MIN_STATE_SECRET_LENGTH) {
    const got = typeof text === 'string' ? `${text.trim().length} characters` : typeof text;
    throw new StateKeyError(
      `State secret #${index} is ${got}; a secret given as text needs ${MIN_STATE_SECRET_LENGTH} or more ` +
        '(`openssl rand -base64 32` makes one)',
    );
  }
  return encoder.encode(text.trim());
}

function keysOf(ring: StateKeyRing): readonly RingKey[] {
  const keys = ringKeys.get(ring);
  if (keys === undefined) throw new StateKeyError('Not a StateKeyRing built by StateKeyRing.fromSecrets');
  return keys;
}

/** The key new tokens are sealed with. */
export function sealingKeyOf(ring: StateKeyRing): RingKey {
  return keysOf(ring)[0]!;
}

/** The key with this id, if the ring holds one. */
export function unsealingKeyOf(ring: StateKeyRing, id: string): CryptoKey | undefined {
  return keysOf(ring).find((k) => k.id === id)?.key;
}

function decodeSecret(secret: StateKeySecret, index: number): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (secret instanceof Uint8Array) {
    bytes = secret.slice();
  } else if (typeof secret === 'string') {
    const text = secret.trim();
    bytes = HEX_SECRET_PATTERN.test(text) ? decodeHex(text) : decodeBase64Loose(text);
    if (bytes === undefined) {
      throw new StateKeyError(
        `State secret #${index} is not base64, base64url or hex; generate one with \`openssl rand -base64 32\``,
      );
    }
  } else {
    throw new StateKeyError(`State secret #${index} must be a Uint8Array or a string, got ${typeof secret}`);
  }
  if (bytes.length !== STATE_KEY_BYTES) {
    const got = bytes.length;
    bytes.fill(0);
    throw new StateKeyError(
      `State secret #${index} is ${got} bytes; it must be exactly ${STATE_KEY_BYTES} bytes (256 bits). ` +
        'Generate one with `openssl rand -base64 32` or StateKeyRing.generateSecret()',
    );
  }
  return bytes;
}

function decodeHex(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The HKDF `info` labels keys and key ids are derived under. */
interface DerivationLabels {
  readonly encryption: Uint8Array<ArrayBuffer>;
  readonly keyId: Uint8Array<ArrayBuffer>;
}

async function deriveRingKey(
  secret: Uint8Array<ArrayBuffer>,
  explicitId: string | undefined,
  labels: DerivationLabels,
): Promise<RingKey> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const hkdf = (info: Uint8Array<ArrayBuffer>) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info,
  });
  const key = await subtle.deriveKey(hkdf(labels.encryption), base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const id =
    explicitId ??
    encodeBase64Url(new Uint8Array(await subtle.deriveBits(hkdf(labels.keyId), base, KEY_ID_BITS)));
  return { id, key };
}
