/**
 * Mounting: one registry of a server shows another server's entries, renamed into a namespace,
 * live (a registration, change or removal on the mounted server is one on the mounting server,
 * with its list-changed notification), and never clashing (a name both would hold is an error
 * when it would happen, on either side, never a surprise when a client calls it).
 */
import type { BorrowedEntries, Registry } from './registry.js';

/** Options of `McpServer.mount`. */
export interface MountOptions {
  /** What joins the prefix and a tool's, prompt's or template's name. Default `'_'`. */
  separator?: string;
}

/**
 * A server mounted in another (what `McpServer.mount` returns).
 *
 * @example
 * const mounted = gateway.mount('weather', weatherServer);
 * mounted.unmount(); // its tools, prompts and resources leave the gateway's lists
 */
export interface MountedServer {
  /** The namespace its tools, prompts and templates appear under. */
  readonly prefix: string;
  /** Takes its entries out of the mounting server (announced as a list change). */
  unmount(): void;
}

/** How one kind of entry crosses: keys both ways, and the entry as the mounting server shows it. */
export interface Crossing<TEntry> {
  /** What the mounting server calls the entry the mounted one keys `key`. */
  outer(key: string): string;
  /** The mounted server's key for one of the mounting server's, or undefined if it is not one of its. */
  inner(key: string): string | undefined;
  /** The entry, renamed for the mounting server (`key` is its outer key). */
  rename(entry: TEntry, key: string): TEntry;
  /** The key the mounted registry files an entry under. */
  keyOf(entry: TEntry): string;
}

/**
 * Lends `inner`'s entries to `outer` through `crossing`; returns the function that takes them
 * back. Throws, lending nothing, if one of them would clash with what `outer` holds.
 *
 * @example
 * const stop = lend(this.tools, other.tools, prefixed('weather', '_', (tool) => tool.name, renameTool));
 */
export function lend<TEntry extends { readonly name: string; readonly config: TConfig }, TConfig>(
  outer: Registry<TEntry, TConfig>,
  inner: Registry<TEntry, TConfig>,
  crossing: Crossing<TEntry>,
  kind: string,
): () => void {
  let view: { list: TEntry[]; byKey: Map<string, TEntry> } | undefined;
  const current = () => {
    if (!view) {
      const list: TEntry[] = [];
      const byKey = new Map<string, TEntry>();
      for (const entry of inner.list()) {
        const key = crossing.outer(crossing.keyOf(entry));
        const shown = crossing.rename(entry, key);
        list.push(shown);
        byKey.set(key, shown);
      }
      view = { list, byKey };
    }
    return view;
  };
  const source: BorrowedEntries<TEntry> = {
    entries: () => current().list,
    get: (key) => current().byKey.get(key),
    has: (key) => {
      const own = crossing.inner(key);
      return own !== undefined && inner.has(own);
    },
  };
  const stopBorrowing = outer.borrow(source);
  const stopWatching = inner.watch(() => {
    view = undefined;
    outer.borrowedChanged(source);
  });
  const stopGuarding = inner.guard((key) => {
    const shown = crossing.outer(key);
    if (outer.has(shown)) {
      throw new Error(
        `${kind} ${JSON.stringify(key)} would appear as ${JSON.stringify(shown)} in the server this one is mounted in, which already has one`,
      );
    }
  });
  return () => {
    stopGuarding();
    stopWatching();
    stopBorrowing();
  };
}

/**
 * A crossing that prefixes names (`weather` + `_` + `forecast` = `weather_forecast`) and keeps
 * everything else of the entry.
 *
 * @example
 * const crossing = prefixed('weather', '_', (tool) => tool.name, (tool, name) => ({ ...tool, name }));
 */
export function prefixed<TEntry>(
  prefix: string,
  separator: string,
  keyOf: (entry: TEntry) => string,
  rename: (entry: TEntry, key: string) => TEntry,
): Crossing<TEntry> {
  const head = `${prefix}${separator}`;
  return {
    outer: (key) => `${head}${key}`,
    inner: (key) => (key.startsWith(head) ? key.slice(head.length) : undefined),
    rename,
    keyOf,
  };
}

/** A crossing that keeps keys and entries as they are (resources keep their URIs). */
export function unchanged<TEntry>(keyOf: (entry: TEntry) => string): Crossing<TEntry> {
  return { outer: (key) => key, inner: (key) => key, rename: (entry) => entry, keyOf };
}
