import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '../protocol/jsonrpc.js';
import { fetchWire } from '../transport/http/wire.js';
import { StandaloneStream } from './legacy-stream.js';

describe('StandaloneStream SSE framing', () => {
  // Found by test/fuzz/sse.fuzz.test.ts on the HTTP transports, which share the rule: the last
  // event of a CR-only stream was lost, and a field SSE does not define ended the stream.
  it('delivers the last event of a CR-only stream past a field SSE does not define', async () => {
    const delivered: JSONRPCMessage[] = [];
    const invalid: string[] = [];
    let gets = 0;
    let reconnected!: () => void;
    // The second GET comes once the first stream has been read to its end.
    const firstRead = new Promise<void>((resolve) => {
      reconnected = resolve;
    });
    const stream = new StandaloneStream({
      url: new URL('http://localhost/mcp'),
      headers: async () => ({}),
      wire: fetchWire(async () => {
        if (++gets === 1) {
          return new Response(
            'x-trace: 1\rretry: 10\rdata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\r\r',
            { headers: { 'content-type': 'text/event-stream' } },
          );
        }
        reconnected();
        return new Response(null, { status: 405 });
      }),
      sink: {
        deliver: (message) => delivered.push(message),
        reportInvalid: (detail) => invalid.push(detail),
      },
    });
    await stream.open();
    await firstRead;
    await stream.close();
    expect(invalid).toEqual([]);
    expect(delivered).toEqual([{ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }]);
  });
});
