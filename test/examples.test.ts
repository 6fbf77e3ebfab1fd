/**
 * The runnable examples, exercised the way users run them: over Streamable HTTP
 * (a real port, or `server.fetch` in-process) and, for the demo, over stdio in a
 * child process. Each test checks behaviour a user of the example relies on.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotesServer } from '../examples/auth-server.js';
import { createDemoServer, main as demoMain, sampleRequests } from '../examples/demo-server.js';
import {
  type AuditEntry,
  createMiddlewareServer,
  FORBIDDEN,
  requestLog,
  type Timing,
  timing,
} from '../examples/middleware.js';
import { createMrtrServer } from '../examples/mrtr.js';
import { createPromptsServer } from '../examples/prompts.js';
import { createResourcesServer, SAMPLE_BYTES } from '../examples/resources.js';
import {
  COUNTER_URI,
  createSubscriptionsServer,
  type ListenEvent,
  listen,
} from '../examples/subscriptions.js';
import { runTaskClient } from '../examples/task-client.js';
import { createTasksServer } from '../examples/tasks.js';
import { badgeSvg, createToolsServer } from '../examples/tools.js';
import { createAccountLinkingServer } from '../examples/url-elicitation.js';
import { runCli } from '../src/cli/run.js';
import { Client } from '../src/entries/client.js';
import { startDevAuthorizationServer } from '../src/entries/dev-auth.js';
import { serveHttp } from '../src/entries/node.js';
import { type AuthPrincipal, jwtVerifier, type McpServer } from '../src/entries/server.js';
import { createInMemoryTransportPair, type ProgressUpdate } from '../src/entries/session.js';
import { connectInMemory } from '../src/entries/testing.js';
import { ErrorCode } from '../src/protocol/errors.js';
import {
  type Capabilities,
  collectNotifications,
  connectHttp,
  connectStdio,
  envelope,
  Inbox,
  type ModernClient,
} from './helpers/modern-client.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Serves `server` on a free port and connects a client to it. */
async function overHttp(server: McpServer, capabilities: Capabilities = {}) {
  const running = await serveHttp(server, { port: 0 });
  cleanup.push(() => running.close());
  cleanup.push(() => server.close());
  const client = await connectHttp(running.url, { capabilities });
  cleanup.push(() => client.close());
  return { client, url: running.url };
}

/** Connects to `server` through its web-standard fetch handler, without a socket. */
async function inProcess(server: McpServer, capabilities: Capabilities = {}) {
  const client = await connectHttp('http://localhost/mcp', { capabilities, fetch: (r) => server.fetch(r) });
  cleanup.push(() => client.close());
  cleanup.push(() => server.close());
  return client;
}

const script = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

type Content = { type: string; text?: string; [key: string]: unknown };
const textOf = (result: Record<string, unknown>) => (result.content as Content[])[0]?.text;
const names = (items: unknown) => (items as { name: string }[]).map((item) => item.name);

