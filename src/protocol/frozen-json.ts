/**
 * Deep, frozen copies of JSON data: what one party keeps and hands out to many without a copy
 * per hand-out (cached results, the capabilities every request declares).
 */

/** Nesting deeper than this is refused (JSON that deep is an attack, or a cycle). */
export const MAX_COPY_DEPTH = 1000;

/**
 * A deep copy of JSON-shaped `value` (plain objects, arrays, primitives) in which every object
 * and array is frozen. The caller's value is left as it was. Made in one pass, cheaper than
 * `structuredClone` followed by a freezing walk. A `"__proto__"` member stays data.
 *
 * @example
 * const shared = frozenJsonCopy({ tools: [{ name: 'echo' }] });
 * Object.isFrozen(shared.tools[0]); // true
 */
export function frozenJsonCopy<T>(value: T): T {
  return copy(value, 0) as T;
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_COPY_DEPTH)
    throw new TypeError(`Cannot copy data nested deeper than ${MAX_COPY_DEPTH} levels (or cyclic)`);
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copy(value[i], depth + 1);
    return Object.freeze(items);
  }
  const members: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = copy((value as Record<string, unknown>)[key], depth + 1);
    // JSON may carry a "__proto__" member: keep it as data, never as the copy's prototype.
    if (key === '__proto__') Object.defineProperty(members, key, { value: item, enumerable: true });
    else members[key] = item;
  }
  return Object.freeze(members);
}
