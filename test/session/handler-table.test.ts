import { describe, expect, it } from 'vitest';
import { Dispatcher, HandlerTable } from '../../src/session/dispatcher.js';

type Owner = { name: string; seen: string[] };
type Answer = { result?: unknown; error?: { code: number } };

async function ask(dispatcher: Dispatcher, method: string): Promise<Answer> {
  const request = { jsonrpc: '2.0' as const, id: 1, method, params: {} };
  return (await dispatcher.handleRequest(
    request,
    { notify: async () => {} },
    new AbortController().signal,
  )) as Answer;
}

describe('HandlerTable: handlers written once for many dispatchers', () => {
  const table = new HandlerTable<Owner>()
    .request('acme/whoami', (owner) => ({ name: owner.name }))
    .notification('acme/note', (owner, params) => {
      owner.seen.push(String(params.text));
    });

  it('runs each dispatcher with its own owner', async () => {
    const first: Owner = { name: 'first', seen: [] };
    const second: Owner = { name: 'second', seen: [] };
    const a = new Dispatcher({ handlerTable: table, handlerOwner: first });
    const b = new Dispatcher({ handlerTable: table, handlerOwner: second });
    expect((await ask(a, 'acme/whoami')).result).toEqual({ name: 'first' });
    expect((await ask(b, 'acme/whoami')).result).toEqual({ name: 'second' });
    await b.handleNotification({ jsonrpc: '2.0', method: 'acme/note', params: { text: 'hi' } });
    expect(first.seen).toEqual([]);
    expect(second.seen).toEqual(['hi']);
  });

  it("puts a dispatcher's own handler first, and removing it brings the shared one back", async () => {
    const dispatcher = new Dispatcher({ handlerTable: table, handlerOwner: { name: 'shared', seen: [] } });
    dispatcher.setRequestHandler('acme/whoami', () => ({ name: 'own' }));
    expect((await ask(dispatcher, 'acme/whoami')).result).toEqual({ name: 'own' });
    dispatcher.removeRequestHandler('acme/whoami');
    expect((await ask(dispatcher, 'acme/whoami')).result).toEqual({ name: 'shared' });
    expect(dispatcher.hasRequestHandler('acme/whoami')).toBe(true);
    expect(dispatcher.hasRequestHandler('acme/other')).toBe(false);
  });

  it('answers -32601 for a method neither has', async () => {
    const dispatcher = new Dispatcher({ handlerTable: table, handlerOwner: { name: 'x', seen: [] } });
    expect((await ask(dispatcher, 'acme/nothing')).error?.code).toBe(-32601);
  });
});
