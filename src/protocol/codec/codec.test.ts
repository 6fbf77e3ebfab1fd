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

  it('hands on results as they came: without resultType, each is complete', () => {
    const page = { tools: [] };
    expect(codec.decodeResult('tools/list', page)).toBe(page);
  });
});

describe('legacy codec: each revision gets only what it defines', () => {
  const audio = { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' };
  const link = {
    type: 'resource_link',
    uri: 'file:///notes.md',
    name: 'notes',
    title: 'Meeting notes',
    mimeType: 'text/markdown',
    annotations: { audience: ['user'], lastModified: '2025-01-01T00:00:00Z' },
  };
  const embedded = {
    type: 'resource',
    resource: { uri: 'file:///a.txt', text: 'a', _meta: { 'com.example/k': 1 } },
    _meta: { 'com.example/k': 2 },
  };
  const image = { type: 'image', data: 'AAAA', mimeType: 'image/png' };
  const callResult = {
    content: [{ type: 'text', text: '{"n":1}' }, image, audio, link, embedded],
    structuredContent: { n: 1 },
  };

  it('passes 2025-11-25 results through without copying', () => {
    const codec = codecFor('2025-11-25');
    expect(codec.encodeResult('tools/call', callResult)).toBe(callResult);
    const tools = {
      tools: [
        {
          name: 't',
          title: 'T',
          icons: [{ src: 'https://example.com/t.png' }],
          inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' },
        },
      ],
    };
    expect(codec.encodeResult('tools/list', tools)).toBe(tools);
  });

  it('turns audio into a text block for 2024-11-05 and keeps it for 2025-03-26', () => {
    const old = codecFor('2024-11-05').encodeResult('tools/call', callResult);
    const content = old.content as Record<string, unknown>[];
    expect(content).toHaveLength(5);
    expect(content[0]).toEqual({ type: 'text', text: '{"n":1}' });
    expect(content[1]).toBe(image);
    expect(content[2]).toEqual({
      type: 'text',
      text: '[Audio content omitted (audio/wav, 3 bytes): protocol revision 2024-11-05 cannot carry audio.]',
    });
    expect(old).not.toHaveProperty('structuredContent');
    const newer = codecFor('2025-03-26').encodeResult('tools/call', callResult);
    expect((newer.content as unknown[])[2]).toBe(audio);
    // The handler's result is never modified.
    expect(callResult.content[2]).toBe(audio);
    expect(callResult.structuredContent).toEqual({ n: 1 });
  });

  it('turns a resource link into a text block naming it before 2025-06-18, with its audience', () => {
    for (const version of ['2024-11-05', '2025-03-26']) {
      const content = codecFor(version).encodeResult('tools/call', callResult).content as unknown[];
      expect(content[3]).toEqual({
        type: 'text',
        text: 'Resource link: Meeting notes <file:///notes.md> (text/markdown). Read it with resources/read.',
        annotations: { audience: ['user'] },
      });
    }
    const content = codecFor('2025-06-18').encodeResult('tools/call', callResult).content as unknown[];
    expect(content[3]).toBe(link);
  });

  it('leaves _meta off content blocks and resource contents before 2025-06-18', () => {
    const content = codecFor('2025-03-26').encodeResult('tools/call', callResult).content as unknown[];
    expect(content[4]).toEqual({ type: 'resource', resource: { uri: 'file:///a.txt', text: 'a' } });
    const read = codecFor('2025-03-26').encodeResult('resources/read', {
      contents: [{ uri: 'file:///a.txt', text: 'a', _meta: { k: 1 } }],
    });
    expect(read).toEqual({ contents: [{ uri: 'file:///a.txt', text: 'a' }] });
  });

  it('keeps structuredContent from 2025-06-18 on, and drops it (and outputSchema) before', () => {
    expect(codecFor('2025-06-18').encodeResult('tools/call', callResult).structuredContent).toEqual({ n: 1 });
    const listed = codecFor('2025-03-26').encodeResult('tools/list', {
      tools: [{ name: 'sum', inputSchema: { type: 'object' }, outputSchema: { type: 'object' } }],
    });
    expect(listed).toEqual({ tools: [{ name: 'sum', inputSchema: { type: 'object' } }] });
  });

  it('sends $schema on tool schemas to 2025-11-25 only (SEP-1613)', () => {
    const dialect = 'https://json-schema.org/draft/2020-12/schema';
    const tools = {
      tools: [
        {
          name: 'sum',
          inputSchema: { $schema: dialect, type: 'object', properties: { a: { type: 'number' } } },
          outputSchema: { $schema: dialect, type: 'object', properties: { n: { type: 'number' } } },
        },
        {
          name: 'primes',
          inputSchema: { type: 'object' },
          outputSchema: { $schema: dialect, type: 'array', items: { type: 'integer' } },
        },
      ],
    };
    const modern = codecFor('2025-11-25').encodeResult('tools/list', tools).tools as Record<
      string,
      unknown
    >[];
    expect(modern[0]).toBe(tools.tools[0]);
    // A wrapped non-object schema keeps its marker at the root.
    expect(modern[1]!.outputSchema).toEqual({
      $schema: dialect,
      type: 'object',
      properties: { result: { type: 'array', items: { type: 'integer' } } },
      required: ['result'],
    });
    const older = codecFor('2025-06-18').encodeResult('tools/list', tools).tools as Record<string, unknown>[];
    expect(older[0]).toEqual({
      name: 'sum',
      inputSchema: { type: 'object', properties: { a: { type: 'number' } } },
      outputSchema: { type: 'object', properties: { n: { type: 'number' } } },
    });
    expect(JSON.stringify(older)).not.toContain('$schema');
    expect(tools.tools[0]!.inputSchema.$schema).toBe(dialect);
  });

  it('leaves out titles, icons, _meta, annotations and execution where a revision lacks them', () => {
    const tool = {
      name: 'delete',
      title: 'Delete',
      description: 'Deletes',
      icons: [{ src: 'https://example.com/d.png' }],
      annotations: { destructiveHint: true },
      execution: { taskSupport: 'optional' },
      _meta: { 'com.example/k': 1 },
      inputSchema: { type: 'object' },
    };
    const list = (version: string) =>
      (codecFor(version).encodeResult('tools/list', { tools: [tool] }).tools as unknown[])[0];
    expect(list('2025-06-18')).toEqual({
      name: 'delete',
      title: 'Delete',
      description: 'Deletes',
      annotations: { destructiveHint: true },
      _meta: { 'com.example/k': 1 },
      inputSchema: { type: 'object' },
    });
    expect(list('2025-03-26')).toEqual({
      name: 'delete',
      description: 'Deletes',
      annotations: { destructiveHint: true },
      inputSchema: { type: 'object' },
    });
    expect(list('2024-11-05')).toEqual({
      name: 'delete',
      description: 'Deletes',
      inputSchema: { type: 'object' },
    });

    const prompts = codecFor('2025-03-26').encodeResult('prompts/list', {
      prompts: [{ name: 'p', title: 'P', arguments: [{ name: 'a', title: 'A', required: true }] }],
    });
    expect(prompts).toEqual({ prompts: [{ name: 'p', arguments: [{ name: 'a', required: true }] }] });
    const resources = codecFor('2025-03-26').encodeResult('resources/list', {
      resources: [
        { uri: 'file:///r', name: 'r', title: 'R', annotations: { priority: 1, lastModified: 'x' } },
      ],
    });
    expect(resources).toEqual({ resources: [{ uri: 'file:///r', name: 'r', annotations: { priority: 1 } }] });
  });

  it('downgrades prompt message content like tool content', () => {
    const rendered = codecFor('2024-11-05').encodeResult('prompts/get', {
      messages: [
        { role: 'user', content: { type: 'text', text: 'hi' } },
        { role: 'assistant', content: audio },
      ],
    });
    const messages = rendered.messages as { content: Record<string, unknown> }[];
    expect(messages[0]!.content).toEqual({ type: 'text', text: 'hi' });
    expect(messages[1]!.content.type).toBe('text');
    expect(String(messages[1]!.content.text)).toContain('Audio content omitted');
  });

  it('reports only what the revision defines about the server in initialize', () => {
    const result = {
      protocolVersion: '2025-03-26',
      capabilities: { tools: { listChanged: true }, completions: {}, tasks: { list: {} } },
      serverInfo: {
        name: 's',
        version: '1',
        title: 'S',
        description: 'd',
        websiteUrl: 'https://example.com',
      },
    };
    expect(codecFor('2024-11-05').encodeResult('initialize', result)).toEqual({
      protocolVersion: '2025-03-26',
      capabilities: { tools: { listChanged: true } },
      serverInfo: { name: 's', version: '1' },
    });
    expect(codecFor('2025-06-18').encodeResult('initialize', result)).toEqual({
      protocolVersion: '2025-03-26',
      capabilities: { tools: { listChanged: true }, completions: {} },
      serverInfo: { name: 's', version: '1', title: 'S' },
    });
    expect(codecFor('2025-11-25').encodeResult('initialize', result)).toBe(result);
  });

  it('shapes requests to the client for the revision: form elicitation and sampling content', () => {
    const form = {
      mode: 'form',
      message: 'Name?',
      requestedSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { name: { type: 'string' } },
      },
    };
    expect(codecFor('2025-11-25').encodeRequest('elicitation/create', form)).toBe(form);
    expect(codecFor('2026-07-28').encodeRequest('elicitation/create', form)).toBe(form);
    expect(codecFor('2025-06-18').encodeRequest('elicitation/create', form)).toEqual({
      message: 'Name?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
    });
    const sampling = {
      maxTokens: 5,
      messages: [
        { role: 'user', content: { type: 'text', text: 'hi' } },
        { role: 'user', content: { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' } },
      ],
    };
    expect(codecFor('2025-03-26').encodeRequest('sampling/createMessage', sampling)).toBe(sampling);
    const old = codecFor('2024-11-05').encodeRequest('sampling/createMessage', sampling)!;
    const messages = old.messages as { content: Record<string, unknown> }[];
    expect(messages[0]).toBe(sampling.messages[0]);
    expect(messages[1]!.content).toMatchObject({ type: 'text' });
    expect(String(messages[1]!.content.text)).toContain('Audio content omitted');
    expect(codecFor('2024-11-05').encodeRequest('roots/list', undefined)).toBeUndefined();
  });

  it('tells what each revision defines, everything on the modern era', () => {
    expect(codecFor('2024-11-05').features.progressMessage).toBe(false);
    expect(codecFor('2025-03-26').features).toMatchObject({ progressMessage: true, resourceLinks: false });
    expect(codecFor('2026-07-28').features).toMatchObject({
      audioContent: true,
      schemaDialect: true,
      resumableStreams: false,
    });
  });

  it('says which revisions have resumable (primed, server-closable) request streams', () => {
    expect(codecFor('2025-11-25').resumableStreams).toBe(true);
    for (const version of ['2025-06-18', '2025-03-26', '2024-11-05', '2026-07-28'])
      expect(codecFor(version).resumableStreams).toBe(false);
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
