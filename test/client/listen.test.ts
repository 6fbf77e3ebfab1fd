/**
 * Change notifications through the Client: `client.listen()` on 2026-07-28
 * (acknowledgement, list changes, graceful end when the server closes), and
 * on 2025-11-25 the session's own notifications (the standalone GET stream on
 * HTTP, the connection on stdio) through `onNotification`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ListenNotification } from '../../src/entries/client.js';
import { type Connected, connect, eventually } from './fixtures/connect.js';

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

/** Reads a listen iterable in the background. */
function collect(events: AsyncIterable<ListenNotification>) {
  const seen: ListenNotification[] = [];
  let ended = false;
  const done = (async () => {
    for await (const event of events) seen.push(event);
    ended = true;
  })();
  return { seen, done, ended: () => ended };
}

describe.each(['http', 'stdio'] as const)('listen over %s (2026-07-28)', (wire) => {
  it('acknowledges, delivers list changes, and ends when the server closes', async () => {
    const notified: string[] = [];
    connected = await connect(wire, 'modern', {
      onNotification: (notification) => notified.push(notification.method),
    });
    const stream = collect(connected.client.listen({ toolsListChanged: true, promptsListChanged: true }));
    await eventually(() => stream.seen.length >= 1);
    expect(stream.seen[0]).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { toolsListChanged: true, promptsListChanged: true } },
    });

    await connected.client.callTool('spawn');
    await eventually(() => stream.seen.some((e) => e.method === 'notifications/tools/list_changed'));
    expect(notified).toContain('notifications/tools/list_changed');
    expect(stream.ended()).toBe(false);

    await connected.client.callTool('close_listens');
    await stream.done;
    expect(stream.ended()).toBe(true);
    // The connection itself goes on.
    expect((await connected.client.callTool('add', { a: 1, b: 2 })).structuredContent).toEqual({ sum: 3 });
  });

  it('ends quietly when the caller aborts', async () => {
    connected = await connect(wire, 'modern');
    const controller = new AbortController();
    const stream = collect(
      connected.client.listen({ toolsListChanged: true }, { signal: controller.signal }),
    );
    await eventually(() => stream.seen.length >= 1);
    controller.abort();
    await stream.done;
    expect(stream.seen.map((e) => e.method)).toEqual(['notifications/subscriptions/acknowledged']);
  });
});

describe.each(['http', 'stdio'] as const)('session notifications over %s (2025-11-25)', (wire) => {
  it('delivers list_changed to onNotification', async () => {
    const notified: string[] = [];
    connected = await connect(wire, 'legacy', {
      onNotification: (notification) => notified.push(notification.method),
    });
    await connected.client.callTool('spawn');
    await eventually(() => notified.includes('notifications/tools/list_changed'));
    const names = (await connected.client.listAllTools()).map((tool) => tool.name);
    expect(names).toContain('spawned_0');
  });
});
