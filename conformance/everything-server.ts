/**
 * The server the conformance suite drives:
 *   npm run everything-server -- --port <N>   Streamable HTTP at http://127.0.0.1:<N>/mcp
 *   npm run everything-server -- --stdio      stdio
 *   ... --state-secret <S>                     Multi Round-Trip state sealed with keys derived
 *                                              from S (32+ characters): processes started with
 *                                              the same S serve each other's rounds
 *   ... --redis redis://host:port              share every state the Redis backplane offers (task
 *                                              store, task control, leases, change events) with
 *                                              the other instances on that Redis; needs
 *                                              --state-secret, the same in every instance
 *   ... --task-lease-ms <N>                    with --redis: the task lease (default 15000); a
 *                                              killed instance's tasks fail N to 4N/3 ms after
 *                                              its last renewal
 *
 * It exposes every tool, resource and prompt the server scenarios call, each
 * written the way an mcpkit user would write it. With `--redis` it also has
 * the `cluster_*` tools of the cluster tests (see {@link registerClusterTools}),
 * which no conformance scenario lists (the suite runs without `--redis`).
 */
import { pathToFileURL } from 'node:url';
import { serveHttp } from '../src/entries/node.js';
import { InternalError } from '../src/entries/protocol.js';
import { type RedisBackplane, type RedisLink, redisBackplane } from '../src/entries/redis.js';
import {
  inputRequired,
  McpServer,
  type McpServerOptions,
  ResourceTemplate,
  type ServerContext,
  stateKeysFromSecret,
  toolError,
} from '../src/entries/server.js';
import { serveStdio } from '../src/entries/stdio.js';
import { RED_PIXEL_PNG, SILENT_WAV } from './media.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value: string) => ({ type: 'text' as const, text: value });
const nameSchema = {
  type: 'object' as const,
  properties: { name: { type: 'string' as const } },
  required: ['name'],
};

