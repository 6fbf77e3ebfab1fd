/**
 * Watching the files of a server under development: a change anywhere under
 * the watched paths (outside node_modules, .git and dist) calls back once the
 * burst of events an editor's save makes has settled.
 */
import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Folders whose changes never restart the server: dependencies, history, build output. */
const IGNORED = new Set(['node_modules', '.git', 'dist']);

/** Folders watched at most, per path, where each folder needs a watcher of its own. */
const MAX_FOLDERS = 2000;

/** Options of {@link watchForChanges}. */
export interface WatchOptions {
  /** Quiet time after the last event before `onChange` runs. Default 150 ms. */
  debounceMs?: number;
  /** A watcher failed (a folder removed, too many watches): said, not fatal. */
  onError?: (error: Error) => void;
}

/**
 * Watches files and folders; `onChange` gets the paths that changed in each
 * settled burst. A folder is watched with everything under it; a file through
 * its folder, so editors that replace the file on save are seen too. Where
 * Node watches recursively by itself (macOS, Windows) one watcher covers a
 * tree; elsewhere each folder gets one, skipping ignored folders. Returns the
 * function that stops watching.
 *
 * @example
 * const stop = watchForChanges(['src'], (paths) => console.error('changed:', paths.join(', ')));
 * // later
 * stop();
 */
export function watchForChanges(
  paths: readonly string[],
  onChange: (paths: string[]) => void,
  options: WatchOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const watchers = new Map<string, FSWatcher>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const nativeRecursion = process.platform === 'darwin' || process.platform === 'win32';

  const roots = paths.map((path) => {
    const absolute = resolve(path);
    const isFile = statSync(absolute, { throwIfNoEntry: false })?.isFile() === true;
    return isFile ? { folder: dirname(absolute), only: basename(absolute) } : { folder: absolute };
  });

  const settle = () => {
    timer = undefined;
    if (stopped) return;
    // New folders made since the last burst get watchers before anyone hears of the change.
    if (!nativeRecursion) for (const root of roots) if (root.only === undefined) addTree(root.folder);
    const paths = [...changed];
    changed.clear();
    onChange(paths);
  };

  const observe = (folder: string, only: string | undefined, recursive: boolean) => {
    const key = `${folder}\0${only ?? ''}`;
    if (watchers.has(key)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { recursive, persistent: true }, (_event, name) => {
        const relative = name?.toString();
        if (relative === undefined) return;
        if (only !== undefined && relative !== only) return;
        if (relative.split(/[\\/]/).some((part) => IGNORED.has(part))) return;
        changed.add(join(folder, relative));
        if (timer) clearTimeout(timer);
        timer = setTimeout(settle, debounceMs);
      });
    } catch (error) {
      options.onError?.(error as Error);
      return;
    }
    watcher.on('error', (error) => {
      watcher.close();
      watchers.delete(key);
      options.onError?.(error);
    });
    watchers.set(key, watcher);
  };

  const addTree = (root: string) => {
    const pending = [root];
    let count = 0;
    while (pending.length > 0 && count < MAX_FOLDERS) {
      const folder = pending.pop()!;
      count++;
      observe(folder, undefined, false);
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !IGNORED.has(entry.name)) pending.push(join(folder, entry.name));
      }
    }
  };

  for (const root of roots) {
    if (root.only !== undefined) observe(root.folder, root.only, false);
    else if (nativeRecursion) observe(root.folder, undefined, true);
    else addTree(root.folder);
  }

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
