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

/** A key of a ring: its id and the AES-GCM key behind it. */
interface RingKey {
  readonly id: string;
  readonly key: CryptoKey;
}

/** Shape of a key id. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
const HEX_SECRET_PATTERN = /^[0-9a-fA-F]{64}$/;
const ENCRYPTION_INFO = new TextEncoder().encode('mcpkit mrtr request-state aes-256-gcm v1');
const KEY_ID_INFO = new TextEncoder().encode('mcpkit mrtr request-state key-id v1');
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
   * base64url (padding optional) or 64 hex digits. Throws
   * {@link StateKeyError} for an empty list, a secret that is not 32 bytes,
   * or two keys with the same id.
   *
   * @example
   * const ring = await StateKeyRing.fromSecrets([
   *   process.env.MRTR_KEY!, // seals and unseals
   *   { secret: process.env.MRTR_KEY_PREVIOUS!, id: 'k2025' }, // unseals only
   * ]);
   */
  static async fromSecrets(secrets: readonly (StateKeySecret | StateKeyInput)[]): Promise<StateKeyRing> {
    if (secrets.length === 0) {
      throw new StateKeyError(
        'A StateKeyRing needs at least one secret; generate one with `openssl rand -base64 32`',
      );
    }
    const keys: RingKey[] = [];
    for (const [index, input] of secrets.entries()) {
      const { secret, id } =
        typeof input === 'string' || input instanceof Uint8Array ? { secret: input } : input;
      if (id !== undefined && !KEY_ID_PATTERN.test(id)) {
        throw new StateKeyError(
          `Key id ${JSON.stringify(id)} (secret #${index}) must be 1-16 characters of A-Z, a-z, 0-9, - and _`,
        );
      }
      const bytes = decodeSecret(secret, index);
      try {
        const key = await deriveRingKey(bytes, id);
        if (keys.some((k) => k.id === key.id)) {
          throw new StateKeyError(
            `Secret #${index} has key id ${JSON.stringify(key.id)}, which an earlier secret already has ` +
              '(the same secret twice, or a repeated explicit id)',
          );
        }
        keys.push(key);
      } finally {
        bytes.fill(0);
      }
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

async function deriveRingKey(
  secret: Uint8Array<ArrayBuffer>,
  explicitId: string | undefined,
): Promise<RingKey> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const hkdf = (info: Uint8Array) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info });
  const key = await subtle.deriveKey(hkdf(ENCRYPTION_INFO), base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const id =
    explicitId ??
    encodeBase64Url(new Uint8Array(await subtle.deriveBits(hkdf(KEY_ID_INFO), base, KEY_ID_BITS)));
  return { id, key };
}
