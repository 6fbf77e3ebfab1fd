/**
 * Opaque cursors for the list methods. A cursor names the position after
 * which the next page starts; clients must treat it as opaque, and a cursor
 * this server did not make is -32602.
 */
import { InvalidParamsError } from '../protocol/errors.js';

/** Default number of items per page of a list result. */
export const DEFAULT_PAGE_SIZE = 100;

const PREFIX = 'mcpkit:';

/** One page of items and the cursor of the next, if any. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Cuts one page out of a list in its stable order.
 *
 * @example
 * const page = paginate(allTools, request.params.cursor, 50);
 * return { tools: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
 */
export function paginate<T>(items: readonly T[], cursor: unknown, pageSize: number): Page<T> {
  const start = cursor === undefined || cursor === null ? 0 : decodeCursor(cursor);
  const end = start + pageSize;
  const page: Page<T> = { items: items.slice(start, end) };
  if (end < items.length) page.nextCursor = encodeCursor(end);
  return page;
}

function encodeCursor(offset: number): string {
  return btoa(`${PREFIX}${offset}`).replace(/=+$/, '');
}

function decodeCursor(cursor: unknown): number {
  if (typeof cursor !== 'string') throw new InvalidParamsError('Invalid cursor: expected a string');
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw new InvalidParamsError('Invalid cursor: it was not issued by this server');
  }
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidParamsError('Invalid cursor: it was not issued by this server');
  }
  return offset;
}
