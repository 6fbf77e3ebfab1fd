/**
 * Two JSON-RPC peers joined by the real newline-delimited stream transport,
 * over in-process pipes, plus raw access to the server side's pipes for tests
 * that need to send bytes no well-behaved peer would.
 */
import { PassThrough } from 'node:stream';
import { JsonRpcPeer, type PeerOptions } from '../../src/entries/session.js';
import { StreamTransport, type StreamTransportOptions } from '../../src/entries/stdio.js';

export interface StreamPair {
  client: JsonRpcPeer;
  server: JsonRpcPeer;
  /** Bytes written here reach the server as if the client sent them. */
  toServer: PassThrough;
  /** Everything the server writes. */
  toClient: PassThrough;
  clientErrors: Error[];
  serverErrors: Error[];
}

export function streamPair(
  options: { client?: PeerOptions; server?: PeerOptions; transport?: StreamTransportOptions } = {},
): StreamPair {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const clientErrors: Error[] = [];
  const serverErrors: Error[] = [];
  const server = new JsonRpcPeer(new StreamTransport(toServer, toClient, options.transport), {
    onError: (error) => serverErrors.push(error),
    ...options.server,
  });
  const client = new JsonRpcPeer(new StreamTransport(toClient, toServer, options.transport), {
    onError: (error) => clientErrors.push(error),
    ...options.client,
  });
  return { client, server, toServer, toClient, clientErrors, serverErrors };
}

/** A server peer alone, fed raw lines; returns every line it writes back, parsed. */
export function rawServer(options: { server?: PeerOptions; transport?: StreamTransportOptions } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors: Error[] = [];
  const peer = new JsonRpcPeer(new StreamTransport(input, output, options.transport), {
    onError: (error) => errors.push(error),
    ...options.server,
  });
  const replies: unknown[] = [];
  let waiters: (() => void)[] = [];
  let pending = '';
  output.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      replies.push(JSON.parse(pending.slice(0, newline)));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    peer,
    input,
    errors,
    replies,
    /** Writes text as one line. */
    writeLine(text: string) {
      input.write(`${text}\n`);
    },
    /** Waits until at least `count` replies arrived. */
    async waitForReplies(count: number, timeoutMs = 2000): Promise<unknown[]> {
      const deadline = Date.now() + timeoutMs;
      while (replies.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} replies, got ${replies.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 20);
        });
      }
      waiters = [];
      return replies;
    },
  };
}

/** Resolves after `ms`. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once `predicate` holds, polling briefly; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await delay(5);
  }
}
