import { describe, expect, it } from 'vitest';
import { deepFreeze, expectIssue } from './test-helpers.js';
import {
  anyValue,
  array,
  boolean,
  custom,
  discriminated,
  enumOf,
  fail,
  formatPath,
  integer,
  literal,
  nullable,
  number,
  object,
  orAbsent,
  record,
  refine,
  string,
  union,
} from './validator.js';

describe('primitives', () => {
  it('string', () => {
    expect(string()('x')).toBeUndefined();
    expect(string()('')).toBeUndefined();
    expect(string()(1, 'params.name')).toEqual({
      path: 'params.name',
      message: 'expected a string, got number',
    });
    expect(string()(null)?.message).toBe('expected a string, got null');
    expect(string()([])?.message).toBe('expected a string, got array');
  });

  it('number rejects non-finite values and honours bounds', () => {
    expect(number()(1.5)).toBeUndefined();
    expect(number()(Number.NaN)?.message).toBe('expected a number, got NaN');
    expect(number()(Number.POSITIVE_INFINITY)).toBeDefined();
    expect(number({ min: 0, max: 1 })(1.5)?.message).toBe('expected a number between 0 and 1, got 1.5');
    expect(number({ min: 0, max: 1 })(0)).toBeUndefined();
    expect(number({ min: 0, max: 1 })(1)).toBeUndefined();
    expect(number()('1')?.message).toBe('expected a number, got string');
  });

  it('integer', () => {
    expect(integer()(3)).toBeUndefined();
    expect(integer()(-3)).toBeUndefined();
    expect(integer()(2.5)?.message).toBe('expected an integer, got 2.5');
    expect(integer({ min: 0 })(-1)?.message).toBe('expected an integer >= 0, got -1');
    expect(integer()(true)?.message).toBe('expected an integer, got boolean');
  });

  it('boolean', () => {
    expect(boolean()(false)).toBeUndefined();
    expect(boolean()('true')?.message).toBe('expected a boolean, got string');
  });

  it('literal and enumOf show the offending value', () => {
    expect(literal('2.0')('2.0')).toBeUndefined();
    expect(literal('2.0')('1.0')?.message).toBe('expected "2.0", got "1.0"');
    expect(literal('2.0')(2)?.message).toBe('expected "2.0", got 2');
    const level = enumOf(['debug', 'info']);
    expect(level('info')).toBeUndefined();
    expect(level('verbose')?.message).toBe('expected one of "debug", "info", got "verbose"');
    expect(level(undefined)?.message).toBe('expected one of "debug", "info", got undefined');
  });

  it('anyValue accepts everything but a required field must still be present', () => {
    const v = object({ data: anyValue() });
    expect(v({ data: null })).toBeUndefined();
    expect(v({ data: 0 })).toBeUndefined();
    expectIssue(v({}), 'data', 'missing required field');
  });
});

describe('object', () => {
  const tool = object({ name: string() }, { description: string(), count: integer() });

  it('lets unknown fields pass and neither copies nor strips', () => {
    const value = deepFreeze({ name: 'x', extra: { deep: [1] }, _meta: { 'com.example/k': 1 } });
    expect(tool(value)).toBeUndefined();
    expect(value).toEqual({ name: 'x', extra: { deep: [1] }, _meta: { 'com.example/k': 1 } });
  });

  it('reports missing required fields with the expected type', () => {
    expect(tool({}, 'params')).toEqual({
      path: 'params.name',
      message: 'missing required field; expected a string',
    });
  });

  it('reports wrong types of optional fields; undefined counts as absent', () => {
    expectIssue(tool({ name: 'x', description: 3 }), 'description', 'expected a string, got number');
    expect(tool({ name: 'x', description: undefined })).toBeUndefined();
  });

  it('rejects non-objects with a description of the expected shape', () => {
    expect(tool([])?.message).toBe('expected an object with name, got array');
    expect(tool(null)?.message).toBe('expected an object with name, got null');
    expect(object({})('x')?.message).toBe('expected an object, got string');
  });

  it('does not mistake inherited properties for fields', () => {
    const v = object({ constructor: string() }, { toString: string() });
    expectIssue(v({}), 'constructor', 'missing required field');
    expect(v({ constructor: 'c' })).toBeUndefined();
    expectIssue(v({ constructor: 'c', toString: 1 }), 'toString', 'expected a string');
  });

  it('large shapes (tested by walking the value) agree with small ones (tested by lookup)', () => {
    const big = object({ constructor: string(), a: string() }, { b: integer(), c: boolean(), d: string() });
    expect(big({ constructor: 'c', a: 'a' })).toBeUndefined();
    expect(big({ constructor: 'c', a: 'a', b: 1, c: true, d: 'x', zzz: [1] })).toBeUndefined();
    expectIssue(big({ a: 'a' }), 'constructor', 'missing required field');
    expectIssue(big({ constructor: 'c', a: undefined }), 'a', 'missing required field');
    expectIssue(big({ constructor: 'c', a: 'a', c: 'no' }), 'c', 'expected a boolean');
    expectIssue(big({ constructor: 'c', a: 'a', b: 1.5, d: 3 }), 'b', 'expected an integer, got 1.5');
    expect(big.test({ constructor: 'c', a: 'a', b: undefined })).toBe(true);
    expect(big.test(Object.assign(Object.create(null), { constructor: 'c', a: 'a' }))).toBe(true);
  });

  it('quotes keys that are not identifiers in paths', () => {
    const v = object({ _meta: object({ 'io.modelcontextprotocol/protocolVersion': string() }) });
    expect(v({ _meta: {} }, 'params')).toEqual({
      path: 'params._meta["io.modelcontextprotocol/protocolVersion"]',
      message: 'missing required field; expected a string',
    });
  });
});

