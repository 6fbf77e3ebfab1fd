/**
 * The order in which a 2026-07-28 request is checked, and the status each
 * failure gets, through server.fetch.
 */
import { describe, expect, it } from 'vitest';
import { McpServer } from '../../src/entries/server.js';
import { encodeHeaderValue } from '../../src/protocol/http-headers.js';
import { envelope, MODERN, rpc } from '../helpers/http-rpc.js';

function server() {
  const s = new McpServer({ name: 'gate-test', version: '1.0.0' }, { warn: () => {} });
  s.registerTool(
    'lookup',
    {
      description: 'Looks something up in a region',
      inputSchema: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
        required: ['region'],
      },
    },
    ({ region }) => ({ content: [{ type: 'text', text: `found in ${String(region)}` }] }),
  );
  return s;
}
const fetchOf = (s: McpServer) => (request: Request) => s.fetch(request);

describe('2026-07-28 request validation order', () => {
  const s = server();
  const call = fetchOf(s);

  it('answers a missing _meta, protocolVersion or clientCapabilities with -32602 and 400, echoing the id', async () => {
    for (const meta of [
      null,
      { 'io.modelcontextprotocol/clientCapabilities': {} },
      { 'io.modelcontextprotocol/protocolVersion': MODERN },
    ]) {
      const reply = await rpc(call, 'tools/list', {}, { meta, id: 'req-7' });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ id: 'req-7', error: { code: -32602 } });
    }
  });

  it('does not require clientInfo', async () => {
    const reply = await rpc(call, 'tools/list', {}, { meta: envelope() });
    expect(reply.status).toBe(200);
    expect(reply.body.result).toHaveProperty('tools');
  });

  it('reports a header/body version mismatch as -32020 even when the body version is also unsupported', async () => {
    const reply = await rpc(
      call,
      'tools/list',
      {},
      {
        meta: { ...envelope(), 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' },
        headers: { 'MCP-Protocol-Version': MODERN },
      },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error?.code).toBe(-32020);
  });

  it('answers an unsupported version with -32022, listing what discover lists', async () => {
    const reply = await rpc(
      call,
      'tools/list',
      {},
      {
        meta: { ...envelope(), 'io.modelcontextprotocol/protocolVersion': '2099-01-01' },
        headers: { 'MCP-Protocol-Version': '2099-01-01' },
      },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: -32022, data: { requested: '2099-01-01' } });
    const discovered = await rpc(call, 'server/discover');
    const supported = (reply.body.error!.data as { supported: string[] }).supported;
    for (const version of supported) expect(discovered.body.result?.supportedVersions).toContain(version);
  });

  it('answers unknown and removed methods with -32601 and 404', async () => {
    for (const method of [
      'initialize',
      'ping',
      'logging/setLevel',
      'resources/subscribe',
      'resources/unsubscribe',
      'prompts/list',
      'nope',
    ]) {
      const reply = await rpc(call, method);
      expect(reply.status, method).toBe(404);
      expect(reply.body.error?.code, method).toBe(-32601);
    }
  });

  it('answers invalid params with -32602 on 200', async () => {
    const reply = await rpc(call, 'tools/call', { name: 12 });
    expect(reply.status).toBe(200);
    expect(reply.body.error?.code).toBe(-32602);
  });

  it('checks Mcp-Method and Mcp-Name against the body (-32020, 400)', async () => {
    const wrongMethod = await rpc(call, 'tools/list', {}, { headers: { 'Mcp-Method': 'prompts/list' } });
    expect([wrongMethod.status, wrongMethod.body.error?.code]).toEqual([400, -32020]);
    const missingMethod = await rpc(call, 'tools/list', {}, { headers: { 'Mcp-Method': null } });
    expect([missingMethod.status, missingMethod.body.error?.code]).toEqual([400, -32020]);
    const wrongName = await rpc(
      call,
      'tools/call',
      { name: 'lookup', arguments: { region: 'eu' } },
      {
        headers: { 'Mcp-Name': 'other', 'Mcp-Param-Region': 'eu' },
      },
    );
    expect([wrongName.status, wrongName.body.error?.code]).toEqual([400, -32020]);
    const caseInsensitiveName = await rpc(
      call,
      'tools/list',
      {},
      { headers: { 'mcp-method': ' tools/list ' } },
    );
    expect(caseInsensitiveName.status).toBe(200);
  });

  it('checks x-mcp-header parameters against their Mcp-Param headers', async () => {
    const ok = await rpc(
      call,
      'tools/call',
      { name: 'lookup', arguments: { region: 'eu-west' } },
      {
        headers: { 'Mcp-Param-Region': 'eu-west' },
      },
    );
    expect(ok.body.result?.content).toEqual([{ type: 'text', text: 'found in eu-west' }]);
    const mismatch = await rpc(
      call,
      'tools/call',
      { name: 'lookup', arguments: { region: 'eu-west' } },
      {
        headers: { 'Mcp-Param-Region': 'us-east' },
      },
    );
    expect([mismatch.status, mismatch.body.error?.code]).toEqual([400, -32020]);
    const missing = await rpc(
      call,
      'tools/call',
      { name: 'lookup', arguments: { region: 'eu-west' } },
      {
        headers: { 'Mcp-Param-Region': null },
      },
    );
    expect([missing.status, missing.body.error?.code]).toEqual([400, -32020]);
    const encoded = await rpc(
      call,
      'tools/call',
      { name: 'lookup', arguments: { region: 'Zürich' } },
      {
        headers: { 'Mcp-Param-Region': encodeHeaderValue('Zürich') },
      },
    );
    expect(encodeHeaderValue('Zürich')).toMatch(/^=\?base64\?/);
    expect(encoded.body.result?.content).toEqual([{ type: 'text', text: 'found in Zürich' }]);
  });

  it('refuses a tool whose x-mcp-header annotations are invalid, at registration', () => {
    expect(() =>
      server().registerTool(
        'bad',
        { inputSchema: { type: 'object', properties: { n: { type: 'number', 'x-mcp-header': 'N' } } } },
        () => ({ content: [] }),
      ),
    ).toThrow(/x-mcp-header/);
  });
});
