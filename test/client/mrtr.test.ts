/**
 * Requests for input through the Client: Multi Round-Trip Requests on
 * 2026-07-28 (the driver answers `input_required` and retries, or hands it to
 * the caller in manual mode) and real server-to-client requests on 2025-11-25,
 * answered by the same handlers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputRequiredError } from '../../src/entries/client.js';
import type { ElicitRequestParams } from '../../src/protocol/types/modern/elicitation.js';
import { CELLS, type Connected, connect } from './fixtures/connect.js';

const handlers = {
  onElicit: async () => ({ action: 'accept' as const, content: { name: 'Ada' } }),
  onSample: async () => ({
    role: 'assistant' as const,
    content: { type: 'text' as const, text: 'looks fine' },
    model: 'test-model',
  }),
  roots: [{ uri: 'file:///work', name: 'work' }],
};

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe.each(CELLS)('input over $wire ($era), auto mode', ({ wire, era }) => {
  it('answers a write-once handler that elicits, samples and lists roots', async () => {
    const asked: string[] = [];
    connected = await connect(wire, era, {
      ...handlers,
      onElicit: async (params: ElicitRequestParams) => {
        asked.push(params.message);
        return { action: 'accept', content: { name: 'Ada' } };
      },
    });
    const result = await connected.client.callTool('deploy');
    expect(result.content).toEqual([{ type: 'text', text: 'Ada approved; roots=file:///work; looks fine' }]);
    // Asked once, whatever the number of rounds.
    expect(asked).toEqual(['Who approves?']);
  });

  // On a 2025 session the server turns the explicit inputRequired into real requests.
  it('answers an explicit inputRequired and echoes its state', async () => {
    connected = await connect(wire, era, handlers);
    const result = await connected.client.callTool('greet');
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, Ada (round 1)' }]);
  });

  it('declines through the handler', async () => {
    connected = await connect(wire, era, { ...handlers, onElicit: async () => ({ action: 'decline' }) });
    const result = await connected.client.callTool('ask');
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, decline!' }]);
  });

  it('refuses an answer that does not match the requested form', async () => {
    connected = await connect(wire, era, {
      ...handlers,
      onElicit: async () => ({ action: 'accept', content: { name: 42 } }),
    });
    await expect(connected.client.callTool('ask')).rejects.toThrow();
  });
});

describe.each(['http', 'stdio'] as const)('input over %s (modern), manual mode', (wire) => {
  it('returns input_required to the caller, who retries with the answers and the state', async () => {
    let handlerCalls = 0;
    connected = await connect(wire, 'modern', {
      inputMode: 'manual',
      onElicit: async () => {
        handlerCalls++;
        return { action: 'accept', content: { name: 'Ada' } };
      },
    });
    const first = (await connected.client.callTool('greet')) as unknown as Record<string, unknown>;
    expect(first).toMatchObject({
      resultType: 'input_required',
      inputRequests: { user: { method: 'elicitation/create' } },
    });
    expect(typeof first.requestState).toBe('string');
    const retry = await connected.client.request('tools/call', {
      name: 'greet',
      arguments: {},
      inputResponses: { user: { action: 'accept', content: { name: 'Grace' } } },
      requestState: first.requestState as string,
    });
    expect(retry).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Hello, Grace (round 1)' }],
    });
    expect(handlerCalls).toBe(0);
  });

  it('gives up after maxInputRounds with InputRequiredError', async () => {
    let rounds = 0;
    connected = await connect(wire, 'modern', {
      maxInputRounds: 0,
      onElicit: async () => {
        rounds++;
        return { action: 'accept', content: { name: 'Ada' } };
      },
    });
    const call = connected.client.callTool('greet');
    await expect(call).rejects.toBeInstanceOf(InputRequiredError);
    expect(rounds).toBe(0);
  });

  it('fails a call whose input it has no handler for', async () => {
    connected = await connect(wire, 'modern', {});
    await expect(connected.client.callTool('ask')).rejects.toThrow(/elicitation/);
  });
});
