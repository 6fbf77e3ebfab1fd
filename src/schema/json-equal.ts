/**
 * Deep equality for `const`, `enum` and `uniqueItems`, with the semantics Ajv's generated
 * code has (so the built-in engine and Ajv accept the same values): JSON values compare
 * structurally; objects must share a constructor; a RegExp compares by source and flags; an
 * object with its own `valueOf` or `toString` (a Date, a boxed number) compares by that;
 * anything else by its own enumerable keys. NaN equals NaN, and 0 equals -0.
 *
 * Recursive: a value nested deeper than the stack allows throws RangeError, which the engine
 * turns into the same "nested too deeply" issue the Ajv path reports.
 */

/**
 * Whether two values are deeply equal in the sense above.
 *
 * @example
 * jsonEqual({ a: [1, 2] }, { a: [1, 2] }); // true
 * jsonEqual([1], { 0: 1 }); // false: different constructors
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // Only NaN is unequal to itself.
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (a.constructor !== b.constructor) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = a.length - 1; i >= 0; i--) if (!jsonEqual(a[i], other[i])) return false;
    return true;
  }
  if (a.constructor === RegExp) {
    const left = a as RegExp;
    const right = b as RegExp;
    return left.source === right.source && left.flags === right.flags;
  }
  const own = ownConversion(a, 'valueOf') ?? ownConversion(a, 'toString');
  if (own !== undefined) {
    const other = (b as Record<string, unknown>)[own];
    if (typeof other !== 'function') return false;
    return (a as Record<string, () => unknown>)[own]!() === other.call(b);
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    if (!jsonEqual(left[key], right[key])) return false;
  }
  return true;
}

/**
 * `'valueOf'` or `'toString'` when the object converts itself in its own way (a Date, a boxed
 * primitive, a class with its own method); undefined when it inherits Object's (or, having
 * no prototype, has none), and so compares by its keys.
 */
function ownConversion(value: object, method: 'valueOf' | 'toString'): typeof method | undefined {
  const found = (value as Record<string, unknown>)[method];
  return typeof found === 'function' && found !== Object.prototype[method] ? method : undefined;
}