/** Waits `ms`, or until `signal` aborts (a cancelled task stops sleeping). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
const confirmSchema = {
  type: 'object' as const,
  properties: { confirm: { type: 'boolean' as const } },
  required: ['confirm'],
};

interface ElicitAnswer {
  action?: string;
  content?: Record<string, unknown>;
}

/** Builds the fixture server; `options` are added to (and override) the fixture's own. */
export function createEverythingServer(options: McpServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-everything-server', version: '0.1.0' },
    {
      instructions: 'The mcpkit conformance fixture: every tool, resource and prompt the suite calls.',
      warn: () => {},
      tasks: {},
      ...options,
    },
  );

  // ------------------------------------------------------------------ content tools
  server.registerTool('test_simple_text', { description: 'Returns simple text' }, () => ({
    content: [text('This is a simple text response for testing.')],
  }));
  server.registerTool('test_image_content', { description: 'Returns an image' }, () => ({
    content: [{ type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' }],
  }));
  server.registerTool('test_audio_content', { description: 'Returns audio' }, () => ({
    content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }],
  }));
  server.registerTool('test_embedded_resource', { description: 'Returns an embedded resource' }, () => ({
    content: [
      {
        type: 'resource',
        resource: {
          uri: 'test://embedded-resource',
          mimeType: 'text/plain',
          text: 'This is an embedded resource content.',
        },
      },
    ],
  }));
  server.registerTool(
    'test_multiple_content_types',
    { description: 'Returns text, image and a resource' },
    () => ({
      content: [
        text('Multiple content types test:'),
        { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  );
  // A failure meant for the model is returned (a thrown Error would reach the client as "Internal error").
  server.registerTool('test_error_handling', { description: 'Always fails' }, () =>
    toolError('This tool intentionally returns an error for testing'),
  );
  server.registerTool('test_tool_with_progress', { description: 'Reports progress' }, async (ctx) => {
    for (const step of [0, 50, 100]) {
      await ctx.progress(step, 100, `Completed step ${step} of 100`);
      if (step < 100) await delay(50);
    }
    return { content: [text('Progress test completed')] };
  });
  server.registerTool('test_tool_with_logging', { description: 'Logs while it works' }, async (ctx) => {
    await ctx.log('info', 'Tool execution started');
    await delay(50);
    await ctx.log('info', 'Tool processing data');
    await delay(50);
    await ctx.log('info', 'Tool execution completed');
    return { content: [text('Logging test completed')] };
  });
  server.registerTool(
    'test_logging_tool',
    { description: 'Logs only when the request asks for logs' },
    async (ctx) => {
      await ctx.log('info', 'Logging tool message');
      await ctx.log('warning', 'Logging tool warning');
      return { content: [text('Logging tool completed')] };
    },
  );

  // ------------------------------------------------------------------ input (elicitation, sampling, roots)
  server.registerTool(
    'test_sampling',
    {
      description: 'Asks the client to sample',
      inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
    },
    async ({ prompt }, ctx) => {
      const result = await ctx.sample({
        messages: [{ role: 'user', content: { type: 'text', text: String(prompt) } }],
        maxTokens: 100,
      });
      const content = result.content as { type?: string; text?: string };
      return {
        content: [
          text(`LLM response: ${content?.type === 'text' ? content.text : JSON.stringify(result.content)}`),
        ],
      };
    },
  );
  server.registerTool(
    'test_elicitation',
    {
      description: 'Asks the user for input',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    },
    async ({ message }, ctx) => {
      const answer = await ctx.elicit({
        message: String(message),
        // The form tools-call-elicitation names: the server checks the answer against it.
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      });
      return {
        content: [
          text(`User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`),
        ],
      };
    },
  );
  server.registerTool(
    'test_elicitation_sep1034_defaults',
    { description: 'Asks with defaults for every primitive' },
    async (ctx) => {
      const answer = await ctx.elicit({
        message: 'Please review your details',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', default: 'John Doe' },
            age: { type: 'integer', default: 30 },
            score: { type: 'number', default: 95.5 },
            status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', default: true },
          },
        },
      });
      return {
        content: [
          text(
            `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
          ),
        ],
      };
    },
  );
  server.registerTool(
    'test_elicitation_sep1330_enums',
    { description: 'Asks with every enum form' },
    async (ctx) => {
      const requestedSchema = {
        type: 'object',
        properties: {
          untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          titledSingle: {
            type: 'string',
            oneOf: [
              { const: 'value1', title: 'First Option' },
              { const: 'value2', title: 'Second Option' },
              { const: 'value3', title: 'Third Option' },
            ],
          },
          legacyEnum: {
            type: 'string',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: {
            type: 'array',
            items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            minItems: 1,
            maxItems: 3,
          },
          titledMulti: {
            type: 'array',
            items: {
              anyOf: [
                { const: 'value1', title: 'First Choice' },
                { const: 'value2', title: 'Second Choice' },
                { const: 'value3', title: 'Third Choice' },
              ],
            },
          },
        },
      };
      const answer = await ctx.elicit({
        message: 'Pick your options',
        requestedSchema: requestedSchema as never,
      });
      return {
        content: [
          text(
            `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
          ),
        ],
      };
    },
  );
  server.registerTool(
    'test_reconnection',
    { description: 'Closes its stream mid-call, then finishes (SEP-1699)' },
    async (ctx) => {
      ctx.closeSseStream();
      await delay(100);
      return { content: [text('Reconnection test completed')] };
    },
  );
  server.registerTool(
    'test_streaming_elicitation',
    { description: 'Streams, then asks for input' },
    async (ctx) => {
      await ctx.progress(1, 2, 'about to ask');
      const answer = await ctx.elicit({ message: 'Please provide a value', requestedSchema: nameSchema });
      return { content: [text(`Elicitation ${answer.action}`)] };
    },
  );
  server.registerTool(
    'test_missing_capability',
    { description: 'Needs the sampling capability' },
    async (ctx) => {
      const result = await ctx.sample({
        messages: [{ role: 'user', content: text('Say hi') }],
        maxTokens: 10,
      });
      return { content: [text(`Sampled: ${JSON.stringify(result.content)}`)] };
    },
  );

  server.registerTool(
    'test_input_required_result_elicitation',
    { description: 'Asks for a name (MRTR)' },
    (ctx) => {
      const answer = ctx.inputResponses?.user_name as ElicitAnswer | undefined;
      if (answer?.action === 'accept' && typeof answer.content?.name === 'string') {
        return { content: [text(`Hello, ${answer.content.name}!`)] };
      }
      return inputRequired({
        user_name: {
          method: 'elicitation/create',
          params: { message: 'What is your name?', requestedSchema: nameSchema },
        },
      });
    },
  );
  server.registerTool(
    'test_input_required_result_sampling',
    { description: 'Asks the model (MRTR)' },
    (ctx) => {
      const answer = ctx.inputResponses?.capital_question as { content?: { text?: string } } | undefined;
      if (answer?.content)
        return {
          content: [text(`The model said: ${answer.content.text ?? JSON.stringify(answer.content)}`)],
        };
      return inputRequired({
        capital_question: {
          method: 'sampling/createMessage',
          params: {
            messages: [{ role: 'user', content: text('What is the capital of France?') }],
            maxTokens: 100,
          },
        },
      });
    },
  );
  server.registerTool(
    'test_input_required_result_list_roots',
    { description: 'Asks for roots (MRTR)' },
    (ctx) => {
      const answer = ctx.inputResponses?.client_roots as { roots?: { uri: string }[] } | undefined;
      if (Array.isArray(answer?.roots))
        return { content: [text(`Roots: ${answer.roots.map((r) => r.uri).join(', ')}`)] };
      return inputRequired({ client_roots: { method: 'roots/list', params: {} } });
    },
  );
  server.registerTool(
    'test_input_required_result_request_state',
    { description: 'Carries state across rounds' },
    (ctx) => {
      const answer = ctx.inputResponses?.confirm as ElicitAnswer | undefined;
      const state = ctx.requestState as { issued?: string } | undefined;
      if (answer && state?.issued === 'round-1')
        return { content: [text(`state-ok: confirmed=${JSON.stringify(answer.content ?? {})}`)] };
      return inputRequired(
        {
          confirm: {
            method: 'elicitation/create',
            params: {
              message: 'Please confirm',
              requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
            },
          },
        },
        { issued: 'round-1' },
      );
    },
  );
  server.registerTool(
    'test_input_required_result_multiple_inputs',
    { description: 'Asks three things at once' },
    (ctx) => {
      const responses = ctx.inputResponses ?? {};
      if (responses.user_name && responses.greeting && responses.client_roots) {
        return { content: [text('All inputs received: user_name, greeting, client_roots')] };
      }
      return inputRequired(
        {
          user_name: {
            method: 'elicitation/create',
            params: { message: 'What is your name?', requestedSchema: nameSchema },
          },
          greeting: {
            method: 'sampling/createMessage',
            params: { messages: [{ role: 'user', content: text('Write a short greeting') }], maxTokens: 50 },
          },
          client_roots: { method: 'roots/list', params: {} },
        },
        { round: 1 },
      );
    },
  );
  server.registerTool(
    'test_input_required_result_multi_round',
    { description: 'Two rounds of questions' },
    (ctx) => {
      const state = ctx.requestState as { step?: number; name?: string } | undefined;
      const step1 = ctx.inputResponses?.step1 as ElicitAnswer | undefined;
      const step2 = ctx.inputResponses?.step2 as ElicitAnswer | undefined;
      if (state?.step === 2 && step2?.content) {
        return { content: [text(`Done: ${state.name} likes ${String(step2.content.color)}`)] };
      }
      if (state?.step === 1 && step1?.content) {
        return inputRequired(
          {
            step2: {
              method: 'elicitation/create',
              params: {
                message: 'Step 2: What is your favorite color?',
                requestedSchema: {
                  type: 'object',
                  properties: { color: { type: 'string' } },
                  required: ['color'],
                },
              },
            },
          },
          { step: 2, name: String(step1.content.name) },
        );
      }
      return inputRequired(
        {
          step1: {
            method: 'elicitation/create',
            params: { message: 'Step 1: What is your name?', requestedSchema: nameSchema },
          },
        },
        { step: 1 },
      );
    },
  );
  server.registerTool(
    'test_input_required_result_tampered_state',
    { description: 'Rejects altered state' },
    (ctx) => {
      if (ctx.requestState !== undefined) return { content: [text('state verified')] };
      return inputRequired(
        {
          confirm: {
            method: 'elicitation/create',
            params: {
              message: 'Confirm?',
              requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
            },
          },
        },
        { issued: Date.now() },
      );
    },
  );
  server.registerTool(
    'test_input_required_result_capabilities',
    { description: 'Asks only what the client can answer' },
    (ctx) => {
      const responses = ctx.inputResponses ?? {};
      if (responses.elicit_input || responses.sample_input) return { content: [text('capabilities-ok')] };
      const requests: Parameters<typeof inputRequired>[0] = {};
      if (ctx.clientCapabilities.elicitation) {
        requests.elicit_input = {
          method: 'elicitation/create',
          params: { message: 'Your name?', requestedSchema: nameSchema },
        };
      }
      if (ctx.clientCapabilities.sampling) {
        requests.sample_input = {
          method: 'sampling/createMessage',
          params: { messages: [{ role: 'user', content: text('Say hello') }], maxTokens: 20 },
        };
      }
      if (Object.keys(requests).length === 0) return { content: [text('capabilities-ok: nothing to ask')] };
      return inputRequired(requests);
    },
  );

  // ------------------------------------------------------------------ list changes
  // Each trigger adds an entry and removes it at once: two list changes, and the listing is
  // the same before and after. With several processes behind a balancer (--redis), every
  // process serves the same listing at all times; an entry that lingered on the process the
  // trigger reached would make consecutive tools/list or prompts/list calls differ by process.
  server.registerTool('test_trigger_tool_change', { description: 'Changes the tool list' }, () => {
    server
      .registerTool(`dynamic_tool_${Date.now()}`, { description: 'Added at run time' }, () => ({
        content: [text('dynamic')],
      }))
      .remove();
    return { content: [text('Tool list changed')] };
  });
  server.registerTool('test_trigger_prompt_change', { description: 'Changes the prompt list' }, () => {
    server
      .registerPrompt(`dynamic_prompt_${Date.now()}`, { description: 'Added at run time' }, () => ({
        messages: [{ role: 'user', content: text('dynamic') }],
      }))
      .remove();
    return { content: [text('Prompt list changed')] };
  });

  server.registerTool(
    'test_custom_headers',
    {
      description: 'Mirrors its region and priority arguments into Mcp-Param headers (SEP-2243)',
      inputSchema: {
        type: 'object',
        properties: {
          region: { type: 'string', 'x-mcp-header': 'Region' },
          priority: { type: 'integer', 'x-mcp-header': 'Priority' },
          note: { type: 'string' },
        },
        required: ['region'],
      },
    },
    ({ region, priority }) => ({
      content: [text(`region=${String(region)} priority=${String(priority ?? 'none')}`)],
    }),
  );

  // ------------------------------------------------------------------ JSON Schema 2020-12
  server.registerTool(
    'json_schema_2020_12_tool',
    {
      description: 'Lists a JSON Schema 2020-12 input schema verbatim',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: {
          address: {
            $anchor: 'addressDef',
            type: 'object',
            properties: { street: { type: 'string' }, city: { type: 'string' } },
          },
        },
        properties: {
          name: { type: 'string' },
          address: { $ref: '#/$defs/address' },
          contactMethod: { type: 'string', enum: ['phone', 'email'] },
          phone: { type: 'string' },
          email: { type: 'string' },
        },
        allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
        if: { properties: { contactMethod: { const: 'phone' } } },
        // biome-ignore lint/suspicious/noThenProperty: "then" is a JSON Schema keyword here, listed verbatim.
        then: { required: ['phone'] },
        else: { required: ['email'] },
        additionalProperties: false,
      },
    },
    (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  );

  // ------------------------------------------------------------------ resources
  server.registerResource(
    'static-text',
    'test://static-text',
    { description: 'Static text', mimeType: 'text/plain' },
    (uri) => ({
      contents: [
        { uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
      ],
    }),
  );
  server.registerResource(
    'static-binary',
    'test://static-binary',
    { description: 'A PNG', mimeType: 'image/png' },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'image/png', blob: RED_PIXEL_PNG }],
    }),
  );
  server.registerResource(
    'stateless-static-text',
    'test://stateless-static-text',
    { description: 'Static text for the stateless scenarios', mimeType: 'text/plain' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Stateless static text.' }] }),
  );
  let watched = 0;
  server.registerResource(
    'watched-resource',
    'test://watched-resource',
    { description: 'Changes every few seconds', mimeType: 'text/plain' },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: `Watched resource, version ${watched}` }],
    }),
  );
  setInterval(() => {
    watched++;
    server.notifyResourceUpdated('test://watched-resource');
  }, 3000).unref();
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', {
      complete: { id: (value) => ['123', '456'].filter((id) => id.startsWith(value)) },
    }),
    { description: 'Data by id', mimeType: 'application/json' },
    (uri, { id }) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
        },
      ],
    }),
  );

  // ------------------------------------------------------------------ prompts
  server.registerPrompt('test_simple_prompt', { description: 'A simple prompt' }, () => ({
    messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }],
  }));
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      description: 'A prompt with arguments',
      argsSchema: {
        type: 'object',
        properties: {
          arg1: { type: 'string', description: 'First argument' },
          arg2: { type: 'string', description: 'Second argument' },
        },
        required: ['arg1', 'arg2'],
      },
      complete: { arg1: (value) => ['paris', 'park', 'party'].filter((v) => v.startsWith(value)) },
    },
    ({ arg1, arg2 }) => ({
      messages: [
        {
          role: 'user',
          content: text(`Prompt with arguments: arg1='${String(arg1)}', arg2='${String(arg2)}'`),
        },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_embedded_resource',
    {
      description: 'A prompt with an embedded resource',
      argsSchema: {
        type: 'object',
        properties: { resourceUri: { type: 'string' } },
        required: ['resourceUri'],
      },
    },
    ({ resourceUri }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: String(resourceUri),
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.',
            },
          },
        },
        { role: 'user', content: text('Please process the embedded resource above.') },
      ],
    }),
  );
  server.registerPrompt('test_prompt_with_image', { description: 'A prompt with an image' }, () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' } },
      { role: 'user', content: text('Please analyze the image above.') },
    ],
  }));
  server.registerPrompt(
    'test_input_required_result_prompt',
    { description: 'A prompt that asks first (MRTR)' },
    (ctx) => {
      const answer = ctx.inputResponses?.user_context as ElicitAnswer | undefined;
      if (answer?.content) {
        return {
          messages: [{ role: 'user', content: text(`Use this context: ${String(answer.content.context)}`) }],
        };
      }
      return inputRequired({
        user_context: {
          method: 'elicitation/create',
          params: {
            message: 'What context should the prompt use?',
            requestedSchema: {
              type: 'object',
              properties: { context: { type: 'string' } },
              required: ['context'],
            },
          },
        },
      });
    },
  );

  registerTaskTools(server);
  return server;
}

