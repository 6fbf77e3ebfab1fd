/**
 * Fuzzing the sealed Multi Round-Trip state (server/mrtr/seal.ts, keys from
 * `stateKeysFromSecret`): a token opens to the payload sealed into it, on the request it was
 * issued for, under any ring built from the same secret; any flipped bit, changed character or
 * truncation is refused, as is the token replayed under another method, other params, another
 * principal or another secret; and no string at all makes unsealing throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../src/server/mrtr/base64url.js';
import { StateKeyRing, stateKeysFromSecret } from '../../src/server/mrtr/keys.js';
import { createStateBinding, sealState, unsealState } from '../../src/server/mrtr/seal.js';
import { jsonObject, jsonValue, pathsOf, replaceAt } from './arbitraries.js';
import { fuzzParams } from './fuzz-config.js';

const NOW = 1_780_000_000_000;

/** A shared secret as an operator would set it: 32 or more printable characters. */
const secret = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='),
  minLength: 32,
  maxLength: 48,
});

/** Params of a retried request: name and arguments bind; `_meta`, `inputResponses` and `requestState` do not. */
const params = fc.record({ name: fc.string({ maxLength: 8 }), arguments: jsonObject });
const method = fc.constantFrom('tools/call', 'prompts/get', 'resources/read');

/** One ring per secret: deriving keys costs a few ms, and a ring is what a server builds once. */
const rings = new Map<string, Promise<StateKeyRing>>();
function ringOf(text: string): Promise<StateKeyRing> {
  let ring = rings.get(text);
  if (ring === undefined) {
    ring = StateKeyRing.fromSecrets(stateKeysFromSecret(text));
    rings.set(text, ring);
  }
  return ring;
}

/** A sealed token and everything it was sealed with. */
const sealed = fc
  .tuple(fc.constantFrom('a'.repeat(32), 'another secret of thirty-two chars!'), method, params, jsonValue)
  .map(async ([text, m, p, payload]) => {
    const ring = await ringOf(text);
    const binding = await createStateBinding(m, p);
    const token = await sealState(ring, payload, binding, { now: NOW });
    return { text, ring, method: m, params: p, binding, payload, token };
  });

describe('the sealed MRTR state under fuzzing', () => {
  it('opens to the payload it sealed, on its request, under any ring from the same secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        method,
        params,
        jsonValue,
        fc.dictionary(fc.string(), jsonValue),
        async (text, m, p, payload, meta) => {
          const ring = await StateKeyRing.fromSecrets(stateKeysFromSecret(`  ${text}\n`));
          const token = await sealState(ring, payload, await createStateBinding(m, p), { now: NOW });
          // Another process with the same secret; the retry adds _meta, inputResponses and the state.
          const other = await ringOf(text);
          const retry = { ...p, _meta: meta, inputResponses: {}, requestState: token };
          const opened = await unsealState(other, token, await createStateBinding(m, retry), NOW + 1);
          expect(opened).toMatchObject({ ok: true, keyId: ring.sealingKeyId });
          expect((opened as { payload: unknown }).payload).toEqual(payload);
        },
      ),
      fuzzParams(40),
    );
  });

  it('refuses any bit flipped in the sealed body', async () => {
    await fc.assert(
      fc.asyncProperty(sealed, fc.nat(), fc.nat({ max: 7 }), async (made, at, bit) => {
        const { ring, binding, token } = await made;
        const [prefix, kid, body] = token.split('.') as [string, string, string];
        const bytes = decodeBase64Url(body)!;
        bytes[at % bytes.length]! ^= 1 << bit;
        const opened = await unsealState(ring, `${prefix}.${kid}.${encodeBase64Url(bytes)}`, binding, NOW);
        expect(opened).toEqual({ ok: false, reason: 'tampered' });
      }),
      fuzzParams(150),
    );
  });

  it('refuses the token with any character changed, or cut short anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        sealed,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        fc.boolean(),
        async (made, at, char, truncate) => {
          const { ring, binding, token } = await made;
          const i = at % token.length;
          fc.pre(truncate || token[i] !== char);
          const edited = truncate ? token.slice(0, i) : token.slice(0, i) + char + token.slice(i + 1);
          const opened = await unsealState(ring, edited, binding, NOW);
          expect(opened.ok).toBe(false);
          expect(['malformed', 'unknown-key', 'tampered']).toContain((opened as { reason: string }).reason);
        },
      ),
      fuzzParams(200),
    );
  });

  it('refuses the token replayed under another method, other params or another principal', async () => {
    const elsewhere = sealed.chain((made) =>
      fc.oneof(
        method.map((m) => ({ made, replay: { method: m, params: undefined, principal: undefined } })),
        fc
          .string()
          .map((principal) => ({ made, replay: { method: undefined, params: undefined, principal } })),
        fc.constant(made).chain((pending) =>
          fc
            .tuple(
              fc.constantFrom(...pathsOf({ name: '', arguments: {} }).concat([['arguments', 'x']])),
              jsonValue,
            )
            .map(([path, value]) => ({
              made: pending,
              replay: { method: undefined, params: { path, value }, principal: undefined },
            })),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(elsewhere, async ({ made, replay }) => {
        const { ring, token, method: m, params: p } = await made;
        const otherParams =
          replay.params === undefined
            ? p
            : (replaceAt(p, replay.params.path, replay.params.value) as Record<string, unknown>);
        const otherMethod = replay.method ?? m;
        const binding = await createStateBinding(otherMethod, otherParams, replay.principal);
        const opened = await unsealState(ring, token, binding, NOW);
        // replaceAt keeps the order of keys, so equal params serialize alike.
        const same =
          otherMethod === m &&
          replay.principal === undefined &&
          JSON.stringify(otherParams) === JSON.stringify(p);
        expect(opened.ok ? 'ok' : (opened as { reason: string }).reason).toBe(same ? 'ok' : 'wrong-binding');
      }),
      fuzzParams(150),
    );
  });

  it('refuses a token sealed under another secret, and never throws on any string', async () => {
    await fc.assert(
      fc.asyncProperty(sealed, secret, fc.string({ maxLength: 80 }), async (made, otherText, junk) => {
        const { text, binding, token } = await made;
        fc.pre(otherText !== text);
        const other = await ringOf(otherText);
        expect(await unsealState(other, token, binding, NOW)).toMatchObject({ ok: false });
        for (const candidate of [junk, `mrtr1.${junk}`, `mrtr1.${other.sealingKeyId}.${junk}`]) {
          expect(await unsealState(other, candidate, binding, NOW)).toMatchObject({ ok: false });
        }
      }),
      fuzzParams(100),
    );
  });
});
