import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64url.js';
import { StateKeyError } from './errors.js';
import { STATE_KEY_BYTES, StateKeyRing, sealingKeyOf, stateKeysFromSecret, unsealingKeyOf } from './keys.js';

function secretBytes(fill: number): Uint8Array {
  return new Uint8Array(STATE_KEY_BYTES).map((_, i) => (fill + i * 7) & 0xff);
}

function toBase64(bytes: Uint8Array): string {
  return (
    encodeBase64Url(bytes).replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((3 - (bytes.length % 3)) % 3)
  );
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('StateKeyRing', () => {
  it('derives the same key id from a secret in any of its encodings', async () => {
    const bytes = secretBytes(1);
    const rings = await Promise.all([
      StateKeyRing.fromSecrets([bytes]),
      StateKeyRing.fromSecrets([encodeBase64Url(bytes)]),
      StateKeyRing.fromSecrets([`${toBase64(bytes)}\n`]),
      StateKeyRing.fromSecrets([toHex(bytes)]),
      StateKeyRing.fromSecrets([toHex(bytes).toUpperCase()]),
    ]);
    const ids = rings.map((r) => r.sealingKeyId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('gives different secrets different ids, lists them in order, seals with the first', async () => {
    const ring = await StateKeyRing.fromSecrets([
      secretBytes(1),
      secretBytes(2),
      { secret: secretBytes(3), id: 'old-2024' },
    ]);
    expect(ring.keyIds).toHaveLength(3);
    expect(new Set(ring.keyIds).size).toBe(3);
    expect(ring.keyIds[2]).toBe('old-2024');
    expect(ring.sealingKeyId).toBe(ring.keyIds[0]);
    expect(sealingKeyOf(ring).id).toBe(ring.keyIds[0]);
    for (const id of ring.keyIds) expect(unsealingKeyOf(ring, id)).toBeDefined();
    expect(unsealingKeyOf(ring, 'nope')).toBeUndefined();
  });

  it('refuses secrets that are not 32 bytes, with a message that says so', async () => {
    for (const size of [0, 16, 31, 33, 64]) {
      const attempt = StateKeyRing.fromSecrets([new Uint8Array(size)]);
      await expect(attempt).rejects.toBeInstanceOf(StateKeyError);
      await expect(StateKeyRing.fromSecrets([new Uint8Array(size)])).rejects.toThrow(
        `is ${size} bytes; it must be exactly 32 bytes`,
      );
    }
    await expect(StateKeyRing.fromSecrets([encodeBase64Url(new Uint8Array(24))])).rejects.toThrow(/24 bytes/);
    await expect(StateKeyRing.fromSecrets(['hunter2 is my password'])).rejects.toThrow(/not base64/);
  });

  it('refuses an empty ring, duplicate keys and bad explicit ids', async () => {
    await expect(StateKeyRing.fromSecrets([])).rejects.toThrow(/at least one secret/);
    await expect(StateKeyRing.fromSecrets([secretBytes(1), encodeBase64Url(secretBytes(1))])).rejects.toThrow(
      /already has/,
    );
    await expect(
      StateKeyRing.fromSecrets([
        { secret: secretBytes(1), id: 'k1' },
        { secret: secretBytes(2), id: 'k1' },
      ]),
    ).rejects.toThrow(/already has/);
    await expect(StateKeyRing.fromSecrets([{ secret: secretBytes(1), id: 'has.dot' }])).rejects.toThrow(
      StateKeyError,
    );
    await expect(StateKeyRing.fromSecrets([{ secret: secretBytes(1), id: '' }])).rejects.toThrow(
      StateKeyError,
    );
  });

  it('leaves the caller’s secret bytes untouched', async () => {
    const bytes = secretBytes(5);
    const copy = bytes.slice();
    await StateKeyRing.fromSecrets([bytes]);
    expect(bytes).toEqual(copy);
  });

  it('generates random rings and secrets', async () => {
    const [a, b] = await Promise.all([StateKeyRing.generate(), StateKeyRing.generate()]);
    expect(a.sealingKeyId).not.toBe(b.sealingKeyId);
    const secret = StateKeyRing.generateSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(StateKeyRing.generateSecret());
    const ring = await StateKeyRing.fromSecrets([secret]);
    expect(ring.keyIds).toHaveLength(1);
  });
});

describe('stateKeysFromSecret', () => {
  const secret = 'correct horse battery staple, and then some more';

  it('builds the same ring, with the same key id, in every process from the same secret', async () => {
    const [a, b] = await Promise.all([
      StateKeyRing.fromSecrets(stateKeysFromSecret(secret)),
      StateKeyRing.fromSecrets(stateKeysFromSecret(`  ${secret}\n`)),
    ]);
    expect(a.sealingKeyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(b.keyIds).toEqual(a.keyIds);
    const other = await StateKeyRing.fromSecrets(stateKeysFromSecret(`${secret}!`));
    expect(other.sealingKeyId).not.toBe(a.sealingKeyId);
  });

  it('derives other keys from text than from the same characters read as a 32-byte secret', async () => {
    const base64 = StateKeyRing.generateSecret(); // 43 characters: usable both ways
    const asBytes = await StateKeyRing.fromSecrets([base64]);
    const asText = await StateKeyRing.fromSecrets(stateKeysFromSecret(base64));
    expect(asText.sealingKeyId).not.toBe(asBytes.sealingKeyId);
  });

  it('takes several secrets newest first, skipping a previous one that is not set', async () => {
    const older = 'an older secret of more than thirty-two characters';
    const ring = await StateKeyRing.fromSecrets(stateKeysFromSecret([secret, older]));
    const newest = await StateKeyRing.fromSecrets(stateKeysFromSecret(secret));
    expect(ring.keyIds).toHaveLength(2);
    expect(ring.sealingKeyId).toBe(newest.sealingKeyId);
    expect(stateKeysFromSecret([secret, undefined, ''])).toEqual([{ text: secret }]);
  });

  it('refuses a missing, short or repeated secret, saying what to do', async () => {
    expect(() => stateKeysFromSecret(undefined)).toThrow(StateKeyError);
    expect(() => stateKeysFromSecret(undefined)).toThrow(/no secret given; set the variable/);
    expect(() => stateKeysFromSecret('')).toThrow(/no secret given \(an empty string\)/);
    expect(() => stateKeysFromSecret([undefined, secret])).toThrow(/no secret given/);
    expect(() => stateKeysFromSecret('x'.repeat(31))).toThrow(/is 31 characters; .* needs 32 or more/);
    expect(() => stateKeysFromSecret([secret, 'short'])).toThrow(/#1 is 5 characters/);
    expect(() => stateKeysFromSecret([secret, ` ${secret}`])).toThrow(/#1 repeats an earlier one/);
    await expect(StateKeyRing.fromSecrets([{ text: 'short' }])).rejects.toThrow(StateKeyError);
  });
});