/** The tools of the tasks extension scenarios (`tasks-*`). */
function registerTaskTools(server: McpServer): void {
  server.registerTool(
    'greet',
    { description: 'Greets someone; always answers at once', inputSchema: nameSchema },
    ({ name }) => ({ content: [text(`Hello, ${name}!`)] }),
  );
  server.registerTool(
    'slow_compute',
    {
      description: 'Works for `seconds` seconds; runs as a task for clients that declare the tasks extension',
      inputSchema: {
        type: 'object',
        properties: { seconds: { type: 'number', minimum: 0 }, label: { type: 'string' } },
        required: ['seconds'],
      },
      execution: { taskSupport: 'optional' },
    },
    async ({ seconds, label }, ctx: ServerContext) => {
      await sleep(Number(seconds) * 1000, ctx.signal);
      return { content: [text(`Computed ${label ?? 'result'} in ${seconds}s`)] };
    },
  );
  server.registerTool(
    'failing_job',
    {
      description: 'Runs only as a task; ends in a tool error after a second',
      execution: { taskSupport: 'required' },
    },
    async (ctx) => {
      await sleep(1000, ctx.signal);
      return toolError('The job failed: the input data is corrupt');
    },
  );
  server.registerTool(
    'protocol_error_job',
    { description: 'Ends in a protocol (JSON-RPC) error', execution: { taskSupport: 'optional' } },
    async (ctx) => {
      await sleep(200, ctx.signal);
      throw new InternalError('The job crashed: its worker went away');
    },
  );
  server.registerTool(
    'confirm_delete',
    {
      description: 'Asks for confirmation before deleting a file',
      inputSchema: { type: 'object', properties: { filename: { type: 'string' } }, required: ['filename'] },
      execution: { taskSupport: 'optional' },
    },
    async ({ filename }, ctx) => {
      const answer = await ctx.elicit({ message: `Delete ${filename}?`, requestedSchema: confirmSchema });
      const confirmed = answer.action === 'accept' && answer.content?.confirm === true;
      return { content: [text(confirmed ? `Deleted ${filename}` : `Kept ${filename}`)] };
    },
  );
  server.registerTool(
    'multi_input',
    { description: 'Asks two questions at once', execution: { taskSupport: 'optional' } },
    async (ctx) => {
      const [first, second] = await Promise.all([
        ctx.elicit({ message: 'Your name?', requestedSchema: nameSchema }),
        ctx.elicit({ message: 'Proceed?', requestedSchema: confirmSchema }),
      ]);
      return { content: [text(`Answers: ${first.action}, ${second.action}`)] };
    },
  );
  server.registerTool(
    'test_tool_with_task',
    {
      description: 'Asks for a name in an ordinary round, then finishes as a task',
      execution: { taskSupport: 'required', createTask: 'when-started' },
    },
    async (ctx) => {
      const answer = await ctx.elicit({ message: 'What is your name?', requestedSchema: nameSchema });
      const userName = String(answer.content?.name ?? 'stranger');
      await ctx.task.start(`Greeting ${userName}`);
      await sleep(200, ctx.signal);
      return { content: [text(`Hello, ${userName}! (finished as task ${ctx.task.id})`)] };
    },
  );
}

