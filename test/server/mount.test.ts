/**
 * McpServer.mount: two servers' tools, prompts, resources and templates served by a third under
 * namespaces, through mcpkit's client on both eras (with an elicitation, a task, completion and
 * list changes crossing the mount) and the official v2 client over HTTP on both eras; clashes
 * refused when they would happen.
 */
import { Client as OfficialClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGateway } from '../../examples/mount.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer, ResourceTemplate, schemePrefixed } from '../../src/entries/server.js';
import { connectInMemory } from '../../src/entries/testing.js';

function weatherServer() {
  const server = new McpServer({ name: 'weather', version: '1.0.0' });
  server.registerTool(
    'forecast',
    { description: 'Forecast for a city.', inputSchema: z.object({ city: z.string() }) },
    async ({ city }, ctx) => {
      const answer = await ctx.elicit({
        message: 'Which units?',
        requestedSchema: { type: 'object', properties: { units: { type: 'string' } }, required: ['units'] },
      });
      const units = answer.action === 'accept' ? String(answer.content?.units) : 'metric';
      return { content: [{ type: 'text', text: `${city}: 21 degrees (${units})` }] };
    },
  );
  server.registerPrompt(
    'brief',
    {
      argsSchema: z.object({ city: z.string() }),
      complete: { city: (value) => ['Oslo', 'Osaka', 'Paris'].filter((c) => c.startsWith(value)) },
    },
    ({ city }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Brief me on ${city}.` } }] }),
  );
  server.registerResource('stations', 'weather://stations', { mimeType: 'text/plain' }, (uri) => ({
    contents: [{ uri: uri.href, text: 'OSL, CDG' }],
  }));
  server.registerResource(
    'city',
    new ResourceTemplate('weather://city/{name}', {
      list: undefined,
      complete: { name: (value) => ['oslo', 'osaka'].filter((c) => c.startsWith(value)) },
    }),
    {},
    (uri, { name }) => ({ contents: [{ uri: uri.href, text: `city ${String(name)}` }] }),
  );
  return server;
}

function notesServer() {
  const server = new McpServer({ name: 'notes', version: '1.0.0' }, { tasks: {} });
  server.registerTool(
    'export',
    {
      description: 'Exports every note (slow: runs as a task when the client can).',
      inputSchema: z.object({ format: z.string() }),
      execution: { taskSupport: 'optional' },
    },
    async ({ format }) => ({ content: [{ type: 'text', text: `exported as ${format}` }] }),
  );
  server.registerResource('index', 'notes://index', {}, (uri) => ({
    contents: [{ uri: uri.href, text: '3 notes' }],
  }));
  return server;
}

function gateway() {
  const server = new McpServer({ name: 'gateway', version: '1.0.0' }, { tasks: {} });
  server.registerTool('status', {}, () => ({ content: [{ type: 'text', text: 'ok' }] }));
  const weather = weatherServer();
  const notes = notesServer();
  const mounts = { weather: server.mount('weather', weather), notes: server.mount('notes', notes) };
  return { server, weather, notes, mounts };
}

const names = (items: { name: string }[]) => items.map((item) => item.name);

describe.each(['2026-07-28', '2025-11-25'])("mcpkit's client through a mount on %s", (protocolVersion) => {
  it('lists, calls (with an elicitation), reads, completes and gets prompts under the namespaces', async () => {
    const { server } = gateway();
    const { client, asked, close } = await connectInMemory(server, {
      protocolVersion,
      elicit: [{ action: 'accept', content: { units: 'imperial' } }],
    });
    try {
      expect(names(await client.listAllTools())).toEqual(['status', 'weather_forecast', 'notes_export']);
      expect(names(await client.listAllPrompts())).toEqual(['weather_brief']);
      expect((await client.listAllResources()).map((r) => r.uri)).toEqual([
        'weather://stations',
        'notes://index',
      ]);
      expect(names(await client.listAllResourceTemplates())).toEqual(['weather_city']);

      const forecast = await client.callTool('weather_forecast', { city: 'Oslo' });
      expect(forecast.content).toEqual([{ type: 'text', text: 'Oslo: 21 degrees (imperial)' }]);
      expect(asked.map((question) => question.method)).toEqual(['elicitation/create']);

      expect((await client.readResource('weather://city/oslo')).contents[0]).toMatchObject({
        text: 'city oslo',
      });
      expect((await client.readResource('notes://index')).contents[0]).toMatchObject({ text: '3 notes' });
      const prompt = await client.getPrompt('weather_brief', { city: 'Paris' });
      expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Brief me on Paris.' });
      const cities = await client.complete(
        { type: 'ref/prompt', name: 'weather_brief' },
        { name: 'city', value: 'Os' },
      );
      expect(cities.completion.values).toEqual(['Oslo', 'Osaka']);
      const names_ = await client.complete(
        { type: 'ref/resource', uri: 'weather://city/{name}' },
        { name: 'name', value: 'o' },
      );
      expect(names_.completion.values).toEqual(['oslo', 'osaka']);
      // The mounted server's own names do not exist on the gateway.
      await expect(
        client.request('tools/call', { name: 'forecast', arguments: { city: 'x' } }),
      ).rejects.toThrow('Unknown tool: forecast');
    } finally {
      await close();
    }
  });

  it('runs a mounted tool as a task', async () => {
    const { server } = gateway();
    const { client, close } = await connectInMemory(server, { protocolVersion, client: { tasks: true } });
    try {
      const task = await client.callToolTask('notes_export', { format: 'markdown' });
      expect(task.taskId).not.toBe('');
      expect((await task.result()).content).toEqual([{ type: 'text', text: 'exported as markdown' }]);
    } finally {
      await close();
    }
  });
});

describe('a live mount', () => {
  it('announces what the mounted server registers or removes later, and what unmount takes away', async () => {
    const { server, weather, mounts } = gateway();
    const { client, close } = await connectInMemory(server);
    const heard: string[] = [];
    const controller = new AbortController();
    const listening = (async () => {
      for await (const event of client.listen({ toolsListChanged: true }, { signal: controller.signal })) {
        if (event.method !== 'notifications/subscriptions/acknowledged') heard.push(event.method);
      }
    })().catch(() => {});
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const alerts = weather.registerTool('alerts', {}, () => ({
        content: [{ type: 'text', text: 'none' }],
      }));
      await expect.poll(() => heard.length).toBeGreaterThanOrEqual(1);
      expect(heard[0]).toBe('notifications/tools/list_changed');
      expect(names(await client.listAllTools())).toContain('weather_alerts');
      expect((await client.callTool('weather_alerts')).content).toEqual([{ type: 'text', text: 'none' }]);

      alerts.remove();
      await expect.poll(() => heard.length).toBeGreaterThanOrEqual(2);
      expect(names(await client.listAllTools())).not.toContain('weather_alerts');

      mounts.weather.unmount();
      expect(names(await client.listAllTools())).toEqual(['status', 'notes_export']);
      expect((await client.listAllResources()).map((r) => r.uri)).toEqual(['notes://index']);
    } finally {
      controller.abort();
      await listening;
      await close();
    }
  });

  it('passes the mounted server’s resource updates on to subscribers', async () => {
    const { server, weather } = gateway();
    const { client, close } = await connectInMemory(server);
    const heard: unknown[] = [];
    const controller = new AbortController();
    const listening = (async () => {
      for await (const event of client.listen(
        { resourceSubscriptions: ['weather://stations'] },
        { signal: controller.signal },
      )) {
        if (event.method === 'notifications/resources/updated') heard.push(event.params);
      }
    })().catch(() => {});
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      weather.notifyResourceUpdated('weather://stations');
      await expect.poll(() => heard.length).toBe(1);
      expect(heard[0]).toMatchObject({ uri: 'weather://stations' });
    } finally {
      controller.abort();
      await listening;
      await close();
    }
  });
});

describe('clashes', () => {
  it('refuses at mount time a name or URI the mounting server already has', () => {
    const host = new McpServer({ name: 'host', version: '1.0.0' });
    host.registerTool('weather_forecast', {}, () => ({ content: [] }));
    expect(() => host.mount('weather', weatherServer())).toThrow(
      'Tool "weather_forecast" is already registered',
    );
    // Nothing of the refused mount stays behind.
    expect(() => host.mount('w', weatherServer())).not.toThrow();

    const twice = new McpServer({ name: 'twice', version: '1.0.0' });
    twice.mount('a', weatherServer());
    expect(() => twice.mount('b', weatherServer())).toThrow(
      'Resource "weather://stations" is already registered',
    );
  });

  it('refuses later registrations, on either side, that would clash', () => {
    const { server, weather } = gateway();
    expect(() => server.registerTool('weather_forecast', {}, () => ({ content: [] }))).toThrow(
      'Tool "weather_forecast" is already registered',
    );
    server.registerTool('weather_radar', {}, () => ({ content: [] }));
    expect(() => weather.registerTool('radar', {}, () => ({ content: [] }))).toThrow(
      'Tool "radar" would appear as "weather_radar" in the server this one is mounted in, which already has one',
    );
    expect(() => weather.registerResource('index', 'notes://index', {}, () => ({ contents: [] }))).toThrow(
      'would appear as "notes://index"',
    );
  });

  it('refuses prefixes outside the tool-name characters, cycles, and tasks-only tools without tasks', () => {
    const host = new McpServer({ name: 'host', version: '1.0.0' });
    expect(() => host.mount('we ather', weatherServer())).toThrow('must be letters, digits');
    expect(() => host.mount('self', host)).toThrow('would contain itself');
    const inner = new McpServer({ name: 'inner', version: '1.0.0' });
    inner.mount('host', host);
    expect(() => host.mount('inner', inner)).toThrow('would contain itself');
    const jobs = new McpServer({ name: 'jobs', version: '1.0.0' }, { tasks: {} });
    jobs.registerTool('run', { execution: { taskSupport: 'required' } }, () => ({ content: [] }));
    expect(() => new McpServer({ name: 'plain', version: '1.0.0' }).mount('jobs', jobs)).toThrow(
      'does not serve tasks',
    );
  });
});

describe('the official v2 client through a mount (HTTP)', () => {
  let running: Awaited<ReturnType<typeof serveHttp>> | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it.each(['modern', 'legacy'] as const)('lists and calls with an elicitation on the %s era', async (era) => {
    running = await serveHttp(gateway().server, { port: 0 });
    const client = new OfficialClient(
      { name: 'official-v2', version: '2.0.0' },
      {
        capabilities: { elicitation: { form: {} } },
        versionNegotiation: { mode: era === 'modern' ? 'auto' : 'legacy' },
      },
    );
    client.setRequestHandler('elicitation/create', async () => ({
      action: 'accept',
      content: { units: 'kelvin' },
    }));
    await client.connect(new StreamableHTTPClientTransport(running.url));
    try {
      const { tools } = await client.listTools();
      expect(names(tools)).toEqual(['status', 'weather_forecast', 'notes_export']);
      const result = await client.callTool({ name: 'weather_forecast', arguments: { city: 'Lima' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Lima: 21 degrees (kelvin)' }]);
    } finally {
      await client.close();
    }
  });

  it('runs a mounted tool as a 2025-11-25 core task', async () => {
    running = await serveHttp(gateway().server, { port: 0 });
    const client = new OfficialClient(
      { name: 'official-v2', version: '2.0.0' },
      { capabilities: {}, versionNegotiation: { mode: 'legacy' } },
    );
    await client.connect(new StreamableHTTPClientTransport(running.url));
    try {
      const created = await client.request(
        {
          method: 'tools/call',
          params: { name: 'notes_export', arguments: { format: 'pdf' }, task: { ttl: 60_000 } },
        },
        z.looseObject({ task: z.looseObject({ taskId: z.string(), status: z.string() }) }),
      );
      expect(created.task.status).toBe('working');
      const result = await client.request(
        { method: 'tasks/result', params: { taskId: created.task.taskId } },
        z.looseObject({ content: z.array(z.looseObject({ type: z.string() })) }),
      );
      expect(result.content).toEqual([{ type: 'text', text: 'exported as pdf' }]);
    } finally {
      await client.close();
    }
  });
});

describe('examples/mount.ts', () => {
  it('serves both servers under their namespaces, the question included', async () => {
    const { client, close } = await connectInMemory(createGateway(), {
      elicit: [{ action: 'accept', content: { units: 'fahrenheit' } }],
    });
    try {
      expect(names(await client.listAllTools())).toEqual(['ping', 'weather_forecast', 'notes_search']);
      expect((await client.callTool('weather_forecast', { city: 'Austin' })).content).toEqual([
        { type: 'text', text: 'Austin: 70°F, sunny' },
      ]);
      expect((await client.callTool('notes_search', { word: 'gateway' })).content).toEqual([
        { type: 'text', text: 'notes://ideas' },
      ]);
      expect((await client.readResource('notes://groceries')).contents[0]).toMatchObject({
        text: 'milk, eggs',
      });
    } finally {
      await close();
    }
  });
});

describe('resource URI rules', () => {
  it('gives two mounted servers with the same URIs a scheme each, read, completed and updated through it', async () => {
    const seen: string[] = [];
    const notes = (text: string) => {
      const server = new McpServer({ name: `notes-${text}`, version: '1.0.0' });
      server.registerResource('index', 'notes://index', {}, (uri) => {
        seen.push(uri.href);
        return { contents: [{ uri: uri.href, text }] };
      });
      return server;
    };
    const gateway = new McpServer({ name: 'gateway', version: '1.0.0' });
    const weather = weatherServer();
    gateway.mount('a', notes('first'), { resourceUris: schemePrefixed('a') });
    gateway.mount('b', notes('second'), { resourceUris: schemePrefixed('b') });
    gateway.mount('w', weather, { resourceUris: schemePrefixed('w') });
    const { client, close } = await connectInMemory(gateway);
    const heard: unknown[] = [];
    const controller = new AbortController();
    const listening = (async () => {
      for await (const event of client.listen(
        { resourceSubscriptions: ['w+weather://stations'] },
        { signal: controller.signal },
      )) {
        if (event.method === 'notifications/resources/updated') heard.push(event.params);
      }
    })().catch(() => {});
    try {
      expect((await client.listAllResources()).map((r) => r.uri)).toEqual([
        'a+notes://index',
        'b+notes://index',
        'w+weather://stations',
      ]);
      expect((await client.readResource('b+notes://index')).contents).toEqual([
        { uri: 'b+notes://index', text: 'second' },
      ]);
      expect(seen).toEqual(['notes://index']);
      expect((await client.listAllResourceTemplates()).map((t) => [t.name, t.uriTemplate])).toEqual([
        ['w_city', 'w+weather://city/{name}'],
      ]);
      expect((await client.readResource('w+weather://city/oslo')).contents).toEqual([
        { uri: 'w+weather://city/oslo', text: 'city oslo' },
      ]);
      const completed = await client.complete(
        { type: 'ref/resource', uri: 'w+weather://city/{name}' },
        { name: 'name', value: 'osa' },
      );
      expect(completed.completion.values).toEqual(['osaka']);
      // The mounted server's own URIs are not the gateway's.
      await expect(client.readResource('notes://index')).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      weather.notifyResourceUpdated('weather://stations');
      await expect.poll(() => heard.length).toBe(1);
      expect(heard[0]).toMatchObject({ uri: 'w+weather://stations' });
    } finally {
      controller.abort();
      await listening;
      await close();
    }
  });

  it('refuses a scheme prefix that cannot start a URI scheme', () => {
    expect(() => schemePrefixed('1up')).toThrow('must start with a letter');
  });
});
