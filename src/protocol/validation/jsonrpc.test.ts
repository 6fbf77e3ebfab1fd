import { describe, expect, it } from 'vitest';
import { type ClassifiedMessage, classifyMessage, parseMessage } from './jsonrpc.js';

function invalid(result: ClassifiedMessage) {
  expect(result.kind).toBe('invalid');
  if (result.kind !== 'invalid') throw new Error('unreachable');
  return result;
}

describe('parseMessage', () => {
  it.each(['', '{', 'nul', '{"a":1,}', "{'a':1}", '{"jsonrpc":"2.0","id":1,"method":"x"'])(
    'answers -32700 with no id for malformed JSON %j',
    (text) => {
      const result = invalid(parseMessage(text));
      expect(result.error.code).toBe(-32700);
      expect(result.error.message).toMatch(/^Parse error/);
      expect(result.id).toBeUndefined();
      expect(result.shape).toBe('unknown');
    },
  );

  it('parses and classifies a request', () => {
    const result = parseMessage('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"k":1}}}');
    expect(result).toEqual({
      kind: 'request',
      message: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { k: 1 } } },
    });
  });

  it('classifies a batch distinctly, with the -32600 to answer when batches are refused', () => {
    const result = parseMessage('[{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","id":2,"method":"b"}]');
    expect(result.kind).toBe('batch');
    if (result.kind !== 'batch') throw new Error('unreachable');
    expect(result.items).toHaveLength(2);
    expect(result.error.code).toBe(-32600);
    expect(result.error.message).toContain('2025-03-26');
    expect(result.items.map((item) => classifyMessage(item).kind)).toEqual(['notification', 'request']);
  });
});

describe('classifyMessage: valid messages', () => {
  it('returns the input object itself, unknown members included', () => {
    const request = { jsonrpc: '2.0', id: 'abc', method: 'tools/call', params: { name: 'x' }, extra: true };
    const result = classifyMessage(request);
    expect(result.kind).toBe('request');
    if (result.kind === 'request') expect(result.message).toBe(request);
  });

  it.each([
    [{ jsonrpc: '2.0', id: 0, method: 'ping' }, 'request'],
    [{ jsonrpc: '2.0', id: '', method: 'ping' }, 'request'],
    [{ jsonrpc: '2.0', id: -5, method: 'x', params: {} }, 'request'],
    [{ jsonrpc: '2.0', method: 'notifications/initialized' }, 'notification'],
    [{ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } }, 'notification'],
    [{ jsonrpc: '2.0', id: 1, result: {} }, 'result'],
    [{ jsonrpc: '2.0', id: 'x', result: { resultType: 'complete' } }, 'result'],
    [{ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } }, 'error'],
    [{ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } }, 'error'],
    [{ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request', data: [1] } }, 'error'],
  ])('%j is a %s', (value, kind) => {
    const result = classifyMessage(value);
    expect(result.kind).toBe(kind);
    if (result.kind !== 'invalid' && result.kind !== 'batch') expect(result.message).toBe(value);
  });
});

describe('classifyMessage: invalid messages answer -32600', () => {
  it.each([
    ['a string', 'str', 'must be an object, got string'],
    ['a number', 42, 'must be an object, got number'],
    ['null', null, 'must be an object, got null'],
    ['a boolean', true, 'must be an object, got boolean'],
    ['an empty array', [], 'empty array'],
  ])('%s', (_label, value, fragment) => {
    const result = invalid(classifyMessage(value));
    expect(result.error.code).toBe(-32600);
    expect(result.error.message).toContain(fragment);
    expect(result.id).toBeUndefined();
  });

  it('missing or wrong jsonrpc, keeping a readable id', () => {
    let result = invalid(classifyMessage({ id: 5, method: 'ping' }));
    expect(result.error).toEqual({ code: -32600, message: 'missing "jsonrpc": "2.0"' });
    expect(result.id).toBe(5);
    expect(result.shape).toBe('request');

    result = invalid(classifyMessage({ jsonrpc: '1.0', id: 'a', method: 'ping' }));
    expect(result.error.message).toBe('"jsonrpc" must be "2.0", got "1.0"');
    expect(result.id).toBe('a');

    result = invalid(classifyMessage({ jsonrpc: 2, method: 'ping' }));
    expect(result.error.message).toBe('"jsonrpc" must be "2.0", got 2');
    expect(result.id).toBeUndefined();
    expect(result.shape).toBe('notification');
  });

  it.each([
    [null, 'got null (MCP forbids null request ids)'],
    [true, 'got boolean'],
    [{}, 'got object'],
    [[1], 'got array'],
    [1.5, 'fractional number 1.5'],
  ])('request id %j', (id, fragment) => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id, method: 'tools/list' }));
    expect(result.error.code).toBe(-32600);
    expect(result.error.message).toContain('"id" must be a string or an integer');
    expect(result.error.message).toContain(fragment);
    expect(result.id).toBeUndefined();
  });

  it('method that is not a string', () => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id: 7, method: 42 }));
    expect(result).toEqual({
      kind: 'invalid',
      error: { code: -32600, message: '"method" must be a string, got number' },
      id: 7,
      shape: 'request',
    });
  });

  it.each([
    [[1, 2], 'got array'],
    ['x', 'got string'],
    [null, 'got null'],
    [3, 'got number'],
  ])('params %j', (params, fragment) => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id: 9, method: 'tools/call', params }));
    expect(result.error.message).toBe(`"params" must be an object, ${fragment}`);
    expect(result.id).toBe(9);
  });

  it('method together with result or error', () => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id: 1, method: 'x', result: {} }));
    expect(result.error.message).toContain('both "method" and "result"');
    expect(result.id).toBe(1);
  });

  it('neither request, notification nor response', () => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id: 3 }));
    expect(result.error.message).toContain('neither a request, a notification nor a response');
    expect(result.id).toBe(3);
    expect(result.shape).toBe('unknown');
  });

  it('responses: exactly one of result and error', () => {
    const result = invalid(
      classifyMessage({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }),
    );
    expect(result.error.message).toContain('exactly one of "result" and "error"');
    expect(result.shape).toBe('response');
  });

  it('result responses need an id and an object result', () => {
    expect(invalid(classifyMessage({ jsonrpc: '2.0', result: {} })).error.message).toContain(
      'must carry the "id"',
    );
    expect(invalid(classifyMessage({ jsonrpc: '2.0', id: null, result: {} })).error.message).toContain(
      'null',
    );
    const arrayResult = invalid(classifyMessage({ jsonrpc: '2.0', id: 4, result: [1] }));
    expect(arrayResult.error.message).toBe('"result" must be an object, got array');
    expect(arrayResult.id).toBe(4);
    expect(arrayResult.shape).toBe('response');
  });

  it.each([
    [{ message: 'x' }, '"error.code" is missing; expected an integer'],
    [{ code: 1.5, message: 'x' }, '"error.code" must be an integer, got 1.5'],
    [{ code: '-32600', message: 'x' }, '"error.code" must be an integer, got "-32600"'],
    [{ code: -32600 }, '"error.message" is missing; expected a string'],
    [{ code: -32600, message: 5 }, '"error.message" must be a string, got number'],
    ['boom', '"error" must be an object, got string'],
  ])('error object %j', (error, message) => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id: 2, error }));
    expect(result.error).toEqual({ code: -32600, message });
    expect(result.shape).toBe('response');
  });

  it('error response with an unreadable id', () => {
    const result = invalid(classifyMessage({ jsonrpc: '2.0', id: true, error: { code: 1, message: 'x' } }));
    expect(result.error.message).toContain('"id" must be a string or an integer');
  });
});
