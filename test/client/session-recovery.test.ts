/**
 * 2025 sessions from the client's side: a new session after the server ended
 * the old one (404), and telling the server the roots changed.
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';

describe('2025 session recovery', () => {
  it('re-initialises after the server ends the session (404) and sends the request again', async () => {
    const server = new McpServer({ name: 'sessions', version: '1' }, { warn: () => {} });
    let calls = 0;
    server.registerTool('count', {}, () => ({ content: [{ type: 'text', text: String(++calls) }] }));
    const rootsChanged: string[] = [];
    server.dispatcher.setNotificationHandler('notifications/roots/list_changed', () => {
      rootsChanged.push('changed');
    });
    const running = await serveHttp(server, { port: 0 });
    const client = await Client.connect(running.url, {
      protocolVersion: '2025-11-25',
      roots: [{ uri: 'file:///work' }],
      warn: () => {},
    });
    try {
      await expect(client.callTool('count')).resolves.toMatchObject({ content: [{ text: '1' }] });
      await client.notifyRootsChanged();
      await expect.poll(() => rootsChanged.length).toBe(1);
      // The server forgets every session (as after a restart or an idle timeout).
      server.close();
      await expect(client.callTool('count')).resolves.toMatchObject({ content: [{ text: '2' }] });
      expect(client.server.era).toBe('legacy');
    } finally {
      await client.close();
      await running.close();
    }
  });
});
