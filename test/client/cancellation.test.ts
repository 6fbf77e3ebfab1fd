/**
 * Cancelling a call with an AbortSignal, on every wire and era: the call
 * rejects at once and the server's handler sees its signal abort (2026-07-28
 * HTTP closes the response stream; 2025 sessions and stdio send
 * `notifications/cancelled`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RequestCancelledError } from '../../src/protocol/errors.js';
import { CELLS, type Connected, connect, eventually } from './fixtures/connect.js';

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe.each(CELLS)('cancellation over $wire ($era)', ({ wire, era }) => {
  it('rejects the call and aborts the handler', async () => {
    connected = await connect(wire, era);
    const controller = new AbortController();
    const call = connected.client.callTool('slow', {}, { signal: controller.signal });
    // Cancel once the server is running the handler, however long the request took to get there.
    await eventually(async () => (await connected!.journal()).started.includes('slow'));
    controller.abort('user gave up');
    await expect(call).rejects.toBeInstanceOf(RequestCancelledError);
    await eventually(async () => (await connected!.journal()).cancelled.includes('slow'));
    // The connection is still usable.
    expect((await connected.client.callTool('add', { a: 1, b: 1 })).structuredContent).toEqual({ sum: 2 });
  });

  it('rejects at once when the signal is already aborted', async () => {
    connected = await connect(wire, era);
    const before = (await connected.journal()).methods['tools/call'] ?? 0;
    const call = connected.client.callTool('slow', {}, { signal: AbortSignal.abort('no') });
    await expect(call).rejects.toThrow();
    const after = (await connected.journal()).methods['tools/call'] ?? 0;
    // Only the journal call reached the server.
    expect(after - before).toBe(1);
  });

  it('times out a call with timeoutMs', async () => {
    connected = await connect(wire, era);
    await expect(connected.client.callTool('slow', {}, { timeoutMs: 200 })).rejects.toThrow(/timed out/);
    await eventually(async () => (await connected!.journal()).cancelled.includes('slow'));
  });
});
