/**
 * Helpers shared by the validation tests (not part of the public API).
 */
import { expect } from 'vitest';
import type { ValidationIssue } from './validator.js';

/**
 * Freezes a value and everything inside it, so any write by a validator throws.
 *
 * @example
 * const frozen = deepFreeze({ a: { b: 1 } });
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Runs `validate` on a frozen copy of `sample` and asserts that it passes and
 * leaves the value deep-equal to the original (nothing stripped, added or coerced).
 *
 * @example
 * expectValidUntouched({ name: 'x' }, (p) => validateRequestParams('legacy', 'tools/call', p));
 */
export function expectValidUntouched(
  sample: unknown,
  validate: (value: unknown) => ValidationIssue | undefined,
) {
  const snapshot = structuredClone(sample);
  const input = deepFreeze(structuredClone(sample));
  expect(validate(input)).toBeUndefined();
  expect(input).toEqual(snapshot);
}

/**
 * Asserts that `issue` exists, sits at `path`, and its message contains `fragment`.
 *
 * @example
 * expectIssue(validateRequestParams('legacy', 'tools/call', {}), 'params.name', 'missing required field');
 */
export function expectIssue(issue: ValidationIssue | undefined, path: string, fragment: string) {
  expect(issue, `expected an issue at ${path}`).toBeDefined();
  expect(issue!.path).toBe(path);
  expect(issue!.message).toContain(fragment);
}

/** Extra fields that must pass untouched wherever they appear. */
export const EXTRA_META = {
  'com.example/trace': { deep: [1, { x: null }] },
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'io.modelcontextprotocol/futureKey': 'anything',
  plain: true,
} as const;

/**
 * Adds an unknown top-level field and unknown `_meta` keys (keeping existing `_meta` keys).
 *
 * @example
 * withExtras({ name: 'x' }); // { name: 'x', 'x-unknown-field': {…}, _meta: {…EXTRA_META} }
 */
export function withExtras<T extends Record<string, unknown>>(sample: T): T {
  const meta = (sample._meta as Record<string, unknown> | undefined) ?? {};
  return { ...sample, 'x-unknown-field': { nested: [1, 2, 3] }, _meta: { ...meta, ...EXTRA_META } };
}
