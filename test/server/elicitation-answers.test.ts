/**
 * The server checks a client's answer to a form elicitation against the form it asked for (a
 * SHOULD in 2025-11-25 and 2026-07-28): a wrong answer fails the call with -32602 naming the
 * field, on both eras, for `ctx.elicit` (inline and inside a task) and for a handler’s own
 * `inputRequired(...)` requests.
 *
 * mcpkit's own client checks its answers before sending them, so these tests stand in a client
 * that does not: its transport hides the `requestedSchema` from the client's checks, and the
 * client's `onElicit` answers whatever the test says.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { inputRequired, McpServer, type ServerContext } from '../../src/entries/server.js';
import { createInMemoryTransportPair, type Transport } from '../../src/entries/session.js';
import { InvalidParamsError, McpError } from '../../src/protocol/errors.js';
import type { JSONRPCMessage } from '../../src/protocol/jsonrpc.js';
import type { ElicitRequestedSchema, ElicitResultContent } from '../../src/protocol/types/form-schema.js';

const FORM = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 2 },
    age: { type: 'integer', minimum: 18 },
    color: { type: 'string', enum: ['red', 'green'], default: 'red' },
    email: { type: 'string', format: 'email' },
  },
  required: ['name', 'age'],
} satisfies ElicitRequestedSchema;

/** Removes every `requestedSchema` from what the client receives, so it cannot check its answers. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (key !== 'requestedSchema') out[key] = strip(inner);
  return out;
}

function uncheckingClientSide(transport: Transport): Transport {
  return {
    start: (handlers) =>
      transport.start({
        ...handlers,
        onMessage: (message) => handlers.onMessage(strip(message) as JSONRPCMessage),
      }),
    send: (message, options) => transport.send(message, options),
    cancel: transport.cancel?.bind(transport),
    close: () => transport.close(),
  };
}

function formServer(): McpServer {
  const server = new McpServer({ name: 'forms', version: '1.0.0' });
  server.registerTool('signup', {}, async (ctx: ServerContext) => {
    const answer = await ctx.elicit({ mode: 'form', message: 'Sign up', requestedSchema: FORM });
    return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
  });
  server.registerTool('signup-retrying', {}, async (ctx: ServerContext) => {
    // A handler that catches the error and tells the user what was wrong.
    try {
      await ctx.elicit({ mode: 'form', message: 'Sign up', requestedSchema: FORM });
      return { content: [{ type: 'text', text: 'ok' }] };
    } catch (error) {
      if (!(error instanceof InvalidParamsError)) throw error;
      const { issues } = error.data as { issues: { field: string }[] };
      return { isError: true, content: [{ type: 'text', text: issues.map((i) => i.field).join(',') }] };
    }
  });
  server.registerTool('signup-explicit', {}, (ctx: ServerContext) => {
    const answer = ctx.inputResponses?.form;
    if (answer) return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
    return inputRequired({
      form: { method: 'elicitation/create', params: { message: 'Sign up', requestedSchema: FORM } },
    });
  });
  return server;
}

/** The same question inside a task (the tasks extension on 2026-07-28, core tasks on 2025-11-25). */
function taskFormServer(): McpServer {
  const server = new McpServer({ name: 'forms', version: '1.0.0' }, { tasks: { pollIntervalMs: 20 } });
  server.registerTool(
    'signup-task',
    { execution: { taskSupport: 'required' } },
    async (ctx: ServerContext) => {
      const answer = await ctx.elicit({ mode: 'form', message: 'Sign up', requestedSchema: FORM });
      return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
    },
  );
  return server;
}

let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function connect(
  version: string,
  content: Record<string, unknown>,
  server: McpServer = formServer(),
): Promise<Client> {
  // Content a checking client would never send, typed as if it were valid.
  const answer = content as ElicitResultContent;
  const [clientSide, serverSide] = createInMemoryTransportPair();
  await server.connect(serverSide);
  client = await Client.connect(uncheckingClientSide(clientSide), {
    protocolVersion: version,
    onElicit: async () => ({ action: 'accept', content: answer }),
  });
  return client;
}

describe.each(['2026-07-28', '2025-11-25'])('form answers checked by the server (%s)', (version) => {
  for (const tool of ['signup', 'signup-explicit']) {
    it(`fails ${tool} with -32602 naming each wrong field`, async () => {
      const c = await connect(version, { name: 'A', age: 12.5, email: 'nope', extra: 1 });
      const failure = await c.callTool(tool).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(McpError);
      const error = failure as McpError;
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('does not match the requested form');
      for (const field of [
        'name: must be at least 2 characters',
        'age: must be a whole number',
        'email: must be an email address',
      ])
        expect(error.message).toContain(field);
    });

    it(`fails ${tool} when a required field is missing or an option is not offered`, async () => {
      const c = await connect(version, { name: 'Ada', color: 'blue' });
      await expect(c.callTool(tool)).rejects.toMatchObject({
        code: -32602,
        message: expect.stringMatching(/age: is required.*color: must be one of "red", "green"/),
      });
    });

    it(`hands ${tool} a valid answer with the form's defaults filled in and unknown fields left out`, async () => {
      const c = await connect(version, { name: 'Ada', age: 36, extra: 'x' });
      const result = await c.callTool(tool);
      expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
        action: 'accept',
        content: { name: 'Ada', age: 36, color: 'red' },
      });
    });
  }

  it('fails a task whose question got a wrong answer, and completes one whose answer is right', async () => {
    const wrong = await connect(version, { name: 'Ada', age: 'old' }, taskFormServer());
    await expect(wrong.callTool('signup-task')).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('age: must be a whole number'),
    });
    await wrong.close();
    const right = await connect(version, { name: 'Ada', age: 40 }, taskFormServer());
    const result = await right.callTool('signup-task');
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
      action: 'accept',
      content: { name: 'Ada', age: 40, color: 'red' },
    });
  });

  it('lets a handler catch the error and see which fields were wrong', async () => {
    const c = await connect(version, { name: 'Ada', age: 3 });
    const result = await c.callTool('signup-retrying');
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'age' }] });
  });
});

describe.each(['2026-07-28', '2025-11-25'])(
  'form answers checked by the client before sending (%s)',
  (version) => {
    it('refuse an onElicit answer that does not match, naming the field once, and send nothing', async () => {
      const server = formServer();
      const sent: unknown[] = [];
      const [clientSide, serverSide] = createInMemoryTransportPair();
      await server.connect(serverSide);
      const watched: Transport = {
        start: (handlers) => clientSide.start(handlers),
        send: (message, options) => {
          sent.push(message);
          return clientSide.send(message, options);
        },
        close: () => clientSide.close(),
      };
      client = await Client.connect(watched, {
        protocolVersion: version,
        onElicit: async () => ({
          action: 'accept',
          content: { name: 'Ada', age: 'old' } as ElicitResultContent,
        }),
      });
      const before = sent.length;
      const failure = await client.callTool('signup').then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toMatch(/does not match the requested form: age: must be a whole number$/);
      // The tools/call went out (and, on 2025, the error answering the server's request); no answer
      // carrying the bad content did.
      expect(JSON.stringify(sent.slice(before))).not.toContain('"old"');
    });
  },
);
