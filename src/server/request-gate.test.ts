import { describe, expect, it } from 'vitest';
import { ErrorCode, UnsupportedProtocolVersionError } from '../protocol/errors.js';
import type { JSONRPCRequest } from '../protocol/jsonrpc.js';
import { gateModernRequest } from './request-gate.js';

const known = new Set(['server/discover', 'tools/call']);
const options = { hasMethod: (method: string) => known.has(method) };

function request(
  method: string,
  meta: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
): JSONRPCRequest {
  return { jsonrpc: '2.0', id: 9, method, params: meta === undefined ? extra : { ...extra, _meta: meta } };
}

const goodMeta = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

describe('gateModernRequest', () => {
  it('lets a well-formed request through, with or without clientInfo', () => {
    expect(gateModernRequest(request('server/discover', goodMeta), '2026-07-28', options)).toBeUndefined();
    expect(gateModernRequest(request('server/discover', goodMeta), null, options)).toBeUndefined();
  });

  it('answers a missing _meta, version or capabilities with -32602 and HTTP 400', () => {
    for (const meta of [
      undefined,
      { 'io.modelcontextprotocol/clientCapabilities': {} },
      { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
    ]) {
      const rejection = gateModernRequest(request('server/discover', meta), '2026-07-28', options);
      expect(rejection?.httpStatus).toBe(400);
      expect(rejection?.error.code).toBe(ErrorCode.InvalidParams);
    }
  });

  it('reports a header mismatch before an unsupported version', () => {
    const meta = { ...goodMeta, 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' };
    const rejection = gateModernRequest(request('server/discover', meta), '2026-07-28', options);
    expect(rejection?.error.code).toBe(ErrorCode.HeaderMismatch);
    expect(rejection?.httpStatus).toBe(400);
  });

  it('answers an unsupported version with -32022 naming supported and requested', () => {
    const meta = { ...goodMeta, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' };
    const rejection = gateModernRequest(request('server/discover', meta), '2099-01-01', options);
    expect(rejection?.error).toBeInstanceOf(UnsupportedProtocolVersionError);
    expect(rejection?.error.data).toEqual({ supported: ['2026-07-28'], requested: '2099-01-01' });
    expect(rejection?.httpStatus).toBe(400);
  });

  it('answers unknown and removed methods with -32601 and HTTP 404', () => {
    for (const method of ['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'no/such']) {
      const rejection = gateModernRequest(request(method, goodMeta), '2026-07-28', options);
      expect(rejection?.error.code, method).toBe(ErrorCode.MethodNotFound);
      expect(rejection?.httpStatus).toBe(404);
    }
  });

  it('answers invalid params with -32602 on HTTP 200', () => {
    const rejection = gateModernRequest(request('tools/call', goodMeta, { name: 42 }), '2026-07-28', options);
    expect(rejection?.error.code).toBe(ErrorCode.InvalidParams);
    expect(rejection?.error.message).toContain('params.name');
    expect(rejection?.httpStatus).toBe(200);
  });
});
