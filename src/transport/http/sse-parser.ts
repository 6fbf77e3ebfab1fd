/**
 * `eventsource-parser` on first use. A client whose server answers in JSON (most 2026-07-28
 * exchanges) never reads an event stream, so its start-up does not pay for loading the parser.
 */
import type * as SseParser from 'eventsource-parser';

let loading: Promise<typeof SseParser> | undefined;

/**
 * The `eventsource-parser` module, imported once.
 *
 * @example
 * const { createParser } = await loadSseParser();
 * const parser = createParser({ onEvent: (event) => console.log(event.data) });
 */
export function loadSseParser(): Promise<typeof SseParser> {
  loading ??= import('eventsource-parser');
  return loading;
}