/** What a `cluster_job` notes in Redis: the process that started it, and when and where it was aborted. */
export type ClusterNote = 'started' | 'aborted';

/**
 * The Redis key under which `cluster_job` keeps its `note` about the job
 * `label` (under the fixture's key prefix, so `link` is any link on
 * {@link EVERYTHING_SERVER_KEY_PREFIX}: a test reads what every instance wrote).
 *
 * @example
 * await link.run('read', (redis) => redis.get(clusterNoteKey(link, 'aborted', 'job 7')));
 * // '{"pid":4242,"at":1765071234567}' once job 7 was aborted in process 4242
 */
export function clusterNoteKey(link: RedisLink, note: ClusterNote, label: string): string {
  return link.key('cluster', note, label);
}

/** How long a note is kept: the length of a test run, with room. */
const CLUSTER_NOTE_TTL_MS = 10 * 60_000;

/**
 * The tools of the cluster tests, registered only with `--redis` (so no
 * conformance scenario sees them): each says which process served it, so a
 * test behind a balancer can tell what ran where.
 *
 * - `cluster_touch { uri }` announces `resources/updated` for a `test://cluster/...`
 *   URI and answers once Redis took it (every instance's listen streams hear it).
 * - `cluster_job { label, seconds, ask? }` runs only as a task: it notes its
 *   process (`started`), asks for a `response` through the task's input
 *   requests when `ask` is set, works `seconds`, and answers with its process
 *   and the response. Aborted (a `tasks/cancel` reaching its process), it
 *   notes the time and its process (`aborted`) before it stops.
 */
