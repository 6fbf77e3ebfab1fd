/**
 * Checking a DPoP proof (RFC 9449 section 4.3) on the resource-server side: the
 * `DPoP` header a client sends with a DPoP-bound access token proves it holds
 * the private key the token is bound to, for this one request.
 *
 * What is checked: a single well-formed JWT of type `dpop+jwt`, signed with an
 * accepted asymmetric algorithm by the public key in its own `jwk` header (and
 * no private key material there); `htm` and `htu` naming this request;
 * `iat` within the accepted window; a `jti` of sane length; and `ath`, the
 * hash of the access token it travels with. The key's RFC 7638 thumbprint is
 * returned so the caller can compare it with the token's `cnf.jkt`, and the
 * replay key the caller records (with {@link DpopReplayCache}) once the token
 * checks out, so that a proof is used once.
 */

/** Signing algorithms accepted for proofs by default: the asymmetric JWS ones. */
export const DEFAULT_DPOP_ALGORITHMS: readonly string[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'EdDSA',
  'Ed25519',
]);

/** How far a proof's `iat` may lie from this server's clock by default, in seconds. */
export const DEFAULT_DPOP_MAX_AGE_SECONDS = 60;

/** The request a proof must name. */
export interface DpopRequest {
  /** The HTTP method (`POST`, `GET`, `DELETE`). */
  readonly method: string;
  /** The request's URI as the client addressed it; query and fragment are ignored. */
  readonly url: string;
  /** The access token presented with the proof (its hash is the proof's `ath`). */
  readonly accessToken: string;
}

/** How proofs are judged. */
export interface DpopProofPolicy {
  readonly algorithms: readonly string[];
  readonly maxAgeSeconds: number;
}

/** The longest `jti` accepted: real ones are a UUID or a few dozen random characters. */
const MAX_JTI_LENGTH = 256;

/**
 * The verdict on one proof: the thumbprint of the key that signed it, or why it
 * is refused (an RFC 9449 `invalid_dpop_proof`).
 *
 * @example
 * const verdict = await verifyDpopProof(header, request, policy);
 * if (verdict.ok && verdict.thumbprint !== principal.claims.cnf?.jkt) refuse();
 * else if (verdict.ok && !(await replay.remember(verdict.replay.key, verdict.replay.expiresAt))) refuse();
 */
