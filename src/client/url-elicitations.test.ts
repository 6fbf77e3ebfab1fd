import { describe, expect, it } from 'vitest';
import { PendingUrlElicitations } from './url-elicitations.js';

describe('PendingUrlElicitations', () => {
  it('ignores notices for ids it was never shown, and completes each known id once', () => {
    const pending = new PendingUrlElicitations();
    expect(pending.complete('unknown')).toBe(false);
    pending.expect('e1');
    expect(pending.complete('e1')).toBe(true);
    expect(pending.complete('e1')).toBe(false);
  });

  it('wakes a waiter on the notice, and gives up after the timeout', async () => {
    const pending = new PendingUrlElicitations();
    pending.expect('e1');
    pending.expect('e2');
    const first = pending.wait('e1', 10_000);
    pending.complete('e1');
    await expect(first).resolves.toBe(true);
    await expect(pending.wait('e2', 5)).resolves.toBe(false);
    // A notice that came before the wait counts.
    pending.complete('e2');
    await expect(pending.wait('e2', 10_000)).resolves.toBe(true);
  });

  it('stops waiting when the call is aborted', async () => {
    const pending = new PendingUrlElicitations();
    pending.expect('e1');
    const controller = new AbortController();
    const waiting = pending.wait('e1', 10_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
  });
});
