/**
 * Scope strings as sets: split on spaces, deduplicated, order kept.
 */

/**
 * The scopes of a space-separated string.
 *
 * @example
 * parseScopes(' a b  a '); // ['a', 'b']
 */
export function parseScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter((value) => value !== ''))];
}

/**
 * The union of scope strings, as one scope string (undefined when empty).
 *
 * @example
 * unionScopes('mcp:basic', 'mcp:basic mcp:write'); // 'mcp:basic mcp:write'
 */
export function unionScopes(...scopes: (string | undefined)[]): string | undefined {
  const all = parseScopes(scopes.filter((scope) => scope !== undefined).join(' '));
  return all.length > 0 ? all.join(' ') : undefined;
}