function registerClusterTools(server: McpServer, backplane: RedisBackplane): void {
  const { link } = backplane;
  const note = (kind: ClusterNote, label: string, value: string) =>
    link.run('cluster_job note', (redis) =>
      redis.set(clusterNoteKey(link, kind, label), value, 'PX', CLUSTER_NOTE_TTL_MS),
    );
  server.registerTool(
    'cluster_touch',
    {
      description: 'Announces resources/updated for a test://cluster/ URI, from whichever process serves it',
      inputSchema: {
        type: 'object',
        properties: { uri: { type: 'string', pattern: '^test://cluster/' } },
        required: ['uri'],
      },
    },
    async ({ uri }) => {
      await server.events.publish({ type: 'resources/updated', uri: String(uri) });
      return { content: [text(`${String(uri)} updated by process ${process.pid}`)] };
    },
  );
  server.registerTool(
    'cluster_job',
    {
      description: 'A task that notes where it runs, may ask for input, and notes when it is aborted',
      inputSchema: {
        type: 'object',
        properties: {
          label: { type: 'string' },
          seconds: { type: 'number', minimum: 0 },
          ask: { type: 'boolean' },
        },
        required: ['label', 'seconds'],
      },
      execution: { taskSupport: 'required' },
    },
    async ({ label, seconds, ask }, ctx) => {
      const name = String(label);
      await note('started', name, String(process.pid));
      try {
        let told = '';
        if (ask === true) {
          const answer = await ctx.elicit({
            message: `Input for ${name}`,
            requestedSchema: {
              type: 'object',
              properties: { response: { type: 'string' } },
              required: ['response'],
            },
          });
          told = `, told ${String(answer.content?.response)}`;
        }
        await sleep(Number(seconds) * 1000, ctx.signal);
        return { content: [text(`${name} finished by process ${process.pid}${told}`)] };
      } catch (error) {
        if (ctx.signal.aborted)
          await note('aborted', name, JSON.stringify({ pid: process.pid, at: Date.now() }));
        throw error;
      }
    },
  );
}

