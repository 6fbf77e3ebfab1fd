/**
 * Sampling with tools (SEP-1577) is checked beyond the shape of each message, on both sides and
 * both eras: tools or a tool choice only for a client that declared `sampling.tools`, and the
 * tool-use rules of the conversation (each tool_use answered in the next message by a
 * tool_result of its id, tool results never mixed with other content).
 *
 * The server refuses before sending. A handler's own `inputRequired(...)` requests are passed
 * through as written, so they stand in for a server that does not check: the client refuses them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { inputRequired, McpServer, type ServerContext } from '../../src/entries/server.js';
import { createInMemoryTransportPair } from '../../src/entries/session.js';
import type { CreateMessageRequestParams } from '../../src/protocol/types/modern/sampling.js';

const WEATHER_TOOL = { name: 'weather', inputSchema: { type: 'object' as const } };
const ASK = { role: 'user' as const, content: { type: 'text' as const, text: 'Weather in Paris?' } };
const USE = {
  role: 'assistant' as const,
  content: { type: 'tool_use' as const, id: 'c1', name: 'weather', input: { city: 'Paris' } },
};
const RESULT = {
  role: 'user' as const,
  content: {
    type: 'tool_result' as const,
    toolUseId: 'c1',
    content: [{ type: 'text' as const, text: '18C' }],
  },
};

const REQUESTS: Record<string, CreateMessageRequestParams> = {
  tools: { messages: [ASK], maxTokens: 50, tools: [WEATHER_TOOL] },
  'tool-choice': { messages: [ASK], maxTokens: 50, toolChoice: { mode: 'none' } },
  'valid-loop': { messages: [ASK, USE, RESULT], maxTokens: 50, tools: [WEATHER_TOOL] },
  'missing-result': {
    messages: [ASK, USE, { role: 'user', content: { type: 'text', text: 'and?' } }],
    maxTokens: 50,
    tools: [WEATHER_TOOL],
  },
  mixed: {
    messages: [ASK, USE, { role: 'user', content: [{ type: 'text', text: 'here:' }, RESULT.content] }],
    maxTokens: 50,
    tools: [WEATHER_TOOL],
  },
  'stray-result': {
    messages: [ASK, { ...RESULT, content: { ...RESULT.content, toolUseId: 'c9' } }],
    maxTokens: 50,
    tools: [WEATHER_TOOL],
  },
};

function samplingServer(): McpServer {
  const server = new McpServer({ name: 'sampler', version: '1.0.0' }, { warn: () => {} });
  // Through ctx.sample: the server's checks. The outcome, error included, is the tool's text.
  server.registerTool(
    'sample',
    { inputSchema: { type: 'object', properties: { which: { type: 'string' } } } },
    async (args, ctx) => {
      try {
        const answer = await ctx.sample(REQUESTS[args.which as string]!);
        return { content: [{ type: 'text', text: `answer: ${JSON.stringify(answer.content)}` }] };
      } catch (error) {
        const e = error as Error;
        return { isError: true, content: [{ type: 'text', text: `${e.name}: ${e.message}` }] };
      }
    },
  );
  // As written, unchecked by the server: the client's checks.
  server.registerTool(
    'sample-raw',
    { inputSchema: { type: 'object', properties: { which: { type: 'string' } } } },
    (args, ctx: ServerContext) => {
      const answer = ctx.inputResponses?.model as { content?: unknown } | undefined;
      if (answer) return { content: [{ type: 'text', text: `answer: ${JSON.stringify(answer.content)}` }] };
      return inputRequired({
        model: { method: 'sampling/createMessage', params: { ...REQUESTS[args.which as string]! } },
      });
    },
  );
  return server;
}

let client: Client | undefined;
let sampled = 0;
afterEach(async () => {
  await client?.close();
  client = undefined;
  sampled = 0;
});

async function connect(version: string, sampleWithTools: boolean): Promise<Client> {
  const [clientSide, serverSide] = createInMemoryTransportPair();
  await samplingServer().connect(serverSide);
  client = await Client.connect(clientSide, {
    protocolVersion: version,
    sampleWithTools,
    onSample: async () => {
      sampled++;
      return { role: 'assistant', content: { type: 'text', text: 'sunny' }, model: 'm' };
    },
  });
  return client;
}

async function text(c: Client, tool: string, which: string): Promise<string> {
  const result = await c.callTool(tool, { which });
  return (result.content[0] as { text: string }).text;
}

describe.each(['2026-07-28', '2025-11-25'])('sampling with tools (%s)', (version) => {
  describe('the server, before sending', () => {
    for (const which of ['tools', 'tool-choice']) {
      it(`refuses ${which} to a client without sampling.tools`, async () => {
        const c = await connect(version, false);
        expect(await text(c, 'sample', which)).toMatch(
          /^MissingRequiredClientCapabilityError: .*sampling, which it did not declare/,
        );
        expect(sampled).toBe(0);
      });
    }

    it('sends tools to a client that declared sampling.tools', async () => {
      const c = await connect(version, true);
      expect(await text(c, 'sample', 'tools')).toBe('answer: {"type":"text","text":"sunny"}');
      expect(await text(c, 'sample', 'valid-loop')).toBe('answer: {"type":"text","text":"sunny"}');
      expect(sampled).toBe(2);
    });

    it.each([
      ['missing-result', 'messages[2] must answer the tool_use "c1" of messages[1]'],
      ['mixed', 'messages[2] carries tool results, so it must carry nothing else'],
      ['stray-result', 'messages[1] has a tool_result for "c9", which is no tool_use'],
    ])('refuses messages that break the tool-use rules (%s)', async (which, problem) => {
      const c = await connect(version, true);
      const said = await text(c, 'sample', which);
      expect(said).toContain('TypeError: ctx.sample: the messages break the tool-use rules: ');
      expect(said).toContain(problem);
      expect(sampled).toBe(0);
    });
  });

  describe('the client, on receipt', () => {
    for (const which of ['tools', 'tool-choice']) {
      it(`refuses ${which} when it did not declare sampling.tools`, async () => {
        const c = await connect(version, false);
        await expect(c.callTool('sample-raw', { which })).rejects.toMatchObject({
          code: -32602,
          message: expect.stringContaining('this client did not declare the sampling.tools capability'),
        });
        expect(sampled).toBe(0);
      });
    }

    it.each([
      ['missing-result', 'must answer the tool_use "c1" of messages\\[1\\]'],
      ['mixed', 'must carry nothing else'],
      ['stray-result', 'has a tool_result for "c9"'],
    ])('refuses messages that break the tool-use rules (%s)', async (which, problem) => {
      const c = await connect(version, true);
      await expect(c.callTool('sample-raw', { which })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringMatching(new RegExp(`messages break the tool-use rules: .*${problem}`)),
      });
      expect(sampled).toBe(0);
    });

    it('answers a valid tool loop it declared', async () => {
      const c = await connect(version, true);
      expect(await text(c, 'sample-raw', 'valid-loop')).toBe('answer: {"type":"text","text":"sunny"}');
      expect(sampled).toBe(1);
    });
  });
});
