import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { RequestStateRejectedError, StateTooLargeError } from './errors.js';
import { StateKeyRing } from './keys.js';
import {
  createStateBinding,
  DEFAULT_STATE_TTL_MS,
  MAX_STATE_TOKEN_LENGTH,
  type StateBinding,
  sealState,
  unsealState,
} from './seal.js';

const SECRET_A = encodeBase64Url(new Uint8Array(32).map((_, i) => i + 1));
const SECRET_B = encodeBase64Url(new Uint8Array(32).map((_, i) => 200 - i));
const NOW = 1_750_000_000_000;
const PARAMS = { name: 'deploy', arguments: { env: 'prod', replicas: 3 } };
const PAYLOAD = {
  v: 1,
  entries: [{ kind: 'elicitation', fingerprint: '0011223344556677', answer: { action: 'accept' } }],
};
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let ring: StateKeyRing;
let binding: StateBinding;
let token: string;

beforeAll(async () => {
  ring = await StateKeyRing.fromSecrets([SECRET_A]);
  binding = await createStateBinding('tools/call', PARAMS);
  token = await sealState(ring, PAYLOAD, binding, { now: NOW });
});

describe('sealState / unsealState', () => {
  it('round-trips the payload with its key id and lifetime', async () => {
    expect(token.startsWith(`mrtr1.${ring.sealingKeyId}.`)).toBe(true);
    expect(token.split('.')).toHaveLength(3);
    expect(token).not.toContain('fingerprint'); // the payload is encrypted, not just signed
    const opened = await unsealState(ring, token, binding, NOW + 1);
    expect(opened).toEqual({
      ok: true,
      payload: PAYLOAD,
      keyId: ring.sealingKeyId,
      issuedAt: NOW,
      expiresAt: NOW + DEFAULT_STATE_TTL_MS,
    });
  });

  it('uses a fresh nonce every time', async () => {
    const again = await sealState(ring, PAYLOAD, binding, { now: NOW });
    expect(again).not.toBe(token);
    expect((await unsealState(ring, again, binding, NOW)).ok).toBe(true);
  });

  it('reports any changed byte of the sealed body as tampered', async () => {
    const [prefix, kid, body] = token.split('.') as [string, string, string];
    const bytes = decodeBase64Url(body)!;
    for (let i = 0; i < bytes.length; i++) {
      const edited = bytes.slice();
      edited[i] = edited[i]! ^ 0x01;
      const opened = await unsealState(ring, `${prefix}.${kid}.${encodeBase64Url(edited)}`, binding, NOW);
      expect(opened, `byte ${i}`).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('refuses a token with any one character changed', async () => {
    for (let i = 0; i < token.length; i++) {
      const at = ALPHABET.indexOf(token[i]!);
      for (const replacement of [ALPHABET[(at + 1) % 64]!, ALPHABET[(at + 33) % 64]!, '.', '=', '\u00e9']) {
        if (replacement === token[i]) continue;
        const edited = token.slice(0, i) + replacement + token.slice(i + 1);
        const opened = await unsealState(ring, edited, binding, NOW);
        expect(opened.ok, `position ${i} -> ${replacement}`).toBe(false);
        if (opened.ok) continue;
        // Editing the key id can only make it name a key the ring does not hold.
        const inKeyId = i > 5 && i <= 5 + ring.sealingKeyId.length;
        expect(inKeyId ? ['unknown-key', 'malformed'] : ['tampered', 'malformed']).toContain(opened.reason);
      }
    }
  });

  it('refuses truncated, extended and foreign tokens without throwing', async () => {
    const cases: unknown[] = [
      `${token}-TAMPERED`,
      token.slice(0, -1),
      token.slice(0, -4),
      `${token}.x`,
      token.replace('mrtr1.', 'mrtr2.'),
      token.replace('mrtr1.', ''),
      `mrtr1.${ring.sealingKeyId}.`,
      `mrtr1.${ring.sealingKeyId}.AAAA`,
      '',
      'eyJyZXNvbHV0aW9uIjoiRHVwbGljYXRlIn0',
      undefined,
      null,
      42,
      { token },
    ];
    for (const candidate of cases) {
      const opened = await unsealState(ring, candidate, binding, NOW);
      expect(opened.ok, String(candidate)).toBe(false);
      if (!opened.ok) expect(['tampered', 'malformed']).toContain(opened.reason);
    }
  });

  it('reports a token from another method, other params or another principal as wrong-binding', async () => {
    const others: StateBinding[] = [
      await createStateBinding('prompts/get', PARAMS),
      await createStateBinding('tools/call', { ...PARAMS, name: 'destroy' }),
      await createStateBinding('tools/call', { ...PARAMS, arguments: { env: 'prod', replicas: 30 } }),
      await createStateBinding('tools/call', { name: 'deploy' }),
      await createStateBinding('tools/call', PARAMS, 'mallory'),
    ];
    for (const other of others) {
      expect(await unsealState(ring, token, other, NOW)).toEqual({ ok: false, reason: 'wrong-binding' });
    }
    const forAlice = await sealState(ring, PAYLOAD, await createStateBinding('tools/call', PARAMS, 'alice'), {
      now: NOW,
    });
    expect(
      await unsealState(ring, forAlice, await createStateBinding('tools/call', PARAMS, 'alice'), NOW),
    ).toMatchObject({ ok: true });
    for (const who of ['bob', undefined]) {
      const other = await createStateBinding('tools/call', PARAMS, who);
      expect(await unsealState(ring, forAlice, other, NOW)).toEqual({ ok: false, reason: 'wrong-binding' });
    }
  });

  it('keeps the binding when only _meta, inputResponses or requestState (or key order) change', async () => {
    const retry = {
      arguments: { replicas: 3, env: 'prod' },
      name: 'deploy',
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
      },
      inputResponses: { e0: { action: 'accept', content: { ok: true } } },
      requestState: token,
    };
    const retryBinding = await createStateBinding('tools/call', retry);
    expect(retryBinding).toEqual(binding);
    expect((await unsealState(ring, token, retryBinding, NOW)).ok).toBe(true);
  });

  it('expires at the sealed expiry, default or configured', async () => {
    expect((await unsealState(ring, token, binding, NOW + DEFAULT_STATE_TTL_MS - 1)).ok).toBe(true);
    expect(await unsealState(ring, token, binding, NOW + DEFAULT_STATE_TTL_MS)).toEqual({
      ok: false,
      reason: 'expired',
    });
    const short = await sealState(ring, PAYLOAD, binding, { now: NOW, ttlMs: 5_000 });
    expect(await unsealState(ring, short, binding, NOW + 4_999)).toMatchObject({
      ok: true,
      expiresAt: NOW + 5_000,
    });
    expect(await unsealState(ring, short, binding, NOW + 5_000)).toEqual({ ok: false, reason: 'expired' });
    await expect(sealState(ring, PAYLOAD, binding, { ttlMs: 0 })).rejects.toThrow(RangeError);
    await expect(sealState(ring, PAYLOAD, binding, { ttlMs: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('rotates keys: [new, old] opens old tokens and seals with new; [new] alone does not know old', async () => {
    const oldRing = await StateKeyRing.fromSecrets([SECRET_A]);
    const rotated = await StateKeyRing.fromSecrets([SECRET_B, SECRET_A]);
    const newOnly = await StateKeyRing.fromSecrets([SECRET_B]);
    const oldToken = await sealState(oldRing, PAYLOAD, binding, { now: NOW });

    expect(await unsealState(rotated, oldToken, binding, NOW)).toMatchObject({
      ok: true,
      keyId: oldRing.sealingKeyId,
    });
    expect(await unsealState(newOnly, oldToken, binding, NOW)).toEqual({ ok: false, reason: 'unknown-key' });

    const newToken = await sealState(rotated, PAYLOAD, binding, { now: NOW });
    expect(newToken.split('.')[1]).toBe(newOnly.sealingKeyId);
    expect(await unsealState(newOnly, newToken, binding, NOW)).toMatchObject({ ok: true, payload: PAYLOAD });
    expect(await unsealState(oldRing, newToken, binding, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('lets two processes with the same secret open each other’s tokens', async () => {
    const processA = await StateKeyRing.fromSecrets([SECRET_A]);
    const processB = await StateKeyRing.fromSecrets([decodeBase64Url(SECRET_A)!]);
    const fromA = await sealState(processA, PAYLOAD, binding, { now: NOW });
    const fromB = await sealState(processB, { other: true }, binding, { now: NOW });
    expect(await unsealState(processB, fromA, binding, NOW)).toMatchObject({ ok: true, payload: PAYLOAD });
    expect(await unsealState(processA, fromB, binding, NOW)).toMatchObject({
      ok: true,
      payload: { other: true },
    });
  });

  it('reports a token under the same key id but another secret as tampered', async () => {
    const mine = await StateKeyRing.fromSecrets([{ secret: SECRET_A, id: 'shared' }]);
    const theirs = await StateKeyRing.fromSecrets([{ secret: SECRET_B, id: 'shared' }]);
    const theirToken = await sealState(theirs, PAYLOAD, binding, { now: NOW });
    expect(await unsealState(mine, theirToken, binding, NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses to seal past the size limit and to open tokens past it', async () => {
    const big = { blob: 'x'.repeat(MAX_STATE_TOKEN_LENGTH) };
    const attempt = sealState(ring, big, binding);
    await expect(attempt).rejects.toBeInstanceOf(StateTooLargeError);
    await expect(sealState(ring, big, binding)).rejects.toThrow(/over the limit of 262144/);

    const medium = await sealState(ring, { blob: 'x'.repeat(2_000) }, binding, { now: NOW });
    expect(medium.length).toBeGreaterThan(2_000);
    expect((await unsealState(ring, medium, binding, NOW)).ok).toBe(true);
    expect(await unsealState(ring, medium, binding, NOW, { maxTokenLength: 1_000 })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    await expect(
      sealState(ring, { blob: 'x'.repeat(2_000) }, binding, { maxTokenLength: 1_000 }),
    ).rejects.toThrow(StateTooLargeError);
    const oversized = `${token}${'A'.repeat(MAX_STATE_TOKEN_LENGTH)}`;
    expect(await unsealState(ring, oversized, binding, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('predicts the token length exactly when checking the limit', async () => {
    for (const n of [0, 1, 2, 3, 100]) {
      const sealed = await sealState(ring, 'y'.repeat(n), binding, { now: NOW });
      await expect(
        sealState(ring, 'y'.repeat(n), binding, { now: NOW, maxTokenLength: sealed.length }),
      ).resolves.toHaveLength(sealed.length);
      await expect(
        sealState(ring, 'y'.repeat(n), binding, { now: NOW, maxTokenLength: sealed.length - 1 }),
      ).rejects.toThrow(StateTooLargeError);
    }
  });

  it('refuses to seal undefined', async () => {
    await expect(sealState(ring, undefined, binding)).rejects.toThrow(TypeError);
  });
});

describe('RequestStateRejectedError', () => {
  it('is a -32602 that names the reason and the way out', () => {
    const err = new RequestStateRejectedError('expired');
    expect(err.code).toBe(-32602);
    expect(err.reason).toBe('expired');
    expect(err.message).toMatch(/expired; retry the request without requestState/);
    expect(err.toJSON()).toEqual({ code: -32602, message: err.message, data: { reason: 'expired' } });
  });
});