/** The value after `--name`, undefined without the flag; a flag with no value is an error. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at === -1) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/**
 * The key prefix every instance uses on a shared Redis: fixed, so instances
 * started with the same `--redis` find each other's state.
 */
export const EVERYTHING_SERVER_KEY_PREFIX = 'mcpkit-everything-server';

/**
 * The value of `--redis`, checked: a plain `redis://host:port` URL, else a
 * usage error that says what is expected.
 *
 * @example
 * redisUrlFlag('redis://127.0.0.1:6379'); // 'redis://127.0.0.1:6379'
 * redisUrlFlag('localhost:6379'); // throws: --redis needs a redis://host:port URL
 */
export function redisUrlFlag(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'redis:' || url.hostname === '') {
    throw new Error(`--redis needs a redis://host:port URL (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * The server's options from the command line: Multi Round-Trip keys from
 * `--state-secret`, and with `--redis` the shared state of a backplane
 * (returned, to be closed on exit). `--redis` without `--state-secret` is a
 * usage error: each instance would seal rounds with a random key of its own,
 * and a round started on one instance could not finish on another.
 *
 * @example
 * const { options, backplane } = optionsFromFlags(['--redis', 'redis://127.0.0.1:6379', '--state-secret', secret]);
 * const server = createEverythingServer(options);
 * // ... on exit:
 * await backplane?.close();
 */
export function optionsFromFlags(argv: readonly string[]): {
  options: McpServerOptions;
  backplane?: RedisBackplane;
} {
  const stateSecret = flagValue(argv, '--state-secret');
  const redis = flagValue(argv, '--redis');
  const url = redis === undefined ? undefined : redisUrlFlag(redis);
  const lease = flagValue(argv, '--task-lease-ms');
  const leaseMs = lease === undefined ? undefined : Number(lease);
  if (leaseMs !== undefined && (!Number.isInteger(leaseMs) || leaseMs < 30)) {
    throw new Error(`--task-lease-ms needs a whole number of milliseconds, 30 or more (got ${lease})`);
  }
  if (leaseMs !== undefined && url === undefined) {
    throw new Error('--task-lease-ms needs --redis: without it tasks live in one process and hold no lease');
  }
  if (url !== undefined && stateSecret === undefined) {
    throw new Error(
      '--redis needs --state-secret <S> (32 or more characters, the same in every instance): without a shared ' +
        'secret each instance seals Multi Round-Trip state with a key of its own, and a round started on one ' +
        'instance fails on another',
    );
  }
  const options: McpServerOptions =
    stateSecret === undefined ? {} : { stateKeys: stateKeysFromSecret(stateSecret) };
  if (url === undefined) return { options };
  const backplane = redisBackplane({
    url,
    keyPrefix: EVERYTHING_SERVER_KEY_PREFIX,
    ...(leaseMs === undefined ? {} : { tasks: { leaseMs } }),
  });
  // Registrations as the server starts announce nothing (McpServer is quiet until it serves),
  // so an instance joining or rejoining sends other instances' streams no list change.
  options.eventBus = backplane.eventBus;
  options.tasks = {
    store: backplane.taskStore,
    control: backplane.taskControl,
    leases: backplane.taskLeases,
  };
  // 2025 sessions: any instance serves any request of a session the balancer sends it.
  options.sessions = { store: backplane.sessions };
  return { options, backplane };
}

async function main(argv: readonly string[]): Promise<void> {
  const { options, backplane } = optionsFromFlags(argv);
  try {
    // Fail at start-up, not on the first request, when Redis cannot be reached.
    await backplane?.ready();
  } catch (error) {
    await backplane?.close();
    throw error;
  }
  const server = createEverythingServer(options);
  if (backplane) registerClusterTools(server, backplane);
  if (argv.includes('--stdio')) {
    const running = await serveStdio(server);
    await running.closed;
    server.close();
    await backplane?.close();
    process.exit(0);
  }
  const port = Number(flagValue(argv, '--port') ?? 3000);
  const running = await serveHttp(server, { port });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    server.close();
    await running.close();
    await backplane?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  process.stderr.write(
    `everything-server listening on ${running.url.href}${backplane ? ' (state shared through Redis)' : ''}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`everything-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
