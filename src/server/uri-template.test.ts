import { describe, expect, it } from 'vitest';
import { UriTemplate, UriTemplateError, type UriTemplateVariables } from './uri-template.js';

// Test data of our own, with expected expansions worked out by hand from the
// rules of RFC 6570 §3.2 (operator table, encoding sets, explode and prefix).
const vars: UriTemplateVariables = {
  who: 'ann',
  path: '/files/a b',
  place: 'north east',
  dot: 'x.y',
  empty: '',
  undef: undefined,
  nul: null,
  n: 7,
  flag: true,
  code: 'ünï',
  amp: 'a&b=c',
  pct: '50%25',
  colors: ['red', 'sky blue'],
  emptyList: [],
  dims: { w: '10', h: '2 0' },
  emptyMap: {},
};

function expand(template: string): string {
  return new UriTemplate(template).expand(vars);
}

describe('UriTemplate.expand', () => {
  it.each([
    // Level 1: simple strings, unreserved kept, everything else percent-encoded (UTF-8)
    ['{who}', 'ann'],
    ['{place}', 'north%20east'],
    ['{amp}', 'a%26b%3Dc'],
    ['{code}', '%C3%BCn%C3%AF'],
    ['{pct}', '50%2525'],
    ['{n}', '7'],
    ['{undef}', ''],
    ['{nul}', ''],
    ['{empty}', ''],
  ])('level 1: %s', (template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it.each([
    // Level 2: reserved expansion and fragments keep reserved characters and triplets
    ['{+path}', '/files/a%20b'],
    ['{+amp}', 'a&b=c'],
    ['{+pct}', '50%25'],
    ['{#who}', '#ann'],
    ['{#path}', '#/files/a%20b'],
    ['{#undef}', ''],
    ['here{+undef}there', 'herethere'],
  ])('level 2: %s', (template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it.each([
    // Level 3: several variables and the remaining operators
    ['{who,place}', 'ann,north%20east'],
    ['{+path,who}', '/files/a%20b,ann'],
    ['{#who,dot}', '#ann,x.y'],
    ['{.who,dot}', '.ann.x.y'],
    ['{/who,dot}', '/ann/x.y'],
    ['{/who,amp}', '/ann/a%26b%3Dc'],
    ['{;who,empty,undef}', ';who=ann;empty'],
    ['{?who,empty,undef}', '?who=ann&empty='],
    ['{&who,n}', '&who=ann&n=7'],
    ['{?flag}', '?flag=true'],
    ['X{.undef}', 'X'],
    ['{?undef,nul}', ''],
  ])('level 3: %s', (template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it.each([
    // Level 4: prefix modifiers count characters, not bytes
    ['{who:2}', 'an'],
    ['{who:30}', 'ann'],
    ['{code:2}', '%C3%BCn'],
    ['{+path:6}', '/files'],
    ['{/place:5}', '/north'],
    ['{?place:3}', '?place=nor'],
    ['{;code:1}', ';code=%C3%BC'],
    // Level 4: lists
    ['{colors}', 'red,sky%20blue'],
    ['{colors*}', 'red,sky%20blue'],
    ['{+colors}', 'red,sky%20blue'],
    ['{#colors*}', '#red,sky%20blue'],
    ['{.colors}', '.red,sky%20blue'],
    ['{.colors*}', '.red.sky%20blue'],
    ['{/colors}', '/red,sky%20blue'],
    ['{/colors*}', '/red/sky%20blue'],
    ['{;colors}', ';colors=red,sky%20blue'],
    ['{;colors*}', ';colors=red;colors=sky%20blue'],
    ['{?colors}', '?colors=red,sky%20blue'],
    ['{?colors*}', '?colors=red&colors=sky%20blue'],
    ['{&colors*}', '&colors=red&colors=sky%20blue'],
    // Level 4: associative arrays
    ['{dims}', 'w,10,h,2%200'],
    ['{dims*}', 'w=10,h=2%200'],
    ['{+dims*}', 'w=10,h=2%200'],
    ['{#dims}', '#w,10,h,2%200'],
    ['{.dims*}', '.w=10.h=2%200'],
    ['{/dims*}', '/w=10/h=2%200'],
    ['{;dims}', ';dims=w,10,h,2%200'],
    ['{;dims*}', ';w=10;h=2%200'],
    ['{?dims}', '?dims=w,10,h,2%200'],
    ['{?dims*}', '?w=10&h=2%200'],
    // Empty lists and maps are undefined
    ['{emptyList}', ''],
    ['{?emptyMap*}', ''],
    ['{/emptyList*,who}', '/ann'],
  ])('level 4: %s', (template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it('combines literals and expressions', () => {
    expect(expand('http://h{/colors*}{?who,n}')).toBe('http://h/red/sky%20blue?who=ann&n=7');
    expect(expand('test://template/{who}/data')).toBe('test://template/ann/data');
  });

  it('percent-encodes literal characters that are not allowed in a URI, keeping valid triplets', () => {
    expect(expand('a b/{who}')).toBe('a%20b/ann');
    expect(expand('é{who}')).toBe('%C3%A9ann');
    expect(expand('100%/{who}')).toBe('100%25/ann');
    expect(expand('%20{who}')).toBe('%20ann');
  });

  it('encodes characters outside the BMP as four UTF-8 bytes', () => {
    expect(new UriTemplate('{e}').expand({ e: '😀' })).toBe('%F0%9F%98%80');
  });

  it('ignores inherited properties of the variables object', () => {
    expect(new UriTemplate('{constructor}{?toString}').expand({})).toBe('');
  });

  it('refuses a prefix modifier on a list or map', () => {
    expect(() => new UriTemplate('{colors:2}').expand(vars)).toThrow(UriTemplateError);
    expect(() => new UriTemplate('{dims:2}').expand(vars)).toThrow(UriTemplateError);
  });
});

describe('UriTemplate parsing', () => {
  it.each([
    '{',
    '}',
    '{who',
    'a}b',
    '{}',
    '{=x}',
    '{!x}',
    '{@x}',
    '{|x}',
    '{,x}',
    '{x:0}',
    '{x:10000}',
    '{x:01}',
    '{x:}',
    '{x y}',
    '{x..y}',
    '{.x.}',
    '{x:3*}',
    '{{x}}',
    '{x,}',
    '{%zz}',
  ])('rejects %s', (template) => {
    expect(() => new UriTemplate(template)).toThrow(UriTemplateError);
  });

  it('rejects an overlong template', () => {
    expect(() => new UriTemplate('a'.repeat(9000))).toThrow(UriTemplateError);
  });

  it('accepts dotted and percent-encoded variable names', () => {
    expect(new UriTemplate('{a.b}{c%20d}').variableNames).toEqual(['a.b', 'c%20d']);
  });

  it('lists variable names once, in order of first appearance', () => {
    expect(new UriTemplate('{/seg*}{?q,seg}x{id:3}').variableNames).toEqual(['seg', 'q', 'id']);
    expect(new UriTemplate('plain://uri').variableNames).toEqual([]);
  });

  it('tells templates from plain URIs', () => {
    expect(UriTemplate.isTemplate('file:///{+path}')).toBe(true);
    expect(UriTemplate.isTemplate('file:///etc/hosts')).toBe(false);
    expect(UriTemplate.isTemplate('a{}b')).toBe(false);
  });

  it('keeps its source text', () => {
    expect(String(new UriTemplate('test://{id}'))).toBe('test://{id}');
    expect(new UriTemplate('test://{id}').template).toBe('test://{id}');
  });
});

describe('UriTemplate.match', () => {
  it('matches the conformance resource template', () => {
    const template = new UriTemplate('test://template/{id}/data');
    expect(template.match('test://template/123/data')).toEqual({ id: '123' });
    expect(template.match('test://template/1/2/data')).toBeUndefined();
    expect(template.match('test://template/123/datum')).toBeUndefined();
    expect(template.match('test://template/123/data/')).toBeUndefined();
    expect(template.match('test://other/123/data')).toBeUndefined();
  });

  it('percent-decodes values and rejects broken encodings', () => {
    const template = new UriTemplate('test://template/{id}/data');
    expect(template.match('test://template/a%20b/data')).toEqual({ id: 'a b' });
    expect(template.match('test://template/%C3%BC/data')).toEqual({ id: 'ü' });
    expect(template.match('test://template/%ZZ/data')).toBeUndefined();
    expect(template.match('test://template/%C3/data')).toBeUndefined();
    expect(template.match('test://template/100%/data')).toBeUndefined();
  });

  it('keeps a simple variable within one path segment; {+var} spans segments', () => {
    expect(new UriTemplate('file:///{path}').match('file:///notes.txt')).toEqual({ path: 'notes.txt' });
    expect(new UriTemplate('file:///{path}').match('file:///a/b.txt')).toBeUndefined();
    expect(new UriTemplate('file:///{+path}').match('file:///a/b%20c.txt')).toEqual({ path: 'a/b c.txt' });
    expect(new UriTemplate('file:///{+path}').match('file:///a/b?x=1#f')).toEqual({ path: 'a/b?x=1#f' });
    expect(new UriTemplate('file:///{+path}').match('http:///a')).toBeUndefined();
  });

  it('treats query expressions as optional and order-insensitive', () => {
    const template = new UriTemplate('users/{id}/posts{?page,limit}');
    expect(template.match('users/7/posts')).toEqual({ id: '7' });
    expect(template.match('users/7/posts?page=2')).toEqual({ id: '7', page: '2' });
    expect(template.match('users/7/posts?page=2&limit=5')).toEqual({ id: '7', page: '2', limit: '5' });
    expect(template.match('users/7/posts?limit=5&page=2')).toEqual({ id: '7', page: '2', limit: '5' });
    expect(template.match('users/7/posts?page=')).toEqual({ id: '7', page: '' });
    expect(template.match('users/7/posts?page=1&other=2')).toBeUndefined();
    expect(template.match('users/7/posts?page=1&page=2')).toBeUndefined();
    expect(template.match('users/7/posts?')).toBeUndefined();
    expect(template.match('users/7/posts#x')).toBeUndefined();
    expect(template.match('users/7/comments')).toBeUndefined();
  });

  it('matches exploded path segments as a list', () => {
    const template = new UriTemplate('{/segments*}');
    expect(template.match('/a/b/c')).toEqual({ segments: ['a', 'b', 'c'] });
    expect(template.match('/a%2Fb')).toEqual({ segments: ['a/b'] });
    expect(template.match('')).toEqual({});
    expect(template.match('a/b')).toBeUndefined();
    expect(new UriTemplate('repo{/segments*}/edit').match('repo/x/y/edit')).toEqual({ segments: ['x', 'y'] });
  });

  it('ends a value at the last occurrence of the literal that follows it', () => {
    expect(new UriTemplate('{name}.json').match('a.b.json')).toEqual({ name: 'a.b' });
    expect(new UriTemplate('{a}-{b}').match('x-y-z')).toEqual({ a: 'x-y', b: 'z' });
    expect(new UriTemplate('{name}.json').match('a/b.json')).toBeUndefined();
    expect(new UriTemplate('{name}.json').match('ab.jsn')).toBeUndefined();
  });

  it('splits multi-variable expressions and leaves trailing variables undefined', () => {
    const template = new UriTemplate('map?{x,y}');
    expect(template.match('map?1024,768')).toEqual({ x: '1024', y: '768' });
    expect(template.match('map?1024')).toEqual({ x: '1024' });
    expect(template.match('map?1,2,3')).toEqual({ x: '1', y: '2,3' });
    expect(new UriTemplate('{.a,b}').match('.x.y')).toEqual({ a: 'x', b: 'y' });
    expect(new UriTemplate('{;a,b}').match(';b=2;a')).toEqual({ a: '', b: '2' });
  });

  it('matches named exploded lists', () => {
    expect(new UriTemplate('find{?tag*}').match('find?tag=a&tag=b%20c')).toEqual({ tag: ['a', 'b c'] });
    expect(new UriTemplate('find{?tag*,q}').match('find?tag=a&q=z&tag=b')).toEqual({
      tag: ['a', 'b'],
      q: 'z',
    });
  });

  it('handles fragments and label expressions', () => {
    expect(new UriTemplate('doc{#section}').match('doc#intro,part')).toEqual({ section: 'intro,part' });
    expect(new UriTemplate('doc{#section}').match('doc')).toEqual({});
    expect(new UriTemplate('file{.ext}').match('file.tar.gz')).toEqual({ ext: 'tar.gz' });
    expect(new UriTemplate('{+base}{/rest*}').match('a/b/c')).toEqual({ base: 'a/b', rest: ['c'] });
  });

  it('requires a repeated variable to take the same value', () => {
    const template = new UriTemplate('{x}/{x}');
    expect(template.match('1/1')).toEqual({ x: '1' });
    expect(template.match('1/2')).toBeUndefined();
  });

  it('enforces prefix lengths', () => {
    const template = new UriTemplate('id/{id:3}');
    expect(template.match('id/abc')).toEqual({ id: 'abc' });
    expect(template.match('id/%C3%BCb')).toEqual({ id: 'üb' });
    expect(template.match('id/abcd')).toBeUndefined();
  });

  it('returns an empty string for an empty simple value', () => {
    expect(new UriTemplate('test://template/{id}/data').match('test://template//data')).toEqual({ id: '' });
  });

  it('returns variables named like Object.prototype members as own properties', () => {
    const match = new UriTemplate('{__proto__}/{constructor}').match('a/b');
    expect(Object.keys(match ?? {})).toEqual(['__proto__', 'constructor']);
    expect(match?.constructor).toBe('b');
  });

  it('rejects non-strings and URIs over the length bound', () => {
    const template = new UriTemplate('{+path}', { maxUriLength: 10 });
    expect(template.match('0123456789')).toEqual({ path: '0123456789' });
    expect(template.match('0123456789a')).toBeUndefined();
    expect(template.match(42 as unknown as string)).toBeUndefined();
  });

  it('terminates quickly on long hostile input', () => {
    const hostile = [
      new UriTemplate('{a}x{b}x{c}x{d}x{e}y'),
      new UriTemplate('{+a}x{+b}x{+c}x{+d}y'),
      new UriTemplate('{+a}{+b}{+c}{/d*}{?e,f}z'),
      new UriTemplate('{.a}{.b}{.c}{;d}{;e}!'),
      new UriTemplate('{?a*,b*}'),
    ];
    const inputs = ['x'.repeat(16_000), '.x'.repeat(8_000), `?${'a=1&'.repeat(3_999)}`, '%'.repeat(16_000)];
    for (const template of hostile) {
      for (const input of inputs) {
        if (template.template === '{?a*,b*}' && input.startsWith('?')) continue;
        expect(template.match(input)).toBeUndefined();
      }
    }
    expect(new UriTemplate('{+a}').match('x'.repeat(1_000_000))).toBeUndefined();
  });
});

describe('UriTemplate round trips (expand, then match)', () => {
  it.each<[string, UriTemplateVariables]>([
    ['test://template/{id}/data', { id: '123' }],
    ['test://template/{id}/data', { id: 'a b/c?d#e%f' }],
    ['file:///{+path}', { path: 'src/dir with space/ü.ts' }],
    ['file:///{path}', { path: 'notes & plans.txt' }],
    ['users/{id}/posts{?page,limit}', { id: 'ann', page: '2', limit: '10' }],
    ['users/{id}/posts{?page,limit}', { id: 'ann', limit: 'a&b=c' }],
    ['{/segments*}', { segments: ['a', 'b c', 'd/e'] }],
    ['repo{/segments*}{?ref}', { segments: ['src', 'index.ts'], ref: 'main' }],
    ['map?{x,y}', { x: '1024', y: '768' }],
    ['{.a,b}', { a: 'x', b: 'y' }],
    ['{;a,b}', { a: 'one two', b: '' }],
    ['find{?tag*}{&q}', { tag: ['a', 'ü'], q: '=' }],
    ['doc{#section}', { section: 'part 1' }],
    ['emoji/{e}', { e: '😀' }],
    ['{x}-{y}', { x: 'left', y: 'right' }],
  ])('%s with %j', (source, variables) => {
    const template = new UriTemplate(source);
    const uri = template.expand(variables);
    expect(template.match(uri)).toEqual(variables);
    expect(template.expand(template.match(uri)!)).toBe(uri);
  });
});
