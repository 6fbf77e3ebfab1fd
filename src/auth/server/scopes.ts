/**
 * Deciding whether granted scopes cover the scopes an operation needs, with
 * scope hierarchies (a broader scope implies narrower ones), which MCP
 * requires resource servers to honour.
 */

/**
 * Whether a granted scope satisfies a required one (beyond equality, which always does).
 *
 * @example
 * const implies: ScopeImplication = (granted, required) => granted === 'admin';
 */
export type ScopeImplication = (granted: string, required: string) => boolean;

/**
 * Builds a {@link ScopeImplication} from a table of what each scope directly
 * implies; implication is followed transitively, and cycles are harmless.
 *
 * @example
 * const implies = scopeHierarchy({ 'files:admin': ['files:write'], 'files:write': ['files:read'] });
 * implies('files:admin', 'files:read'); // true
 */
export function scopeHierarchy(table: Readonly<Record<string, readonly string[]>>): ScopeImplication {
  const closure = new Map<string, Set<string>>();
  const reachable = (scope: string): Set<string> => {
    let found = closure.get(scope);
    if (found) return found;
    found = new Set();
    closure.set(scope, found);
    const pending = [...(table[scope] ?? [])];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (found.has(next)) continue;
      found.add(next);
      pending.push(...(table[next] ?? []));
    }
    return found;
  };
  return (granted, required) => Object.hasOwn(table, granted) && reachable(granted).has(required);
}

/**
 * The required scopes the granted ones do not cover, in the order required.
 *
 * @example
 * missingScopes(['files:read'], ['files:read', 'files:write']); // ['files:write']
 */
export function missingScopes(
  granted: readonly string[],
  required: readonly string[],
  implies?: ScopeImplication,
): string[] {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope) && !(implies && granted.some((g) => implies(g, scope))));
}

/**
 * The union of scope lists, first occurrence order kept.
 *
 * @example
 * unionScopes(['a', 'b'], ['b', 'c']); // ['a', 'b', 'c']
 */
export function unionScopes(...lists: (readonly string[] | undefined)[]): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const scope of list ?? []) all.add(scope);
  return [...all];
}
