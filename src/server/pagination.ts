/**
 * Opaque cursors for the list methods. A cursor names the position after
 * which the next page starts; clients must treat it as opaque, and a cursor
 * this server did not make is -32602.
 */
import { InvalidParamsError } from '../protocol/errors.js';

/** Default number of items per page of a list result. */
export const DEFAULT_PAGE_SIZE = 100;

const PREFIX = 'mcpkit:';

/**
 * Cuts one page out of a list in its stable order: the list result holding the page's items
 * (through `show`, if given) under `key`, and the cursor of the next page, if any.
 *
 * @example
 * return listPage('tools', allTools, request.params.cursor, 50, (tool) => tool.listing);
 */
export function listPage<K extends string, T, U = T>(
  key: K,
  items: readonly T[],
  cursor: unknown,
  pageSize: number,
  show?: (item: T) => U,
): Record<K, U[]> & { nextCursor?: string } {
  const start = cursor === undefined || cursor === null ? 0 : decodeCursor(cursor);
  const end = start + pageSize;
  const slice = items.slice(start, end);
  const page = { [key]: show ? slice.map(show) : slice } as Record<K, U[]> & { nextCursor?: string };
  if (end < items.length) page.nextCursor = btoa(`${PREFIX}${end}`).replace(/=+$/, '');
  return page;
}

function decodeCursor(cursor: unknown): number {
  if (typeof cursor !== 'string') throw new InvalidParamsError('Invalid cursor: expected a string');
  let offset = Number.NaN;
  try {
    const text = atob(cursor);
    if (text.startsWith(PREFIX)) offset = Number(text.slice(PREFIX.length));
  } catch {
    // Not base64: not a cursor of ours either.
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidParamsError('Invalid cursor: it was not issued by this server');
  }
  return offset;
}
