import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '../../protocol/jsonrpc.js';
import { StreamTransport } from './stream-transport.js';

/** A writable that records each write it is given. */
function recordingOutput(): { output: Writable; writes: string[] } {
  const writes: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString('utf8'));
      done();
    },
  });
  return { output, writes };
}

const notification = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { level: 'info', data: `message ${n} ${'x'.repeat(100)}` },
});

describe('StreamTransport output batching', () => {
  it('writes what one tick sends in one write when it is small', async () => {
    const { output, writes } = recordingOutput();
    const transport = new StreamTransport(new PassThrough(), output);
    await transport.start({ onMessage: () => {}, onClose: () => {}, onInvalid: () => {} });
    await Promise.all([1, 2, 3].map((n) => transport.send(notification(n))));
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').filter(Boolean)).toHaveLength(3);
    await transport.close();
  });

  it('writes a large batch in parts as it grows, every message once and in order', async () => {
    const { output, writes } = recordingOutput();
    const transport = new StreamTransport(new PassThrough(), output);
    await transport.start({ onMessage: () => {}, onClose: () => {}, onInvalid: () => {} });
    // 200 messages of ~150 characters in one tick: about 30 KiB.
    await Promise.all(Array.from({ length: 200 }, (_, n) => transport.send(notification(n))));
    expect(writes.length).toBeGreaterThan(1);
    const lines = writes.join('').split('\n').filter(Boolean);
    expect(
      lines.map((line) => (JSON.parse(line) as { params: { data: string } }).params.data.split(' ')[1]),
    ).toEqual(Array.from({ length: 200 }, (_, n) => String(n)));
    await transport.close();
  });
});
