/**
 * Mounting: one registry of a server shows another server's entries, renamed into a namespace,
 * live (a registration, change or removal on the mounted server is one on the mounting server,
 * with its list-changed notification), and never clashing (a name both would hold is an error
 * when it would happen, on either side, never a surprise when a client calls it).
 */
import type { BorrowedEntries, Registry } from './registry.js';
import {
  type ReadResourceResult,
  type ResourceEntry,
  ResourceTemplate,
  type TemplateEntry,
} from './resources.js';

/** Options of `McpServer.mount`. */
export interface MountOptions {
  /** What joins the prefix and a tool's, prompt's or template's name. Default `'_'`. */
  separator?: string;
  /**
   * How the mounted server's resource URIs appear in the mounting server. Default: as they are.
   * {@link schemePrefixed} gives each its own scheme (`notes://a` becomes `notes+notes://a`).
   */
  resourceUris?: ResourceUriRule;
}

/**
 * A rule that rewrites the resource URIs of a mounted server, both ways. It is applied to URIs
 * and to URI templates alike, so it should change only their fixed part (a scheme or a prefix),
 * never what a template variable stands for.
 *
 * @example
 * const rule: ResourceUriRule = {
 *   outer: (uri) => `weather+${uri}`,
 *   inner: (uri) => (uri.startsWith('weather+') ? uri.slice('weather+'.length) : undefined),
 * };
 */
export interface ResourceUriRule {
  /** The mounting server's URI (or URI template) for one of the mounted server's. */
  outer(uri: string): string;
  /** The mounted server's URI for one of the mounting server's, or undefined when it is none of its. */
  inner(uri: string): string | undefined;
}

/**
 * The rule that puts `prefix+` before every URI: a scheme of its own per mounted server
 * (`file:///notes.md` becomes `notes+file:///notes.md`), so no two mounts can clash.
 *
 * @example
 * gateway.mount('notes', notesServer, { resourceUris: schemePrefixed('notes') });
 */
export function schemePrefixed(prefix: string): ResourceUriRule {
  if (!/^[A-Za-z][A-Za-z0-9.-]*$/.test(prefix)) {
    throw new TypeError(
      `A URI scheme prefix must start with a letter and hold letters, digits, . or -; got ${JSON.stringify(prefix)}`,
    );
  }
  const head = `${prefix}+`;
  return {
    outer: (uri) => `${head}${uri}`,
    inner: (uri) => (uri.startsWith(head) ? uri.slice(head.length) : undefined),
  };
}

/** The crossing of fixed resources under `rule`: new URIs, read under the mounted server's own. */
export function rewrittenResources(rule: ResourceUriRule): Crossing<ResourceEntry> {
  return {
    outer: (uri) => rule.outer(uri),
    inner: (uri) => rule.inner(uri),
    keyOf: (resource) => resource.uri,
    rename: (resource, uri) => ({
      ...resource,
      uri,
      listing: { ...resource.listing, uri },
      read: async (_url, ctx) => outerContents(await resource.read(new URL(resource.uri), ctx), rule),
    }),
  };
}

/**
 * A template renamed for the mounting server, with its URI template rewritten by `rule` (when
 * given): matched, listed and read in the mounting server's URIs, handled in the mounted one's.
 */
export function mountedTemplate(
  template: TemplateEntry,
  name: string,
  rule: ResourceUriRule | undefined,
): TemplateEntry {
  if (!rule) return { ...template, name, listing: { ...template.listing, name } };
  const { list, complete } = template.template.callbacks;
  const outer = new ResourceTemplate(rule.outer(template.template.uriTemplate.toString()), {
    ...(list && {
      list: async (ctx) => {
        const { resources } = await list(ctx);
        return { resources: resources.map((resource) => ({ ...resource, uri: rule.outer(resource.uri) })) };
      },
    }),
    ...(complete && { complete }),
  });
  return {
    ...template,
    name,
    template: outer,
    listing: { ...template.listing, name, uriTemplate: outer.uriTemplate.toString() },
    read: async (url, variables, ctx) =>
      outerContents(await template.read(new URL(rule.inner(url.href) ?? url.href), variables, ctx), rule),
  };
}

/** A read result with its contents' URIs in the mounting server's terms. */
function outerContents(result: ReadResourceResult, rule: ResourceUriRule): ReadResourceResult {
  if (result === null || typeof result !== 'object' || !Array.isArray(result.contents)) return result;
  return {
    ...result,
    contents: result.contents.map((content) => ({ ...content, uri: rule.outer(content.uri) })),
  };
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
