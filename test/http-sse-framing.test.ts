/**
 * SSE framing the HTTP client transports must read, found by test/fuzz/sse.fuzz.test.ts: a
 * stream whose lines end with CR alone (its last event ends the body with `\r\r`), and fields SSE
 * does not define, which a reader ignores.
 */
import { describe, expect, it } from 'vitest';
import { LegacySseClientTransport, StreamableHttpClientTransport } from '../src/entries/http.js';
import type { JSONRPCMessage } from '../src/protocol/jsonrpc.js';

/** A fetch that answers every request with this SSE body. */
function answering(body: string): typeof fetch {
  return async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** Sends one request over a Streamable HTTP client whose server answers with `body`; what arrives. */
async function exchange(body: string) {
  const transport = new StreamableHttpClientTransport(new URL('http://localhost/mcp'), {
    fetch: answering(body),
  });
  const received: JSONRPCMessage[] = [];
  const failures: string[] = [];
  const settled = new Promise<void>((resolve) => {
    transport.start({
      onMessage: (message) => {
        received.push(message);
        if (!('method' in message)) resolve();
      },
      onInvalid: (_reply, detail) => failures.push(detail),
      onRequestFailed: (_id, error) => {
        failures.push(error.message);
        resolve();
      },
      onClose: () => resolve(),
    });
  });
  await transport.send({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} });
  await settled;
  await transport.close();
  return { received, failures };
}

describe('SSE framing on the Streamable HTTP client', () => {
  it('delivers the response of a CR-only stream that ends right after it', async () => {
    const { received, failures } = await exchange('data:{"jsonrpc":"2.0","id":7,"result":{}}\r\r');
    expect(failures).toEqual([]);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 7, result: {} }]);
  });

  it('keeps reading past fields SSE does not define', async () => {
    const { received, failures } = await exchange(
      'x-trace: 1\nnovalue\ndata:{"jsonrpc":"2.0","method":"notifications/progress","params":{"message":""}}\n\n' +
        'retry: soon\ndata: {"jsonrpc":"2.0","id":7,"result":{}}\n\n',
    );
    expect(failures).toEqual([]);
    expect(received).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { message: '' } },
      { jsonrpc: '2.0', id: 7, result: {} },
    ]);
  });

  it('still drops an event the stream left unfinished', async () => {
    const { received, failures } = await exchange('data: {"jsonrpc":"2.0","id":7,"result":{}}\n');
    expect(received).toEqual([]);
    expect(failures).toEqual([expect.stringContaining('ended before its response')]);
  });
});

describe('SSE framing on the HTTP+SSE (2024-11-05) client', () => {
  it('reads the endpoint of a CR-only stream that ends right after it', async () => {
    const transport = new LegacySseClientTransport(new URL('http://localhost/sse'), {
      fetch: answering('event: endpoint\rdata: /messages?session=1\r\r'),
    });
    const closed = new Promise<void>((resolve) => {
      void transport.start({ onMessage: () => {}, onInvalid: () => {}, onClose: () => resolve() });
    });
    await closed;
    expect(transport.postEndpoint?.href).toBe('http://localhost/messages?session=1');
  });
});
