import { describe, expect, it } from 'vitest';
import { ErrorCode, HeaderMismatchError } from './errors.js';
import {
  checkRequestHeaders,
  decodeHeaderValue,
  encodeHeaderValue,
  extractParamHeaders,
  getHeader,
  headerValueEncodingReason,
  headerValueForParam,
  MCP_METHOD_HEADER,
  MCP_NAME_HEADER,
  MCP_PARAM_HEADER_PREFIX,
  MCP_PROTOCOL_VERSION_HEADER,
  MCP_SESSION_ID_HEADER,
  nameHeaderFor,
  nameSourceFor,
  type ParamHeaderDeclaration,
  paramHeadersFor,
  requestHeadersFor,
  type XMcpHeaderRule,
} from './http-headers.js';

/** Independent oracle: Node's own Base64 of the UTF-8 bytes. */
function sentinel(value: string): string {
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

describe('header name constants', () => {
  it('spell the header names as the specification does', () => {
    expect(MCP_PROTOCOL_VERSION_HEADER).toBe('MCP-Protocol-Version');
    expect(MCP_METHOD_HEADER).toBe('Mcp-Method');
    expect(MCP_NAME_HEADER).toBe('Mcp-Name');
    expect(MCP_SESSION_ID_HEADER).toBe('Mcp-Session-Id');
    expect(MCP_PARAM_HEADER_PREFIX).toBe('Mcp-Param-');
  });
});

describe('encodeHeaderValue', () => {
  it.each([
    ['us-west1'],
    ['us west 1'],
    [''],
    ['a'],
    ['tools/call'],
    ['file:///path/to/file%20name.txt'],
    ['https://example.com/resource?id=123'],
    ["!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
    ['=?base64?abc'],
    ['abc?='],
    ['=?BASE64?SGVsbG8=?='],
  ])('keeps the safe value %j plain', (value) => {
    expect(headerValueEncodingReason(value)).toBeUndefined();
    expect(encodeHeaderValue(value)).toBe(value);
  });

  it.each([
    [' leading', 'leading or trailing whitespace'],
    ['trailing ', 'leading or trailing whitespace'],
    [' both ', 'leading or trailing whitespace'],
    ['\tindented', 'leading or trailing whitespace'],
    ['tabbed\t', 'leading or trailing whitespace'],
    [' ', 'leading or trailing whitespace'],
    ['in\tside', 'control characters'],
    ['line1\nline2', 'control characters'],
    ['line1\r\nline2', 'control characters'],
    ['nul\u0000byte', 'control characters'],
    ['del\u007f', 'control characters'],
    ['esc\u001b[0m', 'control characters'],
    ['Hello, 世界', 'non-ASCII characters'],
    ['café', 'non-ASCII characters'],
    ['😀', 'non-ASCII characters'],
    ['nbsp\u00a0x', 'non-ASCII characters'],
    ['=?base64?literal?=', 'looks like the Base64 sentinel'],
    ['=?base64??=', 'looks like the Base64 sentinel'],
    ['=?base64?=', 'looks like the Base64 sentinel'],
  ])('encodes %j (%s)', (value, reason) => {
    expect(headerValueEncodingReason(value)).toBe(reason);
    expect(encodeHeaderValue(value)).toBe(sentinel(value));
  });

  it('uses the exact lowercase sentinel form', () => {
    expect(encodeHeaderValue('Hello, 世界')).toBe('=?base64?SGVsbG8sIOS4lueVjA==?=');
    expect(encodeHeaderValue(' us-west1 ')).toBe('=?base64?IHVzLXdlc3QxIA==?=');
    expect(encodeHeaderValue('日本語')).toBe('=?base64?5pel5pys6Kqe?=');
  });

  it('pads Base64 correctly for every remainder length', () => {
    for (const value of ['é', 'é1', 'é12', 'é123', 'ü'.repeat(50)]) {
      expect(encodeHeaderValue(value)).toBe(sentinel(value));
    }
  });
});

describe('decodeHeaderValue', () => {
  it('decodes a valid sentinel', () => {
    expect(decodeHeaderValue('=?base64?SGVsbG8=?=')).toEqual({ ok: true, value: 'Hello', encoded: true });
    expect(decodeHeaderValue('=?base64??=')).toEqual({ ok: true, value: '', encoded: true });
  });

  it('returns literals unchanged: missing prefix, missing suffix, wrong case, overlapping markers', () => {
    for (const literal of [
      'SGVsbG8=',
      '=?base64?SGVsbG8=',
      'SGVsbG8=?=',
      '=?BASE64?SGVsbG8=?=',
      '=?base64?=',
      '',
    ]) {
      expect(decodeHeaderValue(literal)).toEqual({ ok: true, value: literal, encoded: false });
    }
  });

  it.each([
    ['=?base64?SGVsbG8?='], // missing padding
    ['=?base64?SGVsbG8==?='], // wrong padding
    ['=?base64?SGVs!!!bG8=?='], // characters outside the alphabet
    ['=?base64?SGVs bG8=?='], // space inside
    ['=?base64?SGVsbG9=?='], // non-canonical: unused bits set
    ['=?base64?S===?='], // too much padding
    ['=?base64?=SGV?='], // padding not at the end
    ['=?base64?SGVsbG8-?='], // URL-safe alphabet is not Base64
    ['=?base64?/w==?='], // decodes to a lone 0xFF byte: not UTF-8
  ])('reports %s as an error without throwing', (raw) => {
    const result = decodeHeaderValue(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/Base64|UTF-8/);
  });

  it('trims optional whitespace around the value', () => {
    expect(decodeHeaderValue('  foo \t')).toEqual({ ok: true, value: 'foo', encoded: false });
    expect(decodeHeaderValue(' =?base64?SGVsbG8=?= ')).toEqual({ ok: true, value: 'Hello', encoded: true });
  });

  it('rejects characters a header value may not contain', () => {
    for (const raw of ['caf\u00e9', 'a\rb', 'a\nb', 'a\u0000b', 'a\u007fb']) {
      const result = decodeHeaderValue(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/not allowed/);
    }
    expect(decodeHeaderValue('in\tside')).toEqual({ ok: true, value: 'in\tside', encoded: false });
  });

  it('round-trips every kind of value through encodeHeaderValue', () => {
    const values = [
      'us-west1',
      '',
      ' padded ',
      '\tindented',
      'line1\r\nline2',
      'Hello, 世界',
      '😀 emoji',
      '=?base64?literal?=',
      '=?base64?=',
      '\u0000\u007f',
      'x'.repeat(5000),
    ];
    for (const value of values) {
      expect(decodeHeaderValue(encodeHeaderValue(value))).toMatchObject({ ok: true, value });
    }
  });
});

describe('headerValueForParam', () => {
  it('converts strings, integers and booleans', () => {
    expect(headerValueForParam('us-west1')).toEqual({ value: 'us-west1' });
    expect(headerValueForParam('')).toEqual({ value: '' });
    expect(headerValueForParam(42)).toEqual({ value: '42' });
    expect(headerValueForParam(-7)).toEqual({ value: '-7' });
    expect(headerValueForParam(0)).toEqual({ value: '0' });
    expect(headerValueForParam(-0)).toEqual({ value: '0' });
    expect(headerValueForParam(42.0)).toEqual({ value: '42' });
    expect(headerValueForParam(2 ** 53 - 1)).toEqual({ value: '9007199254740991' });
    expect(headerValueForParam(-(2 ** 53 - 1))).toEqual({ value: '-9007199254740991' });
    expect(headerValueForParam(true)).toEqual({ value: 'true' });
    expect(headerValueForParam(false)).toEqual({ value: 'false' });
  });

  it('omits null and absent values without a reason', () => {
    expect(headerValueForParam(null)).toEqual({ value: undefined });
    expect(headerValueForParam(undefined)).toEqual({ value: undefined });
  });

  it.each([
    [2.5],
    [2 ** 53],
    [-(2 ** 53)],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [{ a: 1 }],
    [['a']],
    [10n],
  ])('omits %s with a reason', (value) => {
    const result = headerValueForParam(value);
    expect(result.value).toBeUndefined();
    expect(result.reason).toEqual(expect.any(String));
  });
});

describe('Mcp-Name', () => {
  it('mirrors params.name, params.uri, or nothing', () => {
    expect(nameSourceFor('tools/call')).toBe('name');
    expect(nameSourceFor('prompts/get')).toBe('name');
    expect(nameSourceFor('resources/read')).toBe('uri');
    for (const method of [
      'tools/list',
      'resources/templates/list',
      'completion/complete',
      'server/discover',
    ]) {
      expect(nameSourceFor(method)).toBeUndefined();
    }
  });

  it('encodes the value when it is not header-safe', () => {
    expect(nameHeaderFor('tools/call', { name: 'my-hyphenated-tool' })).toBe('my-hyphenated-tool');
    expect(nameHeaderFor('prompts/get', { name: 'code_review' })).toBe('code_review');
    expect(nameHeaderFor('resources/read', { uri: 'file:///path/to/file%20name.txt' })).toBe(
      'file:///path/to/file%20name.txt',
    );
    expect(nameHeaderFor('resources/read', { uri: 'https://example.com/resource?id=123' })).toBe(
      'https://example.com/resource?id=123',
    );
    expect(nameHeaderFor('resources/read', { uri: 'file:///café.txt' })).toBe(sentinel('file:///café.txt'));
    expect(nameHeaderFor('tools/call', { name: 'outil générique' })).toBe(sentinel('outil générique'));
  });

  it('is undefined for other methods and for missing or non-string fields', () => {
    expect(nameHeaderFor('tools/list', { name: 'x' })).toBeUndefined();
    expect(nameHeaderFor('tools/call', {})).toBeUndefined();
    expect(nameHeaderFor('tools/call', { name: 5 })).toBeUndefined();
    expect(nameHeaderFor('resources/read', { name: 'x' })).toBeUndefined();
    expect(nameHeaderFor('tools/call', null)).toBeUndefined();
    expect(nameHeaderFor('tools/call', undefined)).toBeUndefined();
  });
});

function tool(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: 'object', properties, ...extra };
}

function rulesOf(schema: unknown): XMcpHeaderRule[] {
  const result = extractParamHeaders(schema);
  return result.ok ? [] : result.issues.map((issue) => issue.rule);
}

describe('extractParamHeaders', () => {
  it('returns the declarations of a valid schema, in document order', () => {
    const result = extractParamHeaders(
      tool({
        region: { type: 'string', description: 'where', 'x-mcp-header': 'Region' },
        priority: { type: 'integer', 'x-mcp-header': 'Priority' },
        verbose: { type: 'boolean', 'x-mcp-header': 'Verbose' },
        method_val: { type: 'string', 'x-mcp-header': 'Method' },
        query: { type: 'string' },
        float_val: { type: 'number' },
      }),
    );
    expect(result).toEqual({
      ok: true,
      declarations: [
        {
          name: 'Region',
          header: 'Mcp-Param-Region',
          path: ['region'],
          type: 'string',
          pointer: '/properties/region',
        },
        {
          name: 'Priority',
          header: 'Mcp-Param-Priority',
          path: ['priority'],
          type: 'integer',
          pointer: '/properties/priority',
        },
        {
          name: 'Verbose',
          header: 'Mcp-Param-Verbose',
          path: ['verbose'],
          type: 'boolean',
          pointer: '/properties/verbose',
        },
        {
          name: 'Method',
          header: 'Mcp-Param-Method',
          path: ['method_val'],
          type: 'string',
          pointer: '/properties/method_val',
        },
      ],
    });
  });

  it('accepts nested properties reached through `properties` alone', () => {
    const result = extractParamHeaders(
      tool({
        target: {
          type: 'object',
          properties: {
            'a/b': { type: 'object', properties: { tenant: { type: 'string', 'x-mcp-header': 'Tenant' } } },
          },
        },
      }),
    );
    expect(result).toEqual({
      ok: true,
      declarations: [
        {
          name: 'Tenant',
          header: 'Mcp-Param-Tenant',
          path: ['target', 'a/b', 'tenant'],
          type: 'string',
          pointer: '/properties/target/properties/a~1b/properties/tenant',
        },
      ],
    });
  });

  it('accepts a nullable primitive type and any token character', () => {
    const result = extractParamHeaders(
      tool({
        a: { type: ['string', 'null'], 'x-mcp-header': "X!#$%&'*+-.^_`|~9" },
        b: { type: ['null', 'integer'], 'x-mcp-header': 'B' },
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.declarations.map((d) => d.type)).toEqual(['string', 'integer']);
  });

  it('is fine with schemas that have no annotations, or are not objects', () => {
    expect(extractParamHeaders({ type: 'object' })).toEqual({ ok: true, declarations: [] });
    expect(extractParamHeaders(undefined)).toEqual({ ok: true, declarations: [] });
    expect(extractParamHeaders(true)).toEqual({ ok: true, declarations: [] });
  });

  // The invalid tool definitions of the conformance scenario, one rule each.
  it.each<[string, Record<string, unknown>, XMcpHeaderRule[]]>([
    ['empty', { value: { type: 'string', 'x-mcp-header': '' } }, ['not-empty']],
    ['object type', { data: { type: 'object', 'x-mcp-header': 'Data' } }, ['primitive-only']],
    [
      'array type',
      { items: { type: 'array', items: { type: 'string' }, 'x-mcp-header': 'Items' } },
      ['primitive-only'],
    ],
    ['null type', { nil: { type: 'null', 'x-mcp-header': 'Nil' } }, ['primitive-only']],
    [
      'duplicate, same case',
      {
        field1: { type: 'string', 'x-mcp-header': 'Region' },
        field2: { type: 'string', 'x-mcp-header': 'Region' },
      },
      ['unique'],
    ],
    [
      'duplicate, different case',
      {
        field1: { type: 'string', 'x-mcp-header': 'MyField' },
        field2: { type: 'string', 'x-mcp-header': 'myfield' },
      },
      ['unique'],
    ],
    ['space', { value: { type: 'string', 'x-mcp-header': 'My Region' } }, ['charset']],
    ['colon', { value: { type: 'string', 'x-mcp-header': 'Region:Primary' } }, ['charset']],
    ['non-ASCII', { value: { type: 'string', 'x-mcp-header': 'Région' } }, ['charset']],
    ['tab', { value: { type: 'string', 'x-mcp-header': 'Region\t1' } }, ['no-control-characters', 'charset']],
    ['CR LF', { value: { type: 'string', 'x-mcp-header': 'A\r\nB' } }, ['no-control-characters', 'charset']],
    ['number type', { value: { type: 'number', 'x-mcp-header': 'Value' } }, ['primitive-only']],
    ['no type', { value: { enum: ['a', 'b'], 'x-mcp-header': 'Value' } }, ['primitive-only']],
    [
      'two primitive types',
      { value: { type: ['string', 'integer'], 'x-mcp-header': 'Value' } },
      ['primitive-only'],
    ],
    ['non-string value', { value: { type: 'string', 'x-mcp-header': 42 } }, ['must-be-string']],
    ['parenthesis', { value: { type: 'string', 'x-mcp-header': 'A(b)' } }, ['charset']],
  ])('rejects %s', (_label, properties, rules) => {
    expect(rulesOf(tool(properties))).toEqual(rules);
  });

  it.each([
    ['items', { list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Item' } } }],
    ['prefixItems', { list: { type: 'array', prefixItems: [{ type: 'string', 'x-mcp-header': 'Item' }] } }],
    ['anyOf', { v: { anyOf: [{ type: 'string', 'x-mcp-header': 'V' }, { type: 'null' }] } }],
    ['oneOf', { v: { oneOf: [{ type: 'string', 'x-mcp-header': 'V' }] } }],
    ['allOf', { v: { allOf: [{ type: 'string', 'x-mcp-header': 'V' }] } }],
    ['not', { v: { not: { type: 'string', 'x-mcp-header': 'V' } } }],
    ['if', { v: { if: { type: 'string', 'x-mcp-header': 'V' } } }],
    // Built from JSON: a literal object with a `then` key would be a thenable.
    ['then', JSON.parse('{"v":{"then":{"type":"string","x-mcp-header":"V"}}}') as Record<string, unknown>],
    ['else', { v: { else: { type: 'string', 'x-mcp-header': 'V' } } }],
    [
      'additionalProperties',
      { v: { type: 'object', additionalProperties: { type: 'string', 'x-mcp-header': 'V' } } },
    ],
    [
      'patternProperties',
      { v: { type: 'object', patternProperties: { '^x': { type: 'string', 'x-mcp-header': 'V' } } } },
    ],
    [
      'properties under items',
      {
        list: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string', 'x-mcp-header': 'Id' } } },
        },
      },
    ],
  ])('rejects an annotation reached through %s', (_label, properties) => {
    expect(rulesOf(tool(properties))).toEqual(['statically-reachable']);
  });

  it('rejects annotations in $defs (reached only by $ref) and on the root', () => {
    const viaRef = tool(
      { region: { $ref: '#/$defs/Region' } },
      { $defs: { Region: { type: 'string', 'x-mcp-header': 'Region' } } },
    );
    expect(rulesOf(viaRef)).toEqual(['statically-reachable']);
    const legacyDefinitions = tool({}, { definitions: { R: { type: 'string', 'x-mcp-header': 'R' } } });
    expect(rulesOf(legacyDefinitions)).toEqual(['statically-reachable']);
    expect(rulesOf({ type: 'string', 'x-mcp-header': 'Root' })).toEqual(['statically-reachable']);
  });

  it('rejects an annotation on a property whose type comes from $ref', () => {
    expect(rulesOf(tool({ region: { $ref: '#/$defs/Region', 'x-mcp-header': 'Region' } }))).toEqual([
      'primitive-only',
    ]);
  });

  it('lists every broken rule, with pointers and messages', () => {
    const result = extractParamHeaders(
      tool({
        a: { type: 'number', 'x-mcp-header': 'Bad Name' },
        b: { type: 'string', 'x-mcp-header': 'bad name' },
        c: { type: 'array', items: { type: 'string', 'x-mcp-header': '' } },
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.rule, i.pointer])).toEqual([
      ['charset', '/properties/a'],
      ['primitive-only', '/properties/a'],
      ['charset', '/properties/b'],
      ['statically-reachable', '/properties/c/items'],
      ['not-empty', '/properties/c/items'],
      ['unique', '/properties/b'],
    ]);
    expect(result.issues[1]?.message).toContain("'number'");
    expect(result.issues[5]?.message).toContain('/properties/a');
  });

  it('does not mistake data or property names for annotations', () => {
    const schema = tool({
      'x-mcp-header': { type: 'string' },
      config: {
        type: 'object',
        default: { 'x-mcp-header': 'NotAnAnnotation' },
        const: { 'x-mcp-header': 'Nor' },
        examples: [{ 'x-mcp-header': 'This' }],
        enum: [{ 'x-mcp-header': 'Either' }],
      },
    });
    expect(extractParamHeaders(schema)).toEqual({ ok: true, declarations: [] });
  });

  it('survives cyclic in-memory schemas and very deep nesting', () => {
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic.properties = { self: cyclic, r: { type: 'string', 'x-mcp-header': 'R' } };
    expect(extractParamHeaders(cyclic)).toMatchObject({
      ok: true,
      declarations: [{ name: 'R', path: ['r'] }],
    });
    // Shared through `items` too: on the wire the annotation would also sit under `items`.
    cyclic.items = cyclic;
    expect(extractParamHeaders(cyclic)).toMatchObject({
      ok: false,
      issues: [
        { rule: 'statically-reachable', pointer: '/items/properties/r' },
        { rule: 'unique', pointer: '/items/properties/r' },
      ],
    });

    let deep: Record<string, unknown> = { type: 'string', 'x-mcp-header': 'Deep' };
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    expect(rulesOf(tool({ v: deep }))).toEqual(['statically-reachable']);
  });
});

const declarations: ParamHeaderDeclaration[] = (() => {
  const result = extractParamHeaders(
    tool({
      region: { type: 'string', 'x-mcp-header': 'Region' },
      priority: { type: 'integer', 'x-mcp-header': 'Priority' },
      verbose: { type: 'boolean', 'x-mcp-header': 'Verbose' },
      text: { type: 'string', 'x-mcp-header': 'Text' },
      nested: { type: 'object', properties: { tenant: { type: 'string', 'x-mcp-header': 'TenantId' } } },
      query: { type: 'string' },
    }),
  );
  if (!result.ok) throw new Error('fixture schema should be valid');
  return result.declarations;
})();

describe('paramHeadersFor', () => {
  it('mirrors annotated arguments, converted and encoded', () => {
    expect(
      paramHeadersFor(declarations, {
        region: 'us-west1',
        priority: 42,
        verbose: false,
        text: 'Hello, 世界',
        nested: { tenant: 'acme' },
        query: 'SELECT 1',
      }),
    ).toEqual({
      'Mcp-Param-Region': 'us-west1',
      'Mcp-Param-Priority': '42',
      'Mcp-Param-Verbose': 'false',
      'Mcp-Param-Text': sentinel('Hello, 世界'),
      'Mcp-Param-TenantId': 'acme',
    });
  });

  it('sends an empty string as an empty header', () => {
    expect(paramHeadersFor(declarations, { text: '' })).toEqual({ 'Mcp-Param-Text': '' });
  });

  it('omits null, absent and unmirrorable values', () => {
    expect(
      paramHeadersFor(declarations, {
        region: null,
        priority: 1.5,
        verbose: 'yes',
        nested: { tenant: null },
      }),
    ).toEqual({ 'Mcp-Param-Verbose': 'yes' });
    expect(paramHeadersFor(declarations, { nested: 'not an object' })).toEqual({});
    expect(paramHeadersFor(declarations, undefined)).toEqual({});
    expect(paramHeadersFor(declarations, [])).toEqual({});
  });

  it('reads own properties only', () => {
    const inherited = Object.create({ region: 'from-prototype' }) as Record<string, unknown>;
    expect(paramHeadersFor(declarations, inherited)).toEqual({});
    const [constructorDeclaration] = (
      extractParamHeaders(tool({ constructor: { type: 'string', 'x-mcp-header': 'C' } })) as {
        declarations: ParamHeaderDeclaration[];
      }
    ).declarations;
    expect(paramHeadersFor([constructorDeclaration!], {})).toEqual({});
  });
});

describe('requestHeadersFor', () => {
  it('builds every standard and custom header of a tools/call', () => {
    expect(
      requestHeadersFor(
        {
          method: 'tools/call',
          params: { name: 'execute_sql', arguments: { region: 'us-west1', query: 'q' } },
        },
        { protocolVersion: '2026-07-28', paramHeaders: declarations },
      ),
    ).toEqual({
      'MCP-Protocol-Version': '2026-07-28',
      'Mcp-Method': 'tools/call',
      'Mcp-Name': 'execute_sql',
      'Mcp-Param-Region': 'us-west1',
    });
  });

  it('sends only Mcp-Method for methods without a name', () => {
    expect(requestHeadersFor({ method: 'tools/list' }, { paramHeaders: declarations })).toEqual({
      'Mcp-Method': 'tools/list',
    });
    expect(requestHeadersFor({ method: 'resources/read', params: { uri: 'test://x' } })).toEqual({
      'Mcp-Method': 'resources/read',
      'Mcp-Name': 'test://x',
    });
  });
});

describe('getHeader', () => {
  it('matches names case-insensitively in every header shape', () => {
    expect(getHeader({ 'mcp-method': 'a' }, 'Mcp-Method')).toBe('a');
    expect(getHeader({ 'MCP-METHOD': 'a' }, 'Mcp-Method')).toBe('a');
    expect(getHeader(new Headers({ 'MCP-METHOD': 'a' }), 'mcp-method')).toBe('a');
    expect(getHeader({ 'x-list': ['a', 'b'] }, 'X-List')).toBe('a, b');
    expect(getHeader({ other: 'a', 'mcp-name': undefined }, 'Mcp-Name')).toBeUndefined();
    expect(getHeader(new Headers(), 'Mcp-Name')).toBeUndefined();
  });
});

describe('checkRequestHeaders', () => {
  const call = (args: Record<string, unknown>, name = 'execute_sql') => ({
    id: 1,
    method: 'tools/call',
    params: { name, arguments: args },
  });
  const standard = { 'Mcp-Method': 'tools/call', 'Mcp-Name': 'execute_sql' };

  function problems(
    headers: Record<string, string>,
    message: { method: string; params?: unknown; id?: unknown },
  ): [string, string][] {
    const result = checkRequestHeaders(headers, message, { paramHeaders: declarations });
    return result.ok ? [] : result.problems.map((p) => [p.header, p.kind]);
  }

  it('accepts headers that mirror the body', () => {
    const result = checkRequestHeaders(
      {
        ...standard,
        'Mcp-Param-Region': 'us-west1',
        'Mcp-Param-Priority': '42',
        'Mcp-Param-Verbose': 'true',
      },
      call({ region: 'us-west1', priority: 42, verbose: true }),
      { paramHeaders: declarations },
    );
    expect(result).toEqual({ ok: true });
    expect(checkRequestHeaders({ 'Mcp-Method': 'tools/list' }, { id: 2, method: 'tools/list' })).toEqual({
      ok: true,
    });
  });

  it('answers failures with -32020 and HTTP 400, listing every problem', () => {
    const result = checkRequestHeaders({ 'Mcp-Method': 'prompts/list', 'Mcp-Name': 'foo' }, call({}, 'bar'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.httpStatus).toBe(400);
    expect(result.error).toBeInstanceOf(HeaderMismatchError);
    expect(result.error.code).toBe(ErrorCode.HeaderMismatch);
    expect(result.error.code).toBe(-32020);
    expect(result.error.message).toBe(
      "Header mismatch: Mcp-Method header value 'prompts/list' does not match body value 'tools/call'; " +
        "Mcp-Name header value 'foo' does not match body value 'bar'",
    );
    expect(result.error.toJSON().data).toEqual({ problems: result.problems });
  });

  it('checks Mcp-Method: required on requests, compared case-sensitively', () => {
    const list = { id: 1, method: 'tools/list' };
    expect(problems({}, list)).toEqual([['Mcp-Method', 'missing']]);
    expect(problems({ 'Mcp-Method': 'prompts/list' }, list)).toEqual([['Mcp-Method', 'mismatch']]);
    expect(problems({ 'Mcp-Method': 'TOOLS/LIST' }, list)).toEqual([['Mcp-Method', 'mismatch']]);
    expect(problems({ 'mcp-method': 'tools/list' }, list)).toEqual([]);
    expect(problems({ 'MCP-METHOD': 'tools/list' }, list)).toEqual([]);
    expect(problems({ 'Mcp-Method': '  tools/list  ' }, list)).toEqual([]);
    // Mcp-Method is never Base64-decoded
    expect(problems({ 'Mcp-Method': sentinel('tools/list') }, list)).toEqual([['Mcp-Method', 'mismatch']]);
  });

  it('compares but does not require Mcp-Method on notifications', () => {
    const note = { method: 'notifications/cancelled' };
    expect(problems({}, note)).toEqual([]);
    expect(problems({ 'Mcp-Method': 'other' }, note)).toEqual([['Mcp-Method', 'mismatch']]);
  });

  it('checks Mcp-Name for tools/call, prompts/get and resources/read', () => {
    expect(problems({ 'Mcp-Method': 'tools/call' }, call({}))).toEqual([['Mcp-Name', 'missing']]);
    expect(problems({ ...standard, 'Mcp-Name': 'wrong_tool_name' }, call({}))).toEqual([
      ['Mcp-Name', 'mismatch'],
    ]);
    expect(problems({ ...standard, 'Mcp-Name': '  execute_sql  ' }, call({}))).toEqual([]);
    expect(problems({ ...standard, 'Mcp-Name': 'EXECUTE_SQL' }, call({}))).toEqual([
      ['Mcp-Name', 'mismatch'],
    ]);
    const prompt = { id: 1, method: 'prompts/get', params: { name: 'code_review' } };
    expect(problems({ 'Mcp-Method': 'prompts/get', 'mcp-name': 'code_review' }, prompt)).toEqual([]);
    const read = { id: 1, method: 'resources/read', params: { uri: 'file:///café.txt' } };
    expect(
      problems({ 'Mcp-Method': 'resources/read', 'Mcp-Name': sentinel('file:///café.txt') }, read),
    ).toEqual([]);
    expect(problems({ 'Mcp-Method': 'resources/read', 'Mcp-Name': 'file:///caf.txt' }, read)).toEqual([
      ['Mcp-Name', 'mismatch'],
    ]);
    expect(problems({ 'Mcp-Method': 'resources/read', 'Mcp-Name': '=?base64?SGVsbG8?=' }, read)).toEqual([
      ['Mcp-Name', 'invalid'],
    ]);
  });

  it('ignores Mcp-Name on other methods and leaves a body without a name to params validation', () => {
    expect(
      problems({ 'Mcp-Method': 'tools/list', 'Mcp-Name': 'x' }, { id: 1, method: 'tools/list' }),
    ).toEqual([]);
    expect(problems({ 'Mcp-Method': 'tools/call' }, { id: 1, method: 'tools/call', params: {} })).toEqual([]);
    expect(
      problems({ 'Mcp-Method': 'tools/call' }, { id: 1, method: 'tools/call', params: { name: 3 } }),
    ).toEqual([]);
    expect(
      problems({ 'Mcp-Method': 'tools/call', 'Mcp-Name': 'x' }, { id: 1, method: 'tools/call', params: {} }),
    ).toEqual([['Mcp-Name', 'mismatch']]);
  });

  it('decodes Base64 custom headers and rejects invalid ones (conformance cases)', () => {
    const hello = call({ text: 'Hello' });
    expect(problems({ ...standard, 'Mcp-Param-Text': '=?base64?SGVsbG8=?=' }, hello)).toEqual([]);
    expect(problems({ ...standard, 'Mcp-Param-Text': '=?base64?SGVsbG8?=' }, hello)).toEqual([
      ['Mcp-Param-Text', 'invalid'],
    ]);
    expect(problems({ ...standard, 'Mcp-Param-Text': '=?base64?SGVs!!!bG8=?=' }, hello)).toEqual([
      ['Mcp-Param-Text', 'invalid'],
    ]);
    // Without both lowercase markers the value is a literal.
    expect(problems({ ...standard, 'Mcp-Param-Text': 'SGVsbG8=' }, call({ text: 'SGVsbG8=' }))).toEqual([]);
    expect(
      problems({ ...standard, 'Mcp-Param-Text': '=?base64?SGVsbG8=' }, call({ text: '=?base64?SGVsbG8=' })),
    ).toEqual([]);
    expect(
      problems(
        { ...standard, 'Mcp-Param-Text': '=?BASE64?SGVsbG8=?=' },
        call({ text: '=?BASE64?SGVsbG8=?=' }),
      ),
    ).toEqual([]);
    expect(problems({ ...standard, 'Mcp-Param-Text': '=?BASE64?SGVsbG8=?=' }, hello)).toEqual([
      ['Mcp-Param-Text', 'mismatch'],
    ]);
  });

  it('rejects a custom header with characters a header value may not carry', () => {
    expect(problems({ ...standard, 'Mcp-Param-Text': 'caf\u00e9' }, call({ text: 'café' }))).toEqual([
      ['Mcp-Param-Text', 'invalid'],
    ]);
  });

  it('requires a custom header when the body has a value, and only then', () => {
    expect(problems(standard, call({ region: 'us-west1' }))).toEqual([['Mcp-Param-Region', 'missing']]);
    expect(problems(standard, call({ nested: { tenant: 'acme' } }))).toEqual([
      ['Mcp-Param-TenantId', 'missing'],
    ]);
    expect(problems(standard, call({ region: null, verbose: null }))).toEqual([]);
    expect(problems(standard, call({ query: 'q' }))).toEqual([]);
    // Values a client cannot mirror are left to schema validation.
    expect(problems(standard, call({ priority: 1.5, nested: 'x' }))).toEqual([]);
  });

  it('rejects a custom header that the body does not back', () => {
    expect(problems({ ...standard, 'Mcp-Param-Region': 'us-west1' }, call({}))).toEqual([
      ['Mcp-Param-Region', 'mismatch'],
    ]);
    expect(problems({ ...standard, 'Mcp-Param-Region': 'us-west1' }, call({ region: null }))).toEqual([
      ['Mcp-Param-Region', 'mismatch'],
    ]);
  });

  it('compares custom header values exactly, integers numerically', () => {
    expect(problems({ ...standard, 'Mcp-Param-Region': 'us-east1' }, call({ region: 'us-west1' }))).toEqual([
      ['Mcp-Param-Region', 'mismatch'],
    ]);
    expect(problems({ ...standard, 'Mcp-Param-Region': 'US-WEST1' }, call({ region: 'us-west1' }))).toEqual([
      ['Mcp-Param-Region', 'mismatch'],
    ]);
    for (const ok of ['42', '42.0', '+42', '4.2e1', ' 42 ']) {
      expect(problems({ ...standard, 'Mcp-Param-Priority': ok }, call({ priority: 42 }))).toEqual([]);
    }
    for (const bad of ['43', '0x2A', '', '42abc', 'Infinity']) {
      expect(problems({ ...standard, 'Mcp-Param-Priority': bad }, call({ priority: 42 }))).toEqual([
        ['Mcp-Param-Priority', 'mismatch'],
      ]);
    }
    expect(problems({ ...standard, 'Mcp-Param-Verbose': 'false' }, call({ verbose: false }))).toEqual([]);
    expect(problems({ ...standard, 'Mcp-Param-Verbose': 'False' }, call({ verbose: false }))).toEqual([
      ['Mcp-Param-Verbose', 'mismatch'],
    ]);
    expect(problems({ ...standard, 'Mcp-Param-Text': '' }, call({ text: '' }))).toEqual([]);
  });

  it('matches custom header names case-insensitively and ignores undeclared ones', () => {
    expect(problems({ ...standard, 'mcp-param-region': 'us-west1' }, call({ region: 'us-west1' }))).toEqual(
      [],
    );
    expect(problems({ ...standard, 'MCP-PARAM-REGION': 'us-west1' }, call({ region: 'us-west1' }))).toEqual(
      [],
    );
    expect(problems({ ...standard, 'Mcp-Param-Unknown': 'x' }, call({}))).toEqual([]);
    const viaFetch = checkRequestHeaders(
      new Headers({ 'mcp-method': 'tools/call', 'mcp-name': 'execute_sql', 'mcp-param-region': 'us-west1' }),
      call({ region: 'us-west1' }),
      { paramHeaders: declarations },
    );
    expect(viaFetch).toEqual({ ok: true });
  });

  it('checks custom headers on tools/call only, and only with declarations', () => {
    expect(checkRequestHeaders(standard, call({ region: 'us-west1' }))).toEqual({ ok: true });
    expect(
      problems(
        { 'Mcp-Method': 'prompts/get', 'Mcp-Name': 'p' },
        { id: 1, method: 'prompts/get', params: { name: 'p' } },
      ),
    ).toEqual([]);
  });

  it('round-trips with the client helpers', () => {
    const args = {
      region: ' padded ',
      priority: -7,
      verbose: true,
      text: 'line1\r\nline2',
      nested: { tenant: '=?base64?x?=' },
    };
    const message = call(args);
    const headers = requestHeadersFor(message, { paramHeaders: declarations });
    expect(checkRequestHeaders(headers, message, { paramHeaders: declarations })).toEqual({ ok: true });
  });
});
