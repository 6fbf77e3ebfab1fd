/**
 * The feature checks of the cells where mcpkit's Client is the client (the
 * official v1 and v2 servers): one connection per cell, one test per feature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, ClientOptions } from '../../src/entries/client.js';
import type { ProgressUpdate } from '../../src/entries/session.js';
import { LOG_MESSAGE, README_TEXT, README_URI } from '../fixtures/interop/shared.js';
import { feature, SAMPLED, type Support } from './harness.js';

/** What a cell connects to and what it expects to negotiate. */
export interface McpkitClientCell {
  /** `describe` title. */
  title: string;
  /** Connects with the options the suite needs (handlers, log level, listeners). */
  connect(options: ClientOptions): Promise<Client>;
  era: 'modern' | 'legacy';
  protocolVersion: string;
  serverName: string;
  support: Support;
}

/** Declares the `describe` of one cell. */
export function mcpkitClientCell(cell: McpkitClientCell): void {
  describe(cell.title, () => {
    let client: Client;
    const logs: unknown[] = [];
    const notifications: string[] = [];

    beforeAll(async () => {
      client = await cell.connect({
        onElicit: async () => ({ action: 'accept', content: { name: 'Ada' } }),
        onSample: async () => SAMPLED,
        logLevel: 'debug',
        onLog: (message) => logs.push(message.data),
        onNotification: (notification) => notifications.push(notification.method),
        warn: () => {},
      });
    });
    afterAll(async () => {
      await client?.close();
    });

    it(`negotiates ${cell.protocolVersion}`, () => {
      expect(client.server).toMatchObject({ era: cell.era, protocolVersion: cell.protocolVersion });
      expect(client.server.serverInfo?.name).toBe(cell.serverName);
    });

    feature(
      cell.support,
      'tools',
      'lists tools and calls one with arguments and structured output',
      async () => {
        const names = (await client.listAllTools()).map((tool) => tool.name);
        expect(names).toEqual(expect.arrayContaining(['add', 'ask', 'sample', 'progress', 'log', 'touch']));
        const result = await client.callTool('add', { a: 2, b: 40 });
        expect(result.structuredContent).toEqual({ sum: 42 });
        expect(result.content).toEqual([{ type: 'text', text: '42' }]);
      },
    );

    feature(cell.support, 'resources', 'lists and reads resources', async () => {
      expect((await client.listAllResources()).map((r) => r.uri)).toContain(README_URI);
      expect((await client.readResource(README_URI)).contents).toEqual([
        { uri: README_URI, mimeType: 'text/markdown', text: README_TEXT },
      ]);
    });

    feature(cell.support, 'prompts', 'lists and renders prompts', async () => {
      expect((await client.listAllPrompts()).map((p) => p.name)).toContain('review');
      expect((await client.getPrompt('review', { code: 'x()' })).messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Review x()' } },
      ]);
    });

    feature(cell.support, 'elicitation', 'answers elicitation with onElicit', async () => {
      const result = await client.callTool('ask');
      expect(result.content).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);
    });

    feature(cell.support, 'sampling', 'answers sampling with onSample', async () => {
      const result = await client.callTool('sample');
      expect(result.content).toEqual([{ type: 'text', text: 'test-model: hi' }]);
    });

    feature(cell.support, 'progress', 'receives progress of a call', async () => {
      const updates: ProgressUpdate[] = [];
      await client.callTool('progress', {}, { onProgress: (update) => updates.push(update) });
      expect(updates).toEqual([
        { progress: 1, total: 2, message: 'half' },
        { progress: 2, total: 2, message: 'done' },
      ]);
    });

    feature(cell.support, 'logging', 'receives log messages at the requested level', async () => {
      await client.callTool('log');
      // Over HTTP the message comes on the call's stream, before its response; on stdio, before it too.
      expect(logs).toContain(LOG_MESSAGE);
    });

    feature(cell.support, 'listChanged', 'hears tools/list_changed', async () => {
      if (cell.era === 'modern') {
        const signal = AbortSignal.timeout(5000);
        const controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort(signal.reason));
        const seen: string[] = [];
        for await (const event of client.listen({ toolsListChanged: true }, { signal: controller.signal })) {
          seen.push(event.method);
          if (event.method === 'notifications/subscriptions/acknowledged') await client.callTool('touch');
          else controller.abort();
        }
        expect(seen).toEqual([
          'notifications/subscriptions/acknowledged',
          'notifications/tools/list_changed',
        ]);
      } else {
        // 2025: the server sends it unsolicited (stdio: on the connection; HTTP: on the session's GET stream).
        await client.callTool('touch');
        const deadline = Date.now() + 3000;
        while (!notifications.includes('notifications/tools/list_changed') && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
        expect(notifications).toContain('notifications/tools/list_changed');
      }
    });
  });
}
