/**
 * Frozen JSON kept once per process however often the same data arrives: an agent or gateway
 * holding a hundred sessions of one server caches one copy of its tool listing, not a hundred.
 *
 * Data is matched by content: a hash picks the candidate, a full comparison (member order
 * included) confirms it, so two different values never share. What is shared is frozen, so no
 * holder can change it under another. Entries are held weakly: data nobody holds any more is
 * collected as before.
 */
import { frozenJsonCopy, MAX_COPY_DEPTH } from './frozen-json.js';

/** At most this many values are remembered (the oldest is forgotten first). */
const MAX_REMEMBERED = 1024;

const remembered = new Map<number, WeakRef<object>>();
const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<number>((hash) => {
        if (remembered.get(hash)?.deref() === undefined) remembered.delete(hash);
      })
    : undefined;

/**
 * A deep, frozen copy of JSON-shaped `value` (as {@link frozenJsonCopy}), or the copy made
 * earlier of data equal to it, member order included. Use it for data many holders keep and
 * only read.
 *
 * @example
 * const a = sharedFrozenJson({ tools: [{ name: 'echo' }] });
 * const b = sharedFrozenJson({ tools: [{ name: 'echo' }] });
 * a === b; // true, and frozen
 */
export function sharedFrozenJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null || typeof WeakRef !== 'function')
    return frozenJsonCopy(value);
  const hash = hashOf(value, 0, FNV_OFFSET);
  if (hash === undefined) return frozenJsonCopy(value);
  const held = remembered.get(hash)?.deref();
  if (held !== undefined && sameJson(held, value, 0)) return held as T;
  const copy = frozenJsonCopy(value) as object;
  if (remembered.size >= MAX_REMEMBERED && !remembered.has(hash)) forgetOldest();
  remembered.set(hash, new WeakRef(copy));
  registry?.register(copy, hash);
  return copy as T;
}

/** Drops collected entries; when none was, the oldest one. */
function forgetOldest(): void {
  for (const [hash, ref] of remembered) if (ref.deref() === undefined) remembered.delete(hash);
  if (remembered.size < MAX_REMEMBERED) return;
  const oldest = remembered.keys().next();
  if (!oldest.done) remembered.delete(oldest.value);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

function mixString(hash: number, text: string): number {
  let h = mix(hash, text.length);
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return h;
}

/** FNV-1a over the value's structure (type marks, member names in order, values); undefined when too deep. */
function hashOf(value: unknown, depth: number, hash: number): number | undefined {
  switch (typeof value) {
    case 'string':
      return mixString(mix(hash, 0x73), value);
    case 'number':
      return mixString(mix(hash, 0x6e), String(value));
    case 'boolean':
      return mix(hash, value ? 0x74 : 0x66);
    case 'object': {
      if (value === null) return mix(hash, 0x30);
      if (depth > MAX_COPY_DEPTH) return undefined;
      let h: number | undefined;
      if (Array.isArray(value)) {
        h = mix(mix(hash, 0x5b), value.length);
        for (let i = 0; i < value.length && h !== undefined; i++) h = hashOf(value[i], depth + 1, h);
        return h;
      }
      h = mix(hash, 0x7b);
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        h = hashOf((value as Record<string, unknown>)[key], depth + 1, mixString(h, key));
        if (h === undefined) return undefined;
      }
      return mix(h, 0x7d);
    }
    default:
      // Not JSON (undefined, a function): marked by type only; the comparison decides.
      return mix(hash, 0x75);
  }
}

/** Whether two JSON values are equal, member order included. */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth > MAX_COPY_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA: string[] = [];
  for (const key in a) if (Object.hasOwn(a, key)) keysA.push(key);
  let index = 0;
  for (const key in b) {
    if (!Object.hasOwn(b, key)) continue;
    if (keysA[index++] !== key) return false;
    const left = (a as Record<string, unknown>)[key];
    const right = (b as Record<string, unknown>)[key];
    if (!sameJson(left, right, depth + 1)) return false;
  }
  return index === keysA.length;
}
