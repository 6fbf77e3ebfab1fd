/**
 * The feature checks of the cells where an official client (v1 or v2) talks
 * to mcpkit's McpServer: one connection per cell, one test per feature. The
 * two official clients share their call surface; what differs (how handlers
 * are registered, how each era hears list changes) comes from the cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_MESSAGE, README_TEXT, README_URI } from '../fixtures/interop/shared.js';
import { feature, type Support, until } from './harness.js';

/** The calls both official clients offer, as the suite uses them. */
export interface OfficialClient {
  listTools(): Promise<{ tools: { name: string }[] }>;
  listResources(): Promise<{ resources: { uri: string }[] }>;
  readResource(params: { uri: string }): Promise<{ contents: unknown[] }>;
  listPrompts(): Promise<{ prompts: { name: string }[] }>;
  getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<{ messages: unknown[] }>;
  close(): Promise<void>;
}

/** Progress as both official clients report it. */
export interface OfficialProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** A connected official client and what it heard. */
export interface OfficialConnection {
  client: OfficialClient;
  /** `tools/call`, with the client's own per-call options. */
  call(
    name: string,
    options?: { onprogress?: (progress: OfficialProgress) => void },
  ): Promise<{ content?: unknown; structuredContent?: unknown }>;
  /** `tools/call` with arguments. */
  callWith(
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ content?: unknown; structuredContent?: unknown }>;
  /** The `data` of every `notifications/message`. */
  logs: unknown[];
  /** The method of every list-changed notification. */
  notifications: string[];
  /** Asks for logs at `level` and above as the era does it (2025: `logging/setLevel`; 2026: per request). */
  setLogLevel(level: 'debug' | 'error'): Promise<void>;
  /** 2026-07-28: opens a `subscriptions/listen` stream for tools; resolves once acknowledged. */
  listen?(): Promise<{ close(): Promise<void> }>;
  /** The negotiated revision, where the client tells. */
  protocolVersion: string | undefined;
  serverName: string | undefined;
}

export interface OfficialClientCell {
  title: string;
  connect(): Promise<OfficialConnection>;
  protocolVersion: string;
  support: Support;
}

/** Declares the `describe` of one cell. */
export function officialClientCell(cell: OfficialClientCell): void {
  describe(cell.title, () => {
    let c: OfficialConnection;
    beforeAll(async () => {
      c = await cell.connect();
    });
    afterAll(async () => {
      await c?.client.close();
    });

    it(`negotiates ${cell.protocolVersion}`, () => {
      if (c.protocolVersion !== undefined) expect(c.protocolVersion).toBe(cell.protocolVersion);
      expect(c.serverName).toBe('mcpkit-interop');
    });

    feature(
      cell.support,
      'tools',
      'lists tools and calls one with arguments and structured output',
      async () => {
        const names = (await c.client.listTools()).tools.map((tool) => tool.name);
        expect(names).toEqual(expect.arrayContaining(['add', 'ask', 'sample', 'progress', 'log', 'touch']));
        const result = await c.callWith('add', { a: 2, b: 40 });
        expect(result.structuredContent).toEqual({ sum: 42 });
        expect(result.content).toEqual([{ type: 'text', text: '42' }]);
      },
    );

    feature(cell.support, 'resources', 'lists and reads resources', async () => {
      expect((await c.client.listResources()).resources.map((r) => r.uri)).toContain(README_URI);
      expect((await c.client.readResource({ uri: README_URI })).contents).toEqual([
        { uri: README_URI, mimeType: 'text/markdown', text: README_TEXT },
      ]);
    });

    feature(cell.support, 'prompts', 'lists and renders prompts', async () => {
      expect((await c.client.listPrompts()).prompts.map((p) => p.name)).toContain('review');
      expect((await c.client.getPrompt({ name: 'review', arguments: { code: 'x()' } })).messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Review x()' } },
      ]);
    });

    feature(cell.support, 'elicitation', 'answers elicitation with its handler', async () => {
      expect((await c.call('ask')).content).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);
    });

    feature(cell.support, 'sampling', 'answers sampling with its handler', async () => {
      expect((await c.call('sample')).content).toEqual([{ type: 'text', text: 'test-model: hi' }]);
    });

    feature(cell.support, 'progress', 'receives progress of a call', async () => {
      const updates: OfficialProgress[] = [];
      await c.call('progress', { onprogress: (update) => updates.push(update) });
      await until(() => updates.length >= 2, 2000).catch(() => {});
      expect(updates).toEqual([
        { progress: 1, total: 2, message: 'half' },
        { progress: 2, total: 2, message: 'done' },
      ]);
    });

    feature(cell.support, 'logging', 'receives log messages at the requested level', async () => {
      await c.setLogLevel('error');
      await c.call('log');
      // The message would have come before the response (same stream or pipe).
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(c.logs).not.toContain(LOG_MESSAGE);
      await c.setLogLevel('debug');
      await c.call('log');
      await until(() => c.logs.includes(LOG_MESSAGE), 3000);
      expect(c.logs).toContain(LOG_MESSAGE);
    });

    feature(cell.support, 'listChanged', 'hears tools/list_changed', async () => {
      const subscription = await c.listen?.();
      try {
        await c.call('touch');
        await until(() => c.notifications.includes('notifications/tools/list_changed'), 3000);
      } finally {
        await subscription?.close();
      }
      expect(c.notifications).toContain('notifications/tools/list_changed');
    });
  });
}