describe('array and record', () => {
  it('array reports the failing index', () => {
    const tags = array(string(), { maxItems: 2 });
    expect(tags(['a', 'b'])).toBeUndefined();
    expect(tags(['a', 1], 'tags')).toEqual({ path: 'tags[1]', message: 'expected a string, got number' });
    expect(tags(['a', 'b', 'c'])?.message).toBe('expected at most 2 items, got 3');
    expect(array(string(), { minItems: 1 })([])?.message).toBe('expected at least 1 items, got 0');
    expect(tags({})?.message).toBe('expected an array, got object');
  });

  it('nested paths', () => {
    const v = object({
      messages: array(object({ content: discriminated('type', { text: object({ text: string() }) }) })),
    });
    const value = { messages: [{ content: { type: 'text', text: 'a' } }, {}, {}] };
    value.messages[1] = { content: { type: 'text', text: 'b' } };
    value.messages[2] = { content: { type: 'image', text: 'c' } };
    expect(v(value, 'params')).toEqual({
      path: 'params.messages[2].content.type',
      message: 'expected "text", got "image"',
    });
  });

  it('record checks every value', () => {
    const args = record(string());
    expect(args({})).toBeUndefined();
    expect(args({ city: 'Paris', days: 3 })).toEqual({
      path: 'days',
      message: 'expected a string, got number',
    });
    expect(args({ 'a b': 1 })?.path).toBe('["a b"]');
    expect(args([])?.message).toBe('expected an object, got array');
  });
});

describe('unions', () => {
  it('union of primitives', () => {
    const id = union(string(), integer());
    expect(id('a')).toBeUndefined();
    expect(id(3)).toBeUndefined();
    expect(id(1.5)?.message).toBe('expected a string or an integer, got number');
    expect(id(null)?.message).toBe('expected a string or an integer, got null');
  });

  it('union reports the member failure that went deepest', () => {
    const v = union(string(), object({ a: object({ b: string() }) }));
    expect(v({ a: { b: 1 } })).toEqual({ path: 'a.b', message: 'expected a string, got number' });
  });

  it('discriminated union by a tag', () => {
    const block = discriminated(
      'type',
      {
        text: object({ type: literal('text'), text: string() }),
        image: object({ type: literal('image'), data: string(), mimeType: string() }),
      },
      'a content block',
    );
    expect(block({ type: 'text', text: 'hi', extra: 1 })).toBeUndefined();
    expectIssue(block({ type: 'image', data: 'AA==' }), 'mimeType', 'missing required field');
    expect(block({ type: 'video' }, 'content')).toEqual({
      path: 'content.type',
      message: 'expected one of "text", "image", got "video"',
    });
    expectIssue(block({}), 'type', 'missing required field; expected one of "text", "image"');
    expect(block('text')?.message).toBe('expected a content block, got string');
    // A tag that names an Object.prototype member is not a member.
    expectIssue(block({ type: 'constructor' }), 'type', 'got "constructor"');
  });

  it('nullable', () => {
    expect(nullable(integer())(null)).toBeUndefined();
    expect(nullable(integer())(4)).toBeUndefined();
    expect(nullable(integer())('1')?.message).toBe('expected an integer or null, got string');
  });

  it('orAbsent accepts undefined only', () => {
    const v = orAbsent(object({ a: string() }));
    expect(v(undefined)).toBeUndefined();
    expect(v(null)).toBeDefined();
    expectIssue(v({}), 'a', 'missing');
  });
});

describe('refine, custom', () => {
  it('refine adds a check after the base passes', () => {
    const nonEmpty = refine(string(), (s) => s.length > 0, 'expected a non-empty string');
    expect(nonEmpty('a')).toBeUndefined();
    expect(nonEmpty('')?.message).toBe('expected a non-empty string');
    expect(nonEmpty(1)?.message).toBe('expected a string, got number');
  });

  it('custom', () => {
    const even = custom<number>(
      'an even number',
      (v) => typeof v === 'number' && v % 2 === 0,
      () => fail('expected an even number'),
    );
    expect(even(2)).toBeUndefined();
    expect(even(3)?.message).toBe('expected an even number');
  });

  it('test and explain agree with the callable form', () => {
    const v = object({ a: array(integer()) });
    expect(v.test({ a: [1, 2] })).toBe(true);
    expect(v.test({ a: [1, 2.5] })).toBe(false);
    expect(v.explain({ a: [1, 2.5] }).segments).toEqual([1, 'a']);
  });

  it('validators are built once: primitive factories return the same instance', () => {
    expect(string()).toBe(string());
    expect(integer()).toBe(integer());
  });
});

describe('formatPath', () => {
  it('renders identifiers, indices and quoted keys', () => {
    expect(formatPath('params', ['type', 'content', 2, 'messages'])).toBe('params.messages[2].content.type');
    expect(formatPath('', ['a'])).toBe('a');
    expect(formatPath('', [0])).toBe('[0]');
    expect(formatPath('result', ['x"y', 'weird key'])).toBe('result["weird key"]["x\\"y"]');
  });
});
