/**
 * Input handlers per call (`CallOptions.onElicit`, ...): each call's questions answered by its own
 * handlers, over the client's, on 2026-07-28 rounds and on 2025 server requests, where a request
 * that came on a call's response stream goes to that call even while others are in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/client.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { createUpstream } from '../proxy/fixture-upstream.js';

let running: RunningHttpServer;
beforeAll(async () => {
  running = await serveHttp(createUpstream().server, { port: 0 });
});
afterAll(async () => {
  await running?.close();
});

const answering = (name: string) => async () => ({ action: 'accept' as const, content: { name } });

for (const [era, protocolVersion] of [
  ['2026-07-28', undefined],
  ['2025-11-25', '2025-11-25'],
] as const) {
  describe(`per-call input handlers on ${era}`, () => {
    let client: Client;
    beforeAll(async () => {
      client = await Client.connect(running.url, {
        onElicit: answering('client-wide'),
        warn: () => {},
        ...(protocolVersion && { protocolVersion }),
      });
    });
    afterAll(async () => {
      await client?.close();
    });

    it("answers with the call's handler, else the client's", async () => {
      const own = await client.callTool('greet', {}, { onElicit: answering('Ada') });
      expect(own.structuredContent).toEqual({ name: 'Ada' });
      const shared = await client.callTool('greet', {});
      expect(shared.structuredContent).toEqual({ name: 'client-wide' });
    });

    it('gives each of two concurrent calls its own answers', async () => {
      const [first, second] = await Promise.all([
        client.callTool('greet', {}, { onElicit: answering('first') }),
        client.callTool('greet', {}, { onElicit: answering('second') }),
      ]);
      expect(first.structuredContent).toEqual({ name: 'first' });
      expect(second.structuredContent).toEqual({ name: 'second' });
    });
  });
}

describe('exclusiveInput', () => {
  it('declares and uses only the call’s handlers (2026-07-28)', async () => {
    const client = await Client.connect(running.url, { onElicit: answering('client-wide'), warn: () => {} });
    try {
      await expect(client.callTool('greet', {}, { exclusiveInput: true })).rejects.toThrow(
        /elicitation, which it did not declare/,
      );
      const own = await client.callTool('greet', {}, { exclusiveInput: true, onElicit: answering('own') });
      expect(own.structuredContent).toEqual({ name: 'own' });
    } finally {
      await client.close();
    }
  });
});

describe("inputMode: 'manual' per call", () => {
  it('returns the input_required result of that call only (2026-07-28)', async () => {
    const client = await Client.connect(running.url, { onElicit: answering('auto'), warn: () => {} });
    try {
      const first = await client.request(
        'tools/call',
        { name: 'greet', arguments: {} },
        { inputMode: 'manual' },
      );
      expect(first.resultType).toBe('input_required');
      const [key] = Object.keys(first.inputRequests as object);
      const done = await client.request(
        'tools/call',
        {
          name: 'greet',
          arguments: {},
          inputResponses: { [key!]: { action: 'accept', content: { name: 'by hand' } } },
          requestState: first.requestState as string,
        },
        { inputMode: 'manual' },
      );
      expect(done.structuredContent).toEqual({ name: 'by hand' });
      const auto = await client.callTool('greet', {});
      expect(auto.structuredContent).toEqual({ name: 'auto' });
    } finally {
      await client.close();
    }
  });
});
