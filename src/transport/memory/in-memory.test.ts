import { describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '../../protocol/errors.js';
import { JsonRpcPeer } from '../../session/peer.js';
import { createInMemoryTransportPair } from './in-memory.js';

describe('in-memory transport pair', () => {
  it('joins two peers in one process, keeping messages sent before start', async () => {
    const [clientSide, serverSide] = createInMemoryTransportPair();
    const client = new JsonRpcPeer(clientSide);
    await client.start();
    const answer = client.request('hello', { who: 'world' });
    // The server starts after the request was sent; it still gets it.
    const server = new JsonRpcPeer(serverSide);
    server.dispatcher.setRequestHandler('hello', (params) => ({ greeting: `hello ${params.who}` }));
    await server.start();
    await expect(answer).resolves.toEqual({ greeting: 'hello world' });
  });

  it('closing one end closes the other and fails what was waiting', async () => {
    const [a, b] = createInMemoryTransportPair();
    const client = new JsonRpcPeer(a);
    const server = new JsonRpcPeer(b);
    server.dispatcher.setRequestHandler('wait', () => new Promise(() => {}));
    await Promise.all([client.start(), server.start()]);
    const waiting = client.request('wait');
    await server.close();
    await expect(waiting).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(client.isClosed).toBe(true);
  });
});
