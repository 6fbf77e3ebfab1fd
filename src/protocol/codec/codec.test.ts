import { describe, expect, it } from 'vitest';
import { ErrorCode, InvalidParamsError, McpError, UrlElicitationRequiredError } from '../errors.js';
import { META_SERVER_INFO } from '../meta.js';
import { codecFor, isResourceNotFound, resourceNotFound } from './codec.js';

const serverInfo = { name: 'weather', version: '1.2.0' };

describe('modern codec (2026-07-28)', () => {
  const codec = codecFor('2026-07-28');

  it('stamps resultType, server identity and default cache hints on a cacheable result', () => {
    const handlerResult = { tools: [] };
    const wire = codec.encodeResult('tools/list', handlerResult, { serverInfo });
    expect(wire).toEqual({
      tools: [],
      resultType: 'complete',
      ttlMs: 0,
      cacheScope: 'private',
      _meta: { [META_SERVER_INFO]: serverInfo },
    });
    // The handler's object is not modified: it may be a shared, cached value.
    expect(handlerResult).toEqual({ tools: [] });
  });

  it('keeps hints, resultType and _meta the handler chose', () => {
    const wire = codec.encodeResult(
      'resources/read',
      { contents: [], ttlMs: 5000, cacheScope: 'public', _meta: { 'com.example/trace': 'abc' } },
      { serverInfo, cache: { ttlMs: 1, cacheScope: 'private' } },
    );
    expect(wire).toMatchObject({ ttlMs: 5000, cacheScope: 'public', resultType: 'complete' });
    expect(wire._meta).toEqual({ 'com.example/trace': 'abc', [META_SERVER_INFO]: serverInfo });
  });

  it('adds no cache hints to results that are not cacheable, nor to input_required results', () => {
    expect(codec.encodeResult('tools/call', { content: [] })).toEqual({
      content: [],
      resultType: 'complete',
    });
    const pending = codec.encodeResult('resources/read', { resultType: 'input_required', requestState: 'x' });
    expect(pending).not.toHaveProperty('ttlMs');
  });

  it('encodes a missing resource as -32602 with the URI, and never emits -32042', () => {
    expect(codec.encodeError(resourceNotFound('file:///gone.txt'))).toEqual({
      code: ErrorCode.InvalidParams,
      message: 'Resource not found: file:///gone.txt',
      data: { uri: 'file:///gone.txt' },
    });
    expect(codec.encodeError(new UrlElicitationRequiredError('visit the page')).code).toBe(
      ErrorCode.InternalError,
    );
  });

  it('treats a result without resultType as complete when decoding', () => {
    expect(codec.decodeResult('tools/call', { content: [] })).toEqual({
      content: [],
      resultType: 'complete',
    });
    const partial = { resultType: 'input_required', inputRequests: {} };
    expect(codec.decodeResult('tools/call', partial)).toBe(partial);
  });
});

describe('legacy codec (2025-11-25 and earlier)', () => {
  const codec = codecFor('2025-06-18');

  it('strips modern-only fields and leaves legacy results alone', () => {
    const plain = { content: [] };
    expect(codec.encodeResult('tools/call', plain)).toBe(plain);
    expect(
      codec.encodeResult('tools/list', { tools: [], resultType: 'complete', ttlMs: 9, cacheScope: 'public' }),
    ).toEqual({
      tools: [],
    });
  });

  it('wraps non-object output schemas and structured content as { result } for 2025 peers (SEP-2106)', () => {
    const listed = codec.encodeResult('tools/list', {
      tools: [
        {
          name: 'primes',
          inputSchema: { type: 'object' },
          outputSchema: { type: 'array', items: { type: 'integer' } },
        },
        {
          name: 'sum',
          inputSchema: { type: 'object' },
          outputSchema: { type: 'object', properties: { n: { type: 'number' } } },
        },
      ],
    });
    expect((listed.tools as Record<string, unknown>[])[0]!.outputSchema).toEqual({
      type: 'object',
      properties: { result: { type: 'array', items: { type: 'integer' } } },
      required: ['result'],
    });
    expect((listed.tools as Record<string, unknown>[])[1]!.outputSchema).toEqual({
      type: 'object',
      properties: { n: { type: 'number' } },
    });
    expect(codec.encodeResult('tools/call', { content: [], structuredContent: [2, 3] })).toEqual({
      content: [],
      structuredContent: { result: [2, 3] },
    });
    const plain = { content: [], structuredContent: { n: 1 } };
    expect(codec.encodeResult('tools/call', plain)).toBe(plain);
  });

  it('keeps -32002 for a missing resource', () => {
    expect(codec.encodeError(resourceNotFound('file:///gone.txt')).code).toBe(ErrorCode.ResourceNotFound);
  });

  it('decodes results as complete', () => {
    expect(codec.decodeResult('tools/list', { tools: [] })).toEqual({ tools: [], resultType: 'complete' });
  });
});

describe('codecFor', () => {
  it('shares codecs for revisions mcpkit speaks', () => {
    expect(codecFor('2026-07-28')).toBe(codecFor('2026-07-28'));
    expect(codecFor('2025-11-25').era).toBe('legacy');
  });

  it('classifies revisions it does not know by date', () => {
    expect(codecFor('2027-01-01').era).toBe('modern');
    expect(codecFor('2024-01-01').era).toBe('legacy');
  });
});

describe('isResourceNotFound', () => {
  it('recognises both wire forms', () => {
    expect(isResourceNotFound(McpError.fromObject({ code: -32002, message: 'gone' }))).toBe(true);
    expect(isResourceNotFound(new InvalidParamsError('gone', { uri: 'file:///x' }))).toBe(true);
    expect(isResourceNotFound(new InvalidParamsError('bad cursor'))).toBe(false);
  });
});
