/**
 * Shallow copies for the per-message hot path.
 *
 * Why not `{ ...source }`: on the serving path a spread copy that then gained
 * more properties (`{ ...result }` plus `resultType`, `{ ...headers }` plus
 * `content-length`) left objects behind that V8's young-generation collector
 * kept copying and then promoted. Measured on the bench server (HTTP echo,
 * 16 connections): bytes surviving each scavenge fell from about 120 KB to
 * about 4 KB, the bare `node:http` responder's level, once those two copies
 * were made key by key. Survivors are what makes V8 grow its young generation,
 * so they decide the process's RSS under load (docs/performance.md).
 */

/**
 * A new plain object with the own enumerable string-keyed properties of
 * `source` (all a JSON message can hold), or an empty one for `undefined`.
 *
 * @example
 * const out = copyObject(result);
 * out.resultType = 'complete'; // `result` is unchanged
 */
export function copyObject<T extends object>(source: T | undefined): T & Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (source !== undefined) assignObject(out, source);
  return out as T & Record<string, unknown>;
}

/**
 * Copies the own enumerable string-keyed properties of `source` onto `target`
 * and returns `target`; `Object.assign` for one source, without the spread
 * path's cost described above.
 *
 * @example
 * const headers = assignObject(copyObject(base), extraHeaders);
 */
export function assignObject<T extends object>(target: T, source: object | undefined): T {
  if (source === undefined) return target;
  const from = source as Record<string, unknown>;
  const to = target as Record<string, unknown>;
  for (const key of Object.keys(from)) {
    // An own `__proto__` key (JSON.parse makes them) must stay a plain property, as spread keeps
    // it; assigning it would set the prototype and let inherited values stand in for real ones.
    if (key === '__proto__') {
      Object.defineProperty(to, key, {
        value: from[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else to[key] = from[key];
  }
  return target;
}
