/**
 * What a server offers, listed whole, so that `mcpkit dev` can tell which
 * lists a restarted server changed: each kind is kept as the JSON of its
 * items, in the server's order (an order change is a change the host may show).
 */

/**
 * The kinds of list a host hears `list_changed` for. Resource templates count
 * as resources: `notifications/resources/list_changed` covers both.
 *
 * @example
 * const kind: ListKind = 'tools';
 */
export type ListKind = 'tools' | 'prompts' | 'resources';

/**
 * One listing of a server: per kind, its items as JSON, or null when the
 * server does not list that kind (it answered with an error).
 *
 * @example
 * const snapshot: ListSnapshot = { tools: '[{"name":"add"}]', prompts: null, resources: '[][]' };
 */
export type ListSnapshot = Record<ListKind, string | null>;

/**
 * Sends one request to the server and resolves with its result; rejects with
 * the server's error, or when the server went away.
 *
 * @example
 * const ask: AskServer = (method, params) => relay.request(method, params);
 */
export type AskServer = (method: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Pages followed per list before giving up on a server that never stops paging. */
const MAX_PAGES = 100;

/** The methods, and the field of their result, that make up each kind. */
const LISTS: Record<ListKind, ReadonlyArray<readonly [method: string, field: string]>> = {
  tools: [['tools/list', 'tools']],
  prompts: [['prompts/list', 'prompts']],
  resources: [
    ['resources/list', 'resources'],
    ['resources/templates/list', 'resourceTemplates'],
  ],
};

/**
 * Lists every kind from the server. A kind the server refuses (-32601 and
 * the like) is null; a server that went away rejects.
 *
 * @example
 * const snapshot = await snapshotLists(ask);
 * console.log(snapshot.tools); // '[{"name":"add",...}]'
 */
export async function snapshotLists(ask: AskServer): Promise<ListSnapshot> {
  const snapshot: ListSnapshot = { tools: null, prompts: null, resources: null };
  for (const kind of Object.keys(LISTS) as ListKind[]) {
    const parts: string[] = [];
    for (const [method, field] of LISTS[kind]) {
      const items = await listAll(ask, method, field);
      if (items === null) break;
      parts.push(JSON.stringify(items));
    }
    snapshot[kind] = parts.length === LISTS[kind].length ? parts.join('') : null;
  }
  return snapshot;
}

/**
 * The kinds whose listing differs between two snapshots.
 *
 * @example
 * changedKinds({ tools: '[]', prompts: null, resources: null }, { tools: '[{"name":"add"}]', prompts: null, resources: null });
 * // ['tools']
 */
export function changedKinds(before: ListSnapshot, after: ListSnapshot): ListKind[] {
  return (Object.keys(LISTS) as ListKind[]).filter((kind) => before[kind] !== after[kind]);
}

/** Every item of one list, following cursors; null when the server answers the method with an error. */
async function listAll(ask: AskServer, method: string, field: string): Promise<unknown[] | null> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: Record<string, unknown>;
    try {
      result = await ask(method, cursor === undefined ? {} : { cursor });
    } catch (error) {
      if (isServerRefusal(error)) return null;
      throw error;
    }
    const listed = result[field];
    if (Array.isArray(listed)) items.push(...listed);
    cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
    if (cursor === undefined) return items;
  }
  return items;
}

/**
 * True for an error the server answered with (it has a JSON-RPC code), as
 * opposed to the server going away.
 *
 * @example
 * isServerRefusal(Object.assign(new Error('Method not found'), { code: -32601 })); // true
 */
export function isServerRefusal(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}