describe('examples/tools.ts', () => {
  it('lists each tool with the schemas it was registered with', async () => {
    const { client } = await overHttp(createToolsServer());
    const { tools } = await client.request('tools/list');
    expect(names(tools)).toEqual([
      'convert_temperature',
      'word_count',
      'render_badge',
      'count_down',
      'divide',
      'query_region',
    ]);
    const byName = Object.fromEntries((tools as { name: string }[]).map((t) => [t.name, t])) as Record<
      string,
      Record<string, unknown>
    >;
    expect(byName.convert_temperature).toMatchObject({
      title: 'Convert temperature',
      inputSchema: { type: 'object', required: ['value', 'from'] },
      outputSchema: { type: 'object', properties: { unit: { enum: ['C', 'F'] } } },
      annotations: { readOnlyHint: true },
    });
    // Plain JSON Schema is listed exactly as written.
    expect(byName.word_count!.inputSchema).toEqual({
      type: 'object',
      properties: { text: { type: 'string', description: 'The text to count' } },
      required: ['text'],
      additionalProperties: false,
    });
    expect(byName.query_region).toMatchObject({
      inputSchema: { properties: { region: { 'x-mcp-header': 'Region' } } },
    });
  });

  it('validates zod input, returns structured output with a text copy, and reports bad arguments as tool errors', async () => {
    const { client } = await overHttp(createToolsServer());
    const converted = await client.request('tools/call', {
      name: 'convert_temperature',
      arguments: { value: 100, from: 'C' },
    });
    expect(converted.structuredContent).toEqual({ value: 212, unit: 'F' });
    expect(JSON.parse(String(textOf(converted)))).toEqual({ value: 212, unit: 'F' });

    const bad = await client.request('tools/call', {
      name: 'convert_temperature',
      arguments: { value: 'hot', from: 'C' },
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/Invalid arguments for tool convert_temperature/);

    const counted = await client.request('tools/call', {
      name: 'word_count',
      arguments: { text: 'one two  three' },
    });
    expect(textOf(counted)).toBe('3 words');
  });

  it('returns image, embedded resource and link content', async () => {
    const { client } = await overHttp(createToolsServer());
    const result = await client.request('tools/call', { name: 'render_badge', arguments: { label: 'mcp' } });
    const content = result.content as Content[];
    expect(content.map((c) => c.type)).toEqual(['image', 'resource', 'resource_link']);
    expect(content[0]).toMatchObject({ mimeType: 'image/svg+xml' });
    expect(atob(String(content[0]!.data))).toBe(badgeSvg('mcp'));
    expect(content[1]).toMatchObject({ resource: { uri: 'badge://mcp', text: badgeSvg('mcp') } });
  });

  it('reports progress to a client that asked for it', async () => {
    const { client } = await overHttp(createToolsServer());
    const updates: ProgressUpdate[] = [];
    const result = await client.request(
      'tools/call',
      { name: 'count_down', arguments: { from: 3 } },
      { onProgress: (update) => updates.push(update) },
    );
    expect(textOf(result)).toBe('Liftoff!');
    expect(updates.map((u) => [u.progress, u.total, u.message])).toEqual([
      [1, 3, '3...'],
      [2, 3, '2...'],
      [3, 3, '1...'],
    ]);
  });

  it('turns expected and unexpected failures into tool errors, and unknown tools into -32602', async () => {
    const { client } = await overHttp(createToolsServer());
    const byZero = await client.request('tools/call', { name: 'divide', arguments: { a: 1, b: 0 } });
    expect(byZero).toMatchObject({ isError: true });
    expect(textOf(byZero)).toMatch(/Cannot divide by zero/);
    const overflow = await client.request('tools/call', {
      name: 'divide',
      arguments: { a: 1e308, b: 1e-308 },
    });
    expect(overflow).toMatchObject({ isError: true });
    expect(textOf(overflow)).toMatch(/too large/);
    const fine = await client.request('tools/call', { name: 'divide', arguments: { a: 6, b: 3 } });
    expect(fine.structuredContent).toEqual({ quotient: 2 });
    await expect(client.request('tools/call', { name: 'nope', arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it('mirrors x-mcp-header arguments into Mcp-Param headers, and refuses a header that disagrees', async () => {
    const { client, url } = await overHttp(createToolsServer());
    await client.request('tools/list'); // the client learns which arguments to mirror from the listing
    const result = await client.request('tools/call', {
      name: 'query_region',
      arguments: { region: 'eu-west-1' },
    });
    expect(textOf(result)).toContain('header Mcp-Param-Region=eu-west-1');

    const body = {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'query_region', arguments: { region: 'eu-west-1' }, _meta: envelope() },
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'query_region',
        'mcp-param-region': 'us-east-1',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(
      ErrorCode.HeaderMismatch,
    );
  });
});

describe('examples/resources.ts', () => {
  it('lists fixed resources and the ones its template stands for', async () => {
    const client = await inProcess(createResourcesServer());
    const { resources } = await client.request('resources/list');
    expect((resources as { uri: string }[]).map((r) => r.uri)).toEqual([
      'docs://readme',
      'docs://sample.bin',
      'notes://1',
      'notes://2',
      'notes://12',
    ]);
    const { resourceTemplates } = await client.request('resources/templates/list');
    expect(resourceTemplates).toEqual([
      { uriTemplate: 'notes://{id}', name: 'note', description: 'A note by id', mimeType: 'text/plain' },
    ]);
  });

  it('reads text, binary and templated resources, and answers not-found for the rest', async () => {
    const client = await inProcess(createResourcesServer());
    const readme = await client.request('resources/read', { uri: 'docs://readme' });
    expect(readme.contents).toMatchObject([{ uri: 'docs://readme', mimeType: 'text/markdown' }]);
    const binary = await client.request('resources/read', { uri: 'docs://sample.bin' });
    const blob = (binary.contents as { blob: string }[])[0]!.blob;
    expect(Uint8Array.from(atob(blob), (c) => c.charCodeAt(0))).toEqual(SAMPLE_BYTES);
    const note = await client.request('resources/read', { uri: 'notes://12' });
    expect((note.contents as { text: string }[])[0]!.text).toBe('Travel\n\nbook the train to Lyon');

    for (const uri of ['notes://999', 'docs://missing']) {
      await expect(client.request('resources/read', { uri })).rejects.toMatchObject({
        code: ErrorCode.InvalidParams,
        data: { uri },
      });
    }
  });

  it('completes the template variable from what was typed', async () => {
    const client = await inProcess(createResourcesServer());
    const complete = (value: string) =>
      client.request('completion/complete', {
        ref: { type: 'ref/resource', uri: 'notes://{id}' },
        argument: { name: 'id', value },
      });
    expect((await complete('1')).completion).toEqual({ values: ['1', '12'], total: 2, hasMore: false });
    expect((await complete('9')).completion).toMatchObject({ values: [] });
  });

  it('tells a listener subscribed to a note, and only to that note, when it changes', async () => {
    const { client } = await overHttp(createResourcesServer());
    const inbox = collectNotifications(client, [
      'notifications/subscriptions/acknowledged',
      'notifications/resources/updated',
    ]);
    const stop = new AbortController();
    const listening = client
      .request(
        'subscriptions/listen',
        { notifications: { resourceSubscriptions: ['notes://2'] } },
        { timeoutMs: Number.POSITIVE_INFINITY, signal: stop.signal },
      )
      .catch(() => {});
    cleanup.push(() => listening);
    cleanup.push(() => stop.abort());
    expect(await inbox.next()).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { resourceSubscriptions: ['notes://2'] } },
    });
    // Note 1 changes first; the listener must hear only about note 2.
    await client.request('tools/call', { name: 'edit_note', arguments: { id: '1', body: 'just eggs' } });
    await client.request('tools/call', { name: 'edit_note', arguments: { id: '2', body: 'ship it' } });
    expect(await inbox.next()).toMatchObject({
      method: 'notifications/resources/updated',
      params: { uri: 'notes://2' },
    });
    const reread = await client.request('resources/read', { uri: 'notes://2' });
    expect((reread.contents as { text: string }[])[0]!.text).toBe('Ideas\n\nship it');
  });
});

describe('examples/prompts.ts', () => {
  it('lists arguments from JSON Schema and zod, with what is required', async () => {
    const { client } = await overHttp(createPromptsServer());
    const { prompts } = await client.request('prompts/list');
    expect(names(prompts)).toEqual(['code_review', 'summarize', 'explain_file']);
    const [review, summarize] = prompts as { arguments: unknown }[];
    expect(review!.arguments).toEqual([
      { name: 'code', description: 'The code to review', required: true },
      { name: 'language', description: 'Its language', required: true },
      { name: 'guide', description: 'A style guide to follow', required: false },
    ]);
    expect(summarize!.arguments).toEqual([
      { name: 'text', description: 'The text to summarize', required: true },
      { name: 'style', description: 'How to summarize', required: false },
    ]);
  });

  it('fills the messages from the arguments and refuses bad ones with -32602', async () => {
    const { client } = await overHttp(createPromptsServer());
    const review = await client.request('prompts/get', {
      name: 'code_review',
      arguments: { code: 'let x = 1', language: 'rust', guide: 'rustfmt' },
    });
    expect(review.messages).toEqual([
      {
        role: 'user',
        content: {
          type: 'text',
          text: 'Review this rust code against the rustfmt style guide. Point out bugs first, then style.\n\nlet x = 1',
        },
      },
    ]);
    const tweet = await client.request('prompts/get', {
      name: 'summarize',
      arguments: { text: 'long story', style: 'tweet' },
    });
    expect((tweet.messages as { content: Content }[])[0]!.content.text).toMatch(
      /^Summarize the following as tweet/,
    );

    for (const params of [
      { name: 'code_review', arguments: { code: 'x' } },
      { name: 'summarize', arguments: { text: 'long story', style: 'haiku' } },
      { name: 'explain_file', arguments: { path: 'nope.ts' } },
      { name: 'no_such_prompt', arguments: {} },
    ]) {
      await expect(client.request('prompts/get', params)).rejects.toMatchObject({
        code: ErrorCode.InvalidParams,
      });
    }
  });

  it('embeds the file as resource content', async () => {
    const { client } = await overHttp(createPromptsServer());
    const result = await client.request('prompts/get', {
      name: 'explain_file',
      arguments: { path: 'src/add.ts' },
    });
    const [embedded, ask] = result.messages as { content: Content }[];
    expect(embedded!.content).toEqual({
      type: 'resource',
      resource: {
        uri: 'file:///workspace/src/add.ts',
        mimeType: 'text/x-typescript',
        text: 'export const add = (a: number, b: number) => a + b;\n',
      },
    });
    expect(ask!.content.text).toBe('Explain what src/add.ts does, briefly.');
  });

  it('completes arguments, using the arguments already filled in', async () => {
    const { client } = await overHttp(createPromptsServer());
    const complete = async (prompt: string, name: string, value: string, context?: Record<string, string>) =>
      (
        await client.request('completion/complete', {
          ref: { type: 'ref/prompt', name: prompt },
          argument: { name, value },
          ...(context ? { context: { arguments: context } } : {}),
        })
      ).completion as { values: string[] };
    expect((await complete('code_review', 'language', 'ty')).values).toEqual(['typescript']);
    expect((await complete('code_review', 'guide', '', { language: 'python' })).values).toEqual([
      'black',
      'pep8',
    ]);
    expect((await complete('code_review', 'guide', 'p', { language: 'python' })).values).toEqual(['pep8']);
    expect((await complete('summarize', 'style', 'p')).values).toEqual(['paragraph']);
    expect((await complete('explain_file', 'path', 'src/')).values).toEqual(['src/add.ts', 'src/greet.ts']);
  });
});

describe('examples/task-client.ts', () => {
  it('waits for tasks, answers their questions and cancels one, against examples/tasks.ts', async () => {
    const server = createTasksServer(5);
    const running = await serveHttp(server, { port: 0 });
    cleanup.push(async () => {
      server.close();
      await running.close();
    });
    const lines: string[] = [];
    await runTaskClient(running.url, (line) => lines.push(line));
    expect(lines).toContain('result: Report for Q3 is ready.');
    expect(lines).toContain('asked: Delete every archived record older than 90 days? -> yes');
    expect(lines).toContain('result: Purged records older than 90 days.');
    expect(lines).toContain('result: Published "Tasks are here".');
    expect(lines.at(-1)).toBe('  cancelled');
    // Each task was seen working before it completed.
    const publish = lines.slice(lines.indexOf('publish_post (a handle, followed by iteration)'));
    expect(publish.indexOf('  working')).toBeLessThan(publish.indexOf('  completed'));
  });
});

describe('examples/tasks.ts', () => {
  const tasks = { elicitation: {}, extensions: { 'io.modelcontextprotocol/tasks': {} } };

  /** Polls tasks/get until the task leaves the statuses in `passing`. */
  async function follow(client: ModernClient, taskId: unknown, passing: readonly string[] = ['working']) {
    for (;;) {
      const task = await client.request('tasks/get', { taskId });
      if (!passing.includes(task.status as string)) return task;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('runs the export as a task for a client that declared the extension, and inlines the result', async () => {
    const { client } = await overHttp(createTasksServer(5), tasks);
    const created = await client.request('tools/call', {
      name: 'export_report',
      arguments: { quarter: 'Q3' },
    });
    expect(created).toMatchObject({
      resultType: 'task',
      status: 'working',
      pollIntervalMs: 500,
      ttlMs: 3_600_000,
    });
    const done = await follow(client, created.taskId);
    expect(done).toMatchObject({ status: 'completed', statusMessage: 'Q3: rendering' });
    expect(textOf(done.result as Record<string, unknown>)).toBe('Report for Q3 is ready.');
  });

  it('answers a client without the extension directly, and refuses it the task-only purge', async () => {
    const { client } = await overHttp(createTasksServer(5), { elicitation: {} });
    const direct = await client.request('tools/call', {
      name: 'export_report',
      arguments: { quarter: 'Q1' },
    });
    expect(direct.resultType).toBe('complete');
    expect(textOf(direct)).toBe('Report for Q1 is ready.');
    await expect(
      client.request('tools/call', { name: 'purge_archive', arguments: { olderThanDays: 90 } }),
    ).rejects.toMatchObject({ code: ErrorCode.MissingRequiredClientCapability });
  });

  it('confirms the purge in an ordinary round, then runs it as a task', async () => {
    const { client } = await overHttp(createTasksServer(5), tasks);
    const params = { name: 'purge_archive', arguments: { olderThanDays: 90 } };
    const question = await client.request('tools/call', params);
    expect(question.resultType).toBe('input_required');
    const [key] = Object.keys(question.inputRequests as object);
    const created = await client.request('tools/call', {
      ...params,
      inputResponses: { [key!]: { action: 'accept', content: { confirm: true } } },
      requestState: question.requestState,
    });
    expect(created).toMatchObject({ resultType: 'task', statusMessage: 'Purging' });
    const done = await follow(client, created.taskId);
    expect(textOf(done.result as Record<string, unknown>)).toBe('Purged records older than 90 days.');
  });

  it('parks the publish task until tasks/update approves it, and cancels an export', async () => {
    const { client } = await overHttp(createTasksServer(5), tasks);
    const created = await client.request('tools/call', {
      name: 'publish_post',
      arguments: { title: 'Hello' },
    });
    const parked = await follow(client, created.taskId);
    expect(parked.status).toBe('input_required');
    const [key] = Object.keys(parked.inputRequests as object);
    await client.request('tasks/update', {
      taskId: created.taskId,
      inputResponses: { [key!]: { action: 'accept', content: { approve: true } } },
    });
    const published = await follow(client, created.taskId, ['working', 'input_required']);
    expect(textOf(published.result as Record<string, unknown>)).toBe('Published "Hello".');

    const slow = await overHttp(createTasksServer(60_000), tasks);
    const exporting = await slow.client.request('tools/call', {
      name: 'export_report',
      arguments: { quarter: 'Q4' },
    });
    const ack = await slow.client.request('tasks/cancel', { taskId: exporting.taskId });
    expect(ack).not.toHaveProperty('status');
    expect(await follow(slow.client, exporting.taskId)).toMatchObject({ status: 'cancelled' });
  });
});

describe('examples/mrtr.ts', () => {
  const everything = { elicitation: {}, sampling: {}, roots: {} };

  it('write-once elicitation: input_required, then the retry with the answer and requestState completes', async () => {
    const { client } = await overHttp(createMrtrServer(), everything);
    const params = { name: 'book_table', arguments: { restaurant: 'Chez Lu' } };
    const first = await client.request('tools/call', params);
    expect(first).toMatchObject({
      resultType: 'input_required',
      inputRequests: {
        e0: {
          method: 'elicitation/create',
          params: { mode: 'form', message: 'Booking at Chez Lu: how many people, and when?' },
        },
      },
    });
    expect(typeof first.requestState).toBe('string');

    const accepted = await client.request('tools/call', {
      ...params,
      inputResponses: { e0: { action: 'accept', content: { people: 2, time: '19:30' } } },
      requestState: first.requestState,
    });
    expect(accepted.resultType).toBe('complete');
    expect(textOf(accepted)).toBe('Booked Chez Lu for 2 at 19:30.');

    const declined = await client.request('tools/call', {
      ...params,
      inputResponses: { e0: { action: 'decline' } },
      requestState: first.requestState,
    });
    expect(textOf(declined)).toBe('No booking made (decline).');
  });

  it('refuses to ask a client that did not declare the capability', async () => {
    const { client } = await overHttp(createMrtrServer(), {});
    await expect(
      client.request('tools/call', { name: 'book_table', arguments: { restaurant: 'Chez Lu' } }),
    ).rejects.toMatchObject({ code: ErrorCode.MissingRequiredClientCapability });
  });

  it('write-once sampling and roots', async () => {
    const { client } = await overHttp(createMrtrServer(), everything);
    const sampleParams = { name: 'name_project', arguments: { topic: 'space' } };
    const asked = await client.request('tools/call', sampleParams);
    expect(asked.inputRequests).toMatchObject({
      s0: { method: 'sampling/createMessage', params: { maxTokens: 20 } },
    });
    const named = await client.request('tools/call', {
      ...sampleParams,
      inputResponses: {
        s0: { role: 'assistant', content: { type: 'text', text: ' Orbit ' }, model: 'test-model' },
      },
      requestState: asked.requestState,
    });
    expect(textOf(named)).toBe('Suggested name: Orbit (by test-model)');

    const rootsAsked = await client.request('tools/call', { name: 'list_workspace' });
    expect(rootsAsked.inputRequests).toMatchObject({ r0: { method: 'roots/list' } });
    const listed = await client.request('tools/call', {
      name: 'list_workspace',
      inputResponses: { r0: { roots: [{ uri: 'file:///home/me/project', name: 'project' }] } },
      requestState: rootsAsked.requestState,
    });
    expect(textOf(listed)).toBe('project: file:///home/me/project');
  });

  it('explicit form: its own keys, and state that comes back sealed and bound to the request', async () => {
    const { client } = await overHttp(createMrtrServer(), everything);
    const params = { name: 'deploy', arguments: { service: 'api' } };
    const first = await client.request('tools/call', params);
    expect(first).toMatchObject({
      resultType: 'input_required',
      inputRequests: { confirm: { method: 'elicitation/create', params: { message: 'Deploy api v21?' } } },
    });
    // Sealed: the plan is not readable in the token the client carries.
    expect(String(first.requestState)).not.toContain('v21');

    const confirm = { confirm: { action: 'accept', content: { proceed: true } } };
    const done = await client.request('tools/call', {
      ...params,
      inputResponses: confirm,
      requestState: first.requestState,
    });
    expect(textOf(done)).toBe('Deployed api v21.');

    // The same state does not open for another request, nor when altered.
    await expect(
      client.request('tools/call', {
        name: 'deploy',
        arguments: { service: 'web' },
        inputResponses: confirm,
        requestState: first.requestState,
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    const tampered = `${String(first.requestState).slice(0, -2)}xx`;
    await expect(
      client.request('tools/call', { ...params, inputResponses: confirm, requestState: tampered }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});

describe('examples/subscriptions.ts', () => {
  it('acknowledges the filter, then streams list and resource changes tagged with the subscription id', async () => {
    const server = createSubscriptionsServer();
    const { client, url } = await overHttp(server);
    const events = new Inbox<ListenEvent>();
    const stop = new AbortController();
    const listening = listen(
      url,
      // This server has no prompts: the acknowledgement must not promise prompt notifications.
      { toolsListChanged: true, promptsListChanged: true, resourceSubscriptions: [COUNTER_URI] },
      (event) => events.push(event),
      stop.signal,
    );
    cleanup.push(() => listening);
    cleanup.push(() => stop.abort());

    const ack = await events.next();
    expect(ack).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { toolsListChanged: true, resourceSubscriptions: [COUNTER_URI] } },
    });
    expect(ack.params.notifications).not.toHaveProperty('promptsListChanged');
    expect(ack.subscriptionId).toBeDefined();

    await client.request('tools/call', { name: 'toggle_bonus' });
    expect(await events.next()).toEqual({
      method: 'notifications/tools/list_changed',
      subscriptionId: ack.subscriptionId,
      params: { _meta: { 'io.modelcontextprotocol/subscriptionId': ack.subscriptionId } },
    });
    expect(names((await client.request('tools/list')).tools)).toContain('bonus');

    await client.request('tools/call', { name: 'increment' });
    expect(await events.next()).toMatchObject({
      method: 'notifications/resources/updated',
      subscriptionId: ack.subscriptionId,
      params: { uri: COUNTER_URI },
    });
    const counter = await client.request('resources/read', { uri: COUNTER_URI });
    expect((counter.contents as { text: string }[])[0]!.text).toBe('count=1');

    // Closing the server ends the listen stream gracefully: the client's listen() returns.
    server.close();
    await expect(listening).resolves.toBeUndefined();
  });
});

describe('examples/middleware.ts', () => {
  for (const version of ['2026-07-28', '2025-11-25']) {
    it(`audits calls and refuses past the rate limit, in-process on ${version}`, async () => {
      const entries: AuditEntry[] = [];
      const server = createMiddlewareServer(entries, 2);
      const [clientSide, serverSide] = createInMemoryTransportPair();
      await server.connect(serverSide);
      const client = await Client.connect(clientSide, { protocolVersion: version });
      cleanup.push(() => client.close());
      expect((await client.callTool('shout', { text: 'hi' })).content).toEqual([
        { type: 'text', text: 'HI' },
      ]);
      // Invalid arguments are a tool error (SEP-1303), which the handler's result carries.
      expect((await client.callTool('shout', {})).isError).toBe(true);
      await expect(client.callTool('shout', { text: 'again' })).rejects.toMatchObject({
        code: -32029,
        message: 'Rate limit exceeded: 2 requests per 60000 ms',
        data: { retryAfterMs: expect.any(Number), limit: 2, windowMs: 60_000 },
      });
      const era = version === '2026-07-28' ? 'modern' : 'legacy';
      expect(entries.map(({ tool, era, outcome }) => ({ tool, era, outcome }))).toEqual([
        { tool: 'shout', era, outcome: 'ok' },
        { tool: 'shout', era, outcome: 'tool error' },
        { tool: 'shout', era, outcome: -32029 },
      ]);
    });
  }

  const principal = (subject: string, claims: Record<string, unknown>): AuthPrincipal => ({
    subject,
    clientId: 'example-test',
    scopes: [],
    audience: ['http://localhost/mcp'],
    expiresAt: Math.floor(Date.now() / 1000) + 60,
    claims,
  });

  for (const protocolVersion of ['2026-07-28', '2025-11-25']) {
    it(`logs each request on the server with its outcome, on ${protocolVersion}`, async () => {
      const lines: string[] = [];
      const { client, close } = await connectInMemory(
        createMiddlewareServer([], 1, (line) => lines.push(line)),
        {
          protocolVersion,
        },
      );
      await client.callTool('shout', { text: 'a' });
      await client.callTool('shout', { text: 'b' }).catch(() => {});
      await close();
      expect(lines.filter((line) => line.includes('tools/call'))).toEqual([
        expect.stringMatching(/^<- tools\/call #\S+ ok$/),
        expect.stringMatching(
          /^<- tools\/call #\S+ failed \(-32029: Rate limit exceeded: 1 requests per 60000 ms\)$/,
        ),
      ]);
    });

    it(`lets only an admin call purge, before the rate limit counts, on ${protocolVersion}`, async () => {
      const server = createMiddlewareServer([], 1);
      const admin = await connectInMemory(server, {
        protocolVersion,
        auth: principal('ada', { role: 'admin' }),
      });
      const user = await connectInMemory(server, { protocolVersion, auth: principal('bob', {}) });
      const anonymous = await connectInMemory(server, { protocolVersion });
      cleanup.push(admin.close, user.close, anonymous.close);
      expect((await admin.client.callTool('purge', {})).content).toEqual([{ type: 'text', text: 'Purged.' }]);
      await expect(user.client.callTool('purge', {})).rejects.toMatchObject({
        code: FORBIDDEN,
        message: 'Tool "purge" needs the admin role, which "bob" does not have',
        data: { tool: 'purge', needs: 'the admin role' },
      });
      await expect(anonymous.client.callTool('purge', {})).rejects.toThrow(
        'Tool "purge" needs the admin role, which an unauthenticated caller does not have',
      );
      // The refusal cost bob none of his one call a minute.
      expect((await user.client.callTool('shout', { text: 'still allowed' })).isError).not.toBe(true);
    });

    it(`logs and times what a client sends, on ${protocolVersion}`, async () => {
      const lines: string[] = [];
      const timings: Timing[] = [];
      const { client, close } = await connectInMemory(createMiddlewareServer([], 1), {
        protocolVersion,
        client: { middleware: [requestLog((line) => lines.push(line)), timing((t) => timings.push(t))] },
      });
      await client.callTool('shout', { text: 'a' });
      await expect(client.callTool('shout', { text: 'b' })).rejects.toMatchObject({ code: -32029 });
      await close();
      expect(lines.filter((line) => line.includes('tools/call'))).toEqual([
        expect.stringMatching(/^-> tools\/call #\S+ ok$/),
        expect.stringMatching(/^-> tools\/call #\S+ failed \(-32029: Rate limit exceeded/),
      ]);
      // Every request the client makes is timed: the handshake (server/discover on 2026-07-28,
      // initialize on a 2025 session) and, on 2026-07-28, the listing a client reads once before
      // its first call to learn the tool's headers and output schema.
      expect(timings.map((t) => `${t.direction} ${t.method}`)).toEqual(
        protocolVersion === '2026-07-28'
          ? ['outbound server/discover', 'outbound tools/list', 'outbound tools/call', 'outbound tools/call']
          : ['outbound initialize', 'outbound tools/call', 'outbound tools/call'],
      );
      expect(timings.every((t) => t.ms >= 0 && t.ms < 10_000)).toBe(true);
    });
  }

  it('limits each HTTP caller on its own', async () => {
    const server = createMiddlewareServer([], 1);
    const connect = (address: string) =>
      Client.connect('http://localhost/mcp', {
        fetch: (input, init) =>
          server.fetch(
            new Request(input, {
              ...init,
              headers: { ...Object.fromEntries(new Headers(init?.headers)), 'x-forwarded-for': address },
            }),
          ),
      });
    const first = await connect('10.0.0.1');
    const second = await connect('10.0.0.2');
    cleanup.push(
      () => first.close(),
      () => second.close(),
    );
    await first.callTool('shout', { text: 'a' });
    await second.callTool('shout', { text: 'b' });
    await expect(first.callTool('shout', { text: 'c' })).rejects.toMatchObject({ code: -32029 });
  });
});

describe('examples/demo-server.ts', () => {
  async function exercise(client: ModernClient) {
    const discovered = await client.request('server/discover');
    expect(discovered).toMatchObject({
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} },
      resultType: 'complete',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcpkit-demo' } },
    });
    // A client without the MCP Apps extension sees the app tool (answered in text), not the app-only one.
    expect(names((await client.request('tools/list')).tools)).toEqual(['echo', 'add', 'greet', 'counter']);
    const counted = await client.request('tools/call', { name: 'counter', arguments: { start: 3 } });
    expect(textOf(counted)).toBe('The counter is at 3.');
    expect(textOf(await client.request('tools/call', { name: 'echo', arguments: { text: 'hi' } }))).toBe(
      'hi',
    );

    const asked = await client.request('tools/call', { name: 'greet' });
    expect(asked.resultType).toBe('input_required');
    const greeted = await client.request('tools/call', {
      name: 'greet',
      inputResponses: { e0: { action: 'accept', content: { name: 'Ada' } } },
      requestState: asked.requestState,
    });
    expect(textOf(greeted)).toBe('Hello, Ada!');

    const read = await client.request('resources/read', { uri: 'demo://greetings/fr' });
    expect((read.contents as { text: string }[])[0]!.text).toBe('Bonjour');
    await expect(client.request('resources/read', { uri: 'demo://greetings/xx' })).rejects.toThrow(
      'Resource not found: demo://greetings/xx',
    );
    const completed = await client.request('completion/complete', {
      ref: { type: 'ref/resource', uri: 'demo://greetings/{language}' },
      argument: { name: 'language', value: 'e' },
    });
    expect((completed.completion as { values: string[] }).values).toEqual(['en', 'es']);
    const prompt = await client.request('prompts/get', { name: 'haiku', arguments: { topic: 'autumn' } });
    expect((prompt.messages as { content: Content }[])[0]!.content.text).toBe('Write a haiku about autumn.');
    // Without the envelope a 2026-07-28 server cannot tell what the client speaks.
    await expect(client.raw('tools/list', {})).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  }

  it('serves everything over Streamable HTTP', async () => {
    const { client } = await overHttp(createDemoServer(), { elicitation: {} });
    await exercise(client);
  });

  it('serves the same over stdio with --stdio', async () => {
    const client = await connectStdio(
      { command: process.execPath, args: ['--import', 'tsx', script('demo-server.ts'), '--stdio'] },
      { elicitation: {} },
    );
    cleanup.push(() => client.close());
    await exercise(client);
  });

  it('serves its MCP App to a client that declared io.modelcontextprotocol/ui', async () => {
    const apps = {
      extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
    };
    const client = await inProcess(createDemoServer(), apps);
    const { tools } = await client.request('tools/list');
    const byName = Object.fromEntries((tools as { name: string; _meta?: unknown }[]).map((t) => [t.name, t]));
    expect(byName.counter?._meta).toEqual({ ui: { resourceUri: 'ui://demo/counter.html' } });
    expect(byName.counter_add?._meta).toEqual({
      ui: { resourceUri: 'ui://demo/counter.html', visibility: ['app'] },
    });
    const started = await client.request('tools/call', { name: 'counter', arguments: {} });
    expect(started.structuredContent).toEqual({ count: 0 });
    const added = await client.request('tools/call', { name: 'counter_add', arguments: { count: 41 } });
    expect(added.structuredContent).toEqual({ count: 42 });

    const read = await client.request('resources/read', { uri: 'ui://demo/counter.html' });
    const [view] = read.contents as { mimeType: string; text: string; _meta: unknown }[];
    expect(view?.mimeType).toBe('text/html;profile=mcp-app');
    expect(view?._meta).toEqual({ ui: { csp: {}, prefersBorder: true } });
    // The app speaks the ui/* protocol itself: the handshake, the tool data, its tool call, its size.
    for (const method of [
      "'ui/initialize'",
      "'ui/notifications/initialized'",
      "'ui/notifications/tool-input'",
      "'ui/notifications/tool-result'",
      "'tools/call', { name: 'counter_add'",
      "'ui/notifications/size-changed'",
      "'ui/resource-teardown'",
    ]) {
      expect(view?.text).toContain(method);
    }
    // Its one inline script is valid JavaScript (a syntax error would only show in a host).
    const scripts = [...(view?.text ?? '').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(() => new Function(scripts[0]!)).not.toThrow();
  });

  it('keeps its app-only tool from a client without the extension', async () => {
    const client = await inProcess(createDemoServer());
    await expect(
      client.request('tools/call', { name: 'counter_add', arguments: { count: 1 } }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: 'Unknown tool: counter_add' });
  });

  // 2026-07-28 dropped -32002: a missing resource is -32602 with the URI in data.
  const expectNotFound = (client: ModernClient) =>
    expect(client.request('resources/read', { uri: 'demo://greetings/xx' })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      data: { uri: 'demo://greetings/xx' },
    });

  it('answers a missing resource with -32602 over HTTP', async () => {
    const { client } = await overHttp(createDemoServer());
    await expectNotFound(client);
  });

  it('answers a missing resource with -32602 over stdio too', async () => {
    const client = await connectStdio({
      command: process.execPath,
      args: ['--import', 'tsx', script('demo-server.ts'), '--stdio'],
    });
    cleanup.push(() => client.close());
    await expectNotFound(client);
  });

  it('prints its URL, what it offers, how to stop it, and CLI and curl requests that work as printed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script('demo-server.ts'), '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    cleanup.push(() => stopChild(child));
    const { url, banner } = await new Promise<{ url: URL; banner: string }>((resolve, reject) => {
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (found && stderr.includes('On another port: npm start -- --port')) {
          resolve({ url: new URL(found[1]!), banner: stderr });
        }
      });
      child.once('exit', (code) => reject(new Error(`demo server exited with ${code}: ${stderr}`)));
    });
    expect(banner).toMatch(/^ {2}tools: +echo, add, greet, counter$/m);
    expect(banner).toMatch(
      /^ {2}app tools: +counter -> ui:\/\/demo\/counter\.html, counter_add \(app only\) -> ui:\/\/demo\/counter\.html$/m,
    );
    expect(banner).toMatch(/^ {2}templates: +demo:\/\/greetings\/\{language\}$/m);
    expect(banner).toMatch(/^ {2}prompts: +haiku$/m);
    expect(banner).toMatch(/^ {2}resources: +demo:\/\/about, /m);
    expect(banner).toContain('Stop it with Ctrl-C.');
    // Every CLI line works as printed (run in this process: the CLI's own tests cover its process).
    const cliLines = [...banner.matchAll(/^ {2}npm run mcpkit -- (.+?)(?: +#.*)?$/gm)].map((m) => m[1]!);
    expect(cliLines.length).toBeGreaterThanOrEqual(5);
    for (const line of cliLines) {
      const argv = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      const out: string[] = [];
      const sink = new Writable({
        write(chunk, _encoding, done) {
          out.push(String(chunk));
          done();
        },
      });
      const code = await runCli(argv, {
        stdin: Readable.from([]),
        stdout: sink,
        stderr: sink,
        interactive: false,
      });
      expect({ line, code, out: out.join('') }).toMatchObject({ line, code: 0 });
    }
    const answers = [];
    for (const { headers, body } of sampleRequests()) {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      answers.push(((await response.json()) as { result: Record<string, unknown> }).result);
    }
    expect(names(answers[0]!.tools)).toContain('add');
    expect(answers[1]!.structuredContent).toEqual({ sum: 5 });
  });
});

describe('examples/command-line.ts', () => {
  it('says a taken port is taken and how to choose another with --port', async () => {
    const taken = await serveHttp(createDemoServer(), { port: 0 });
    cleanup.push(() => taken.close());
    const failure = await demoMain(['--port', taken.url.port]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(
      `mcpkit demo: port ${taken.url.port} on 127.0.0.1 is already in use (EADDRINUSE)`,
    );
    expect(message).toContain(
      `choose another port with --port: npm start -- --port ${Number(taken.url.port) + 1}`,
    );
  });
});

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('examples/url-elicitation.ts', () => {
  it.each(['2026-07-28', '2025-11-25'])(
    'sends the user to the linking page, then lists events (%s)',
    async (version) => {
      const linking = createAccountLinkingServer('https://calendar.example/link');
      const running = await serveHttp(linking.server, { port: 0 });
      cleanup.push(() => running.close());
      cleanup.push(() => linking.server.close());
      const pages: string[] = [];
      const client = await Client.connect(running.url, {
        protocolVersion: version,
        elicitUrl: true,
        warn: () => {},
        onElicit: (params) => {
          if (params.mode !== 'url') return { action: 'decline' };
          pages.push(params.url);
          // The user finishes in the browser before saying so: the page calls completeLink with its id.
          linking.completeLink(new URL(params.url).searchParams.get('e') ?? '');
          return { action: 'accept' };
        },
      });
      cleanup.push(() => client.close());
      const result = await client.callTool('list_events');
      expect(textOf(result)).toBe('09:00 stand-up; 14:00 design review');
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatch(/^https:\/\/calendar\.example\/link\?e=[0-9a-f-]{36}$/);
      // The link is used up.
      expect(linking.completeLink(new URL(pages[0]!).searchParams.get('e')!)).toBe(false);
    },
  );
});

describe('examples/auth-server.ts', () => {
  /** The notes server behind the development authorization server, and a way to get its tokens. */
  async function notesBehindDevAuth() {
    const as = await startDevAuthorizationServer({
      resources: [],
      scopes: ['mcp', 'notes:read', 'notes:write', 'notes:admin'],
      clients: [{ clientId: 'notes-script', clientSecret: 'notes-secret' }],
    });
    cleanup.push(() => as.close());
    const server = createNotesServer({
      issuer: as.issuer,
      verifier: jwtVerifier({ issuer: as.issuer, jwksUri: as.jwksUri }),
    });
    const running = await serveHttp(server, { port: 0 });
    cleanup.push(() => running.close());
    as.addResource(running.url);
    const connectWith = async (scope: string) => {
      const response = await fetch(as.tokenEndpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa('notes-script:notes-secret')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource: running.url.href }),
      });
      const { access_token: token } = (await response.json()) as { access_token: string };
      const client = await connectHttp(running.url, {
        fetch: (request) => {
          const headers = new Headers(request.headers);
          headers.set('authorization', `Bearer ${token}`);
          return fetch(new Request(request, { headers }));
        },
      });
      cleanup.push(() => client.close());
      return client;
    };
    return { url: running.url, connectWith };
  }

  it('turns away requests without a token, pointing at its metadata', async () => {
    const { url } = await notesBehindDevAuth();
    const client = await connectHttp(url);
    cleanup.push(() => client.close());
    await expect(client.request('tools/list')).rejects.toMatchObject({ status: 401 });
    const metadata = await (await fetch(`${url.origin}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(metadata).toMatchObject({ resource: url.href, scopes_supported: ['mcp', 'notes:read'] });
  });

  it('reads with notes:read, refuses to write without notes:write, and writes with notes:admin', async () => {
    const { connectWith } = await notesBehindDevAuth();
    const reader = await connectWith('mcp notes:read');
    expect(textOf(await reader.request('tools/call', { name: 'list_notes', arguments: {} }))).toBe('(none)');
    await expect(
      reader.request('tools/call', { name: 'add_note', arguments: { text: 'milk' } }),
    ).rejects.toMatchObject({ data: { error: 'insufficient_scope', scope: ['mcp', 'notes:write'] } });

    const admin = await connectWith('mcp notes:admin');
    expect(textOf(await admin.request('tools/call', { name: 'add_note', arguments: { text: 'milk' } }))).toBe(
      'Saved note 1 for notes-script',
    );
    expect(textOf(await reader.request('tools/call', { name: 'list_notes', arguments: {} }))).toBe('milk');
  });
});

describe('docs/testing.md', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const doc = readFileSync(new URL('../docs/testing.md', import.meta.url), 'utf8');
  /** The code blocks the page marks with `<!-- file: path -->`, by path. */
  const shown = new Map(
    [...doc.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)].map((m) => [m[1]!, m[2]!]),
  );

  it('shows the example files as they are, imports written as a user writes them', () => {
    expect([...shown.keys()]).toEqual([
      'examples/testing/weather-server.ts',
      'examples/testing/weather.test.ts',
      'examples/testing/weather.node-test.ts',
    ]);
    for (const [path, code] of shown) {
      const file = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8').trimEnd();
      expect(code, path).toBe(file.replace(/'\.\.\/\.\.\/src\/entries\/([a-z-]+)\.js'/g, "'mcpkit/$1'"));
    }
  });

  it('runs its node:test example under node --test', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', 'examples/testing/weather.node-test.ts'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stdout).toMatch(/^# pass 2$/m);
    expect(run.stdout).toMatch(/^# fail 0$/m);
    expect(run.status).toBe(0);
  });
});