export type DpopProofVerdict =
  | {
      readonly ok: true;
      readonly thumbprint: string;
      /** What the replay cache remembers for this proof, and until when (ms since the epoch). */
      readonly replay: { readonly key: string; readonly expiresAt: number };
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Where the guard records the proofs it accepted, so each is used once: the
 * in-memory {@link DpopReplayCache} by default (one process), or a store every
 * process shares (`backplane.dpopReplay` from `mcpkit/redis`), so a proof
 * accepted by one process is refused by the others. A store that cannot
 * answer must reject (throw): the guard then refuses the request, never
 * accepts it.
 *
 * @example
 * const seen = new Set<string>();
 * const replay: DpopReplayStore = {
 *   remember: async (key) => (seen.has(key) ? false : (seen.add(key), true)),
 * };
 * new McpServer(info, { auth: { ...auth, dpop: { replay } } });
 */
export interface DpopReplayStore {
  /**
   * Records `key` until `untilMs` (ms since the epoch). Resolves true the
   * first time, false when it is already recorded (a replay); atomic across
   * everyone sharing the store.
   */
  remember(key: string, untilMs: number): Promise<boolean>;
}

/**
 * Remembers the `jti` of every accepted proof until it could no longer be
 * accepted anyway (its `iat` left the window), so a captured proof cannot be
 * replayed. Bounded: past `maxEntries` the oldest entries go first, so keep the
 * bound above the proofs a server accepts in one window. Only proofs that came
 * with a valid token bound to their key are recorded (the guard records after
 * checking the token), so filling it takes valid credentials.
 *
 * @example
 * const replay = new DpopReplayCache();
 * replay.firstUse(`${thumbprint}:${jti}`, Date.now() + 120_000); // true, then false
 */
export class DpopReplayCache implements DpopReplayStore {
  private readonly entries = new Map<string, number>();
  /** Insertion order, oldest first from `head`: pruning reads from the front without scanning. */
  private order: { key: string; expiresAt: number }[] = [];
  private head = 0;

  constructor(private readonly maxEntries = 100_000) {
    if (!(Number.isSafeInteger(maxEntries) && maxEntries > 0)) {
      throw new RangeError(`The DPoP replay cache needs a positive size; got ${String(maxEntries)}`);
    }
  }

  /**
   * {@link DpopReplayStore.remember} for one process: {@link firstUse}, as a promise.
   *
   * @example
   * await replay.remember(`${thumbprint}:${jti}`, Date.now() + 120_000); // true, then false
   */
  remember(key: string, untilMs: number): Promise<boolean> {
    return Promise.resolve(this.firstUse(key, untilMs));
  }

  /** True the first time `key` is offered (until `expiresAt`, ms since the epoch); false for a replay. */
  firstUse(key: string, expiresAt: number): boolean {
    const now = Date.now();
    const known = this.entries.get(key);
    if (known !== undefined && known > now) return false;
    this.prune(now);
    this.entries.set(key, expiresAt);
    this.order.push({ key, expiresAt });
    return true;
  }

  /**
   * Drops entries from the oldest end while they have expired, then the oldest ones while the
   * cache is full. Entries arrive in roughly the order they expire, so this is a constant amount
   * of work per proof on average, however full the cache is.
   */
  private prune(now: number): void {
    while (this.head < this.order.length) {
      const oldest = this.order[this.head]!;
      if (oldest.expiresAt > now && this.entries.size < this.maxEntries) break;
      // A key offered again after it expired has a newer entry; only its own record goes.
      if (this.entries.get(oldest.key) === oldest.expiresAt) this.entries.delete(oldest.key);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}

type Jose = typeof import('jose');
let jose: Promise<Jose> | undefined;

/** jose, loaded on the first proof: servers that never see DPoP never load it. */
function loadJose(): Promise<Jose> {
  jose ??= import('jose');
  return jose;
}

const PRIVATE_KEY_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/**
 * Checks one `DPoP` header value against the request it came with.
 *
 * @example
 * const verdict = await verifyDpopProof(request.headers.get('dpop')!, {
 *   method: 'POST',
 *   url: 'https://mcp.example.com/mcp',
 *   accessToken,
 * }, { algorithms: DEFAULT_DPOP_ALGORITHMS, maxAgeSeconds: 60 });
 */
export async function verifyDpopProof(
  proof: string,
  request: DpopRequest,
  policy: DpopProofPolicy,
): Promise<DpopProofVerdict> {
  const { decodeProtectedHeader, importJWK, jwtVerify, calculateJwkThumbprint } = await loadJose();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return refused('The DPoP proof is not a JWT');
  }
  if (header.typ !== 'dpop+jwt') return refused('The DPoP proof must have the type dpop+jwt');
  if (typeof header.alg !== 'string' || !policy.algorithms.includes(header.alg)) {
    return refused(
      `The DPoP proof is signed with an algorithm this server does not accept (${String(header.alg)})`,
    );
  }
  const jwk = header.jwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    return refused('The DPoP proof carries no public key (jwk header)');
  }
  if (PRIVATE_KEY_MEMBERS.some((member) => member in jwk)) {
    return refused('The DPoP proof jwk header must hold a public key only');
  }

  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, {
      typ: 'dpop+jwt',
      algorithms: [...policy.algorithms],
    }));
  } catch (error) {
    return refused(`The DPoP proof signature does not verify (${describe(error)})`);
  }

  if (typeof payload.jti !== 'string' || payload.jti === '') return refused('The DPoP proof has no jti');
  if (payload.jti.length > MAX_JTI_LENGTH) return refused('The DPoP proof jti is too long');
  if (payload.htm !== request.method) {
    return refused(`The DPoP proof names the method ${String(payload.htm)}, not ${request.method}`);
  }
  if (typeof payload.htu !== 'string' || !sameTarget(payload.htu, request.url)) {
    return refused('The DPoP proof names another URI (htu) than this request');
  }
  const now = Date.now() / 1000;
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) {
    return refused('The DPoP proof has no issue time (iat)');
  }
  if (Math.abs(now - payload.iat) > policy.maxAgeSeconds) {
    return refused('The DPoP proof was issued too long ago or in the future (iat)');
  }
  if (payload.ath !== (await accessTokenHash(request.accessToken))) {
    return refused('The DPoP proof was made for another access token (ath)');
  }

  let thumbprint: string;
  try {
    thumbprint = await calculateJwkThumbprint(jwk, 'sha256');
  } catch (error) {
    return refused(`The DPoP proof key has no thumbprint (${describe(error)})`);
  }
  // Kept past the whole window the proof could be accepted in, either side of now.
  const expiresAt = (payload.iat + policy.maxAgeSeconds) * 1000 + 1000;
  return { ok: true, thumbprint, replay: { key: `${thumbprint}:${payload.jti}`, expiresAt } };
}

/** base64url(SHA-256(token)), the `ath` a proof for `token` carries. */
async function accessTokenHash(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The same scheme, host, port and path (RFC 9449: query and fragment are ignored). */
function sameTarget(htu: string, url: string): boolean {
  if (!URL.canParse(htu) || !URL.canParse(url)) return false;
  const a = new URL(htu);
  const b = new URL(url);
  return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
}

function refused(reason: string): DpopProofVerdict {
  return { ok: false, reason };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
