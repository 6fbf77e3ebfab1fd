import { describe, expect, it } from 'vitest';
import { describeSchemaIssues, fromStandardIssues } from './issues.js';

describe('describeSchemaIssues', () => {
  it('lists each issue as "path: message", the root as (root)', () => {
    expect(
      describeSchemaIssues([
        { path: '/city', message: 'must be string' },
        { path: '', message: "must have required property 'days'" },
      ]),
    ).toBe("/city: must be string; (root): must have required property 'days'");
  });

  it('summarises past the maximum', () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ path: `/${i}`, message: 'must be number' }));
    const text = describeSchemaIssues(issues);
    expect(text.split('; ')).toHaveLength(11);
    expect(text).toMatch(/\/9: must be number; and 15 more$/);
    expect(describeSchemaIssues(issues, 2)).toBe('/0: must be number; /1: must be number; and 23 more');
  });

  it('says so when there is nothing to describe', () => {
    expect(describeSchemaIssues([])).toBe('no issues');
  });
});

describe('fromStandardIssues', () => {
  it('turns paths of keys and path segments into escaped JSON pointers', () => {
    expect(
      fromStandardIssues([
        { message: 'bad', path: ['a', 0, { key: 'b/c' }, Symbol('s'), 'x~y'] },
        { message: 'root' },
      ]),
    ).toEqual([
      { path: '/a/0/b~1c/s/x~0y', message: 'bad' },
      { path: '', message: 'root' },
    ]);
  });
});
