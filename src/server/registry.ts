/**
 * An ordered registry of named entries (tools, prompts, resources, templates)
 * with handles to update, enable, disable and remove them. Every change is
 * reported once, so the server can raise the matching list-changed notification.
 */
import { InvalidParamsError } from '../protocol/errors.js';

/** The handle `register*` returns for one entry. */
export interface RegisteredEntry<TConfig> {
  /** The entry's name (for resources, the registration name). */
  readonly name: string;
  /** False while disabled: a disabled entry is neither listed nor callable. */
  readonly enabled: boolean;
  /** Lists and serves the entry again. */
  enable(): void;
  /** Hides the entry from lists and calls until enabled. */
  disable(): void;
  /** Changes the entry's configuration (and, for a rename, its name). */
  update(changes: Partial<TConfig> & { name?: string }): void;
  /** Removes the entry for good. */
  remove(): void;
}

/**
 * Entries another registry lends this one under keys of this one (what `McpServer.mount`
 * makes of a mounted server's registry). Read live: a change there is a change here.
 */
export interface BorrowedEntries<TEntry> {
  /** The entries as this registry shows them, in their order. */
  entries(): readonly TEntry[];
  /** The entry under one of this registry's keys, if it is one of these. */
  get(key: string): TEntry | undefined;
  /** Whether `key` is one of these entries' keys. */
  has(key: string): boolean;
}

interface Slot<TEntry> {
  entry: TEntry;
  enabled: boolean;
}

/**
 * Entries kept in registration order (the order lists use, so they are
 * deterministic), looked up by key in constant time.
 */
export class Registry<TEntry extends { readonly name: string; readonly config: TConfig }, TConfig> {
  private readonly slots = new Map<string, Slot<TEntry>>();
  private readonly borrowed: BorrowedEntries<TEntry>[] = [];
  /** Called on every change (after `onChange`): the registries that borrow from this one. */
  private readonly watchers = new Set<() => void>();
  /** Called with a key before it is taken: a borrower refuses one that would clash in its registry. */
  private readonly guards = new Set<(key: string) => void>();
  private listed: TEntry[] | undefined;
  private used = false;

  /** `rebuild` makes an entry anew under a name and a configuration; `update` merges the changes into both. */
  constructor(
    private readonly kind: string,
    private readonly onChange: () => void,
    private readonly rebuild: (entry: TEntry, name: string, config: TConfig) => TEntry,
    private readonly keyOf: (entry: TEntry) => string = (entry) => entry.name,
  ) {}

  /** Adds an entry; a duplicate key is a programming error. */
  add(entry: TEntry): RegisteredEntry<TConfig> {
    let key = this.keyOf(entry);
    this.claim(key);
    const slot: Slot<TEntry> = { entry, enabled: true };
    this.slots.set(key, slot);
    this.used = true;
    this.changed();
    const registry = this;
    return {
      get name() {
        return slot.entry.name;
      },
      get enabled() {
        return slot.enabled;
      },
      enable() {
        if (slot.enabled || !registry.slots.has(key)) return;
        slot.enabled = true;
        registry.changed();
      },
      disable() {
        if (!slot.enabled || !registry.slots.has(key)) return;
        slot.enabled = false;
        registry.changed();
      },
      update(changes) {
        if (registry.slots.get(key) !== slot)
          throw new Error(`${registry.kind} ${JSON.stringify(key)} was removed`);
        const { name: renamed, ...config } = changes;
        const next = registry.rebuild(slot.entry, renamed ?? slot.entry.name, {
          ...slot.entry.config,
          ...config,
        });
        const nextKey = registry.keyOf(next);
        if (nextKey !== key) {
          registry.claim(nextKey);
          // Keep the entry's place in the order: rebuild the map around the new key.
          const entries = [...registry.slots].map(([k, s]): [string, Slot<TEntry>] =>
            k === key ? [nextKey, s] : [k, s],
          );
          registry.slots.clear();
          for (const [k, s] of entries) registry.slots.set(k, s);
          key = nextKey;
        }
        slot.entry = next;
        registry.changed();
      },
      remove() {
        if (registry.slots.get(key) !== slot) return;
        registry.slots.delete(key);
        registry.changed();
      },
    };
  }

  /** The enabled entry under `key`. */
  get(key: string): TEntry | undefined {
    const slot = this.slots.get(key);
    if (slot) return slot.enabled ? slot.entry : undefined;
    for (const source of this.borrowed) {
      const entry = source.get(key);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The enabled entry a request names by `name`; -32602 when there is none (or it is disabled). */
  named(name: unknown): TEntry {
    const entry = typeof name === 'string' ? this.get(name) : undefined;
    if (entry) return entry;
    const shown = typeof name === 'string' ? name : JSON.stringify(name);
    throw new InvalidParamsError(`Unknown ${this.kind.toLowerCase()}: ${shown}`);
  }

  /** Enabled entries in registration order. Cached until the next change. */
  list(): readonly TEntry[] {
    if (!this.listed) {
      this.listed = [];
      for (const slot of this.slots.values()) if (slot.enabled) this.listed.push(slot.entry);
      for (const source of this.borrowed) this.listed.push(...source.entries());
    }
    return this.listed;
  }

  /**
   * Shows another registry's entries in this one, after its own, until the returned function
   * is called. A key of theirs this registry already has is an error, now; so is, later, any
   * key either side takes that the other has (`watch` and `guard` on the lender keep the
   * borrowed view current and refuse its clashing additions).
   */
  borrow(source: BorrowedEntries<TEntry>): () => void {
    for (const entry of source.entries()) {
      const key = this.keyOf(entry);
      if (this.has(key)) throw new Error(`${this.kind} ${JSON.stringify(key)} is already registered`);
    }
    this.borrowed.push(source);
    if (source.entries().length > 0) this.used = true;
    this.changed();
    return () => {
      const at = this.borrowed.indexOf(source);
      if (at === -1) return;
      this.borrowed.splice(at, 1);
      this.changed();
    };
  }

  /** Whether a key is taken here: by an entry of this registry (enabled or not) or a borrowed one. */
  has(key: string): boolean {
    return this.slots.has(key) || this.borrowed.some((source) => source.has(key));
  }

  /** Calls `listener` after every change of this registry; returns the function that stops it. */
  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Runs `check` before any key is taken here (it throws to refuse); returns the function that stops it. */
  guard(check: (key: string) => void): () => void {
    this.guards.add(check);
    return () => this.guards.delete(check);
  }

  /** Refuses a key that is taken, here or where this registry's entries are shown. */
  private claim(key: string): void {
    if (this.has(key)) throw new Error(`${this.kind} ${JSON.stringify(key)} is already registered`);
    for (const check of this.guards) check(key);
  }

  /** Notes that a borrowed source changed: the list is rebuilt, and the change announced. */
  borrowedChanged(source: BorrowedEntries<TEntry>): void {
    if (!this.borrowed.includes(source)) return;
    if (source.entries().length > 0) this.used = true;
    this.changed();
  }

  /**
   * True once anything was registered, even if since removed: the capability
   * stays declared so clients holding it keep getting (possibly empty) lists.
   */
  get everRegistered(): boolean {
    return this.used;
  }

  private changed(): void {
    this.listed = undefined;
    this.onChange();
    for (const listener of this.watchers) listener();
  }
}
