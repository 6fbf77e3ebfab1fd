import { escapePointer } from './inspect.js';
import type { StandardIssueLike } from './schema-source.js';

/**
 * One reason a value failed validation.
 *
 * @example
 * const issue: SchemaIssue = { path: '/days', message: 'must be <= 7', keyword: 'maximum' };
 */
export interface SchemaIssue {
  /** JSON Pointer (RFC 6901) to the offending part of the value; `''` is the value itself. */
  readonly path: string;
  /** What is wrong, in words. */
  readonly message: string;
  /** The JSON Schema keyword that failed, when the JSON Schema engine reported it. */
  readonly keyword?: string;
}

/** How many issues {@link describeSchemaIssues} spells out before summarising the rest. */
const DEFAULT_MAX_DESCRIBED = 10;

/**
 * Checks one value; returns no issues when it is valid. Must not change the value.
 *
 * @example
 * const check: JsonSchemaCheck = (value) => (typeof value === 'string' ? [] : [{ path: '', message: 'must be string' }]);
 */
export type JsonSchemaCheck = (value: unknown) => readonly SchemaIssue[];

/**
 * One line that lists the issues, for an error message (`Input validation error: …`).
 * Each issue reads `path: message`, `(root)` standing for the value itself; past `max`
 * issues (10 by default) the rest are counted, so a peer's bad input cannot make the
 * message arbitrarily long.
 *
 * @example
 * describeSchemaIssues([
 *   { path: '/city', message: 'must be string' },
 *   { path: '', message: "must have required property 'days'" },
 * ]);
 * // "/city: must be string; (root): must have required property 'days'"
 */
export function describeSchemaIssues(issues: readonly SchemaIssue[], max = DEFAULT_MAX_DESCRIBED): string {
  if (issues.length === 0) return 'no issues';
  const shown = issues
    .slice(0, Math.max(1, max))
    .map((issue) => `${issue.path || '(root)'}: ${issue.message}`);
  const rest = issues.length - shown.length;
  return rest > 0 ? `${shown.join('; ')}; and ${rest} more` : shown.join('; ');
}

/** Standard Schema issues as {@link SchemaIssue}s, paths turned into JSON Pointers. */
export function fromStandardIssues(issues: ReadonlyArray<StandardIssueLike>): SchemaIssue[] {
  const result: SchemaIssue[] = [];
  for (const issue of issues) {
    let path = '';
    if (issue.path) {
      for (const segment of issue.path) {
        const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
        const token = typeof key === 'symbol' ? (key.description ?? '') : String(key);
        path += `/${escapePointer(token)}`;
      }
    }
    result.push({ path, message: typeof issue.message === 'string' ? issue.message : 'is invalid' });
  }
  return result;
}
