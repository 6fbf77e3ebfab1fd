/**
 * The rules a sampling conversation with tools (SEP-1577, 2025-11-25 and 2026-07-28) must keep
 * beyond the shape of each message, which the validators check:
 *
 * - a user message that carries tool results carries only tool results (MUST);
 * - every assistant message with `tool_use` blocks is followed, before any other message, by a
 *   user message answering each of them with a `tool_result` of the same id (MUST);
 * - so every `tool_result` answers a `tool_use` of the assistant message just before it.
 *
 * The server checks what it is about to send, the client what it received.
 */

/**
 * The broken rules in a sampling request's `messages`, as sentences naming the messages by
 * index; empty when the conversation keeps them. Messages of the wrong shape are left to the
 * shape validators and skipped here.
 *
 * @example
 * samplingMessageProblems([
 *   { role: 'user', content: { type: 'text', text: 'Weather in Paris?' } },
 *   { role: 'assistant', content: { type: 'tool_use', id: 'c1', name: 'weather', input: { city: 'Paris' } } },
 *   { role: 'user', content: { type: 'text', text: 'well?' } },
 * ]);
 * // ['messages[2] must answer the tool_use "c1" of messages[1] with tool_result blocks only, and does not']
 */
export function samplingMessageProblems(messages: unknown): string[] {
  if (!Array.isArray(messages)) return [];
  const problems: string[] = [];
  /** Ids of the tool uses of the assistant message just before, waiting for their results. */
  let waiting: string[] = [];
  let askedAt = -1;
  messages.forEach((message: unknown, index) => {
    if (!isObject(message)) return;
    const here = `messages[${index}]`;
    const blocks = (Array.isArray(message.content) ? message.content : [message.content]).filter(isObject);
    const uses = blocks.filter((block) => block.type === 'tool_use');
    const results = blocks.filter((block) => block.type === 'tool_result');
    const answered = new Set(results.map((block) => block.toolUseId));
    if (waiting.length > 0) {
      if (message.role !== 'user' || results.length === 0) {
        problems.push(
          `${here} must answer the tool_use ${list(waiting)} of messages[${askedAt}] with tool_result blocks only, and does not`,
        );
      } else {
        const missing = waiting.filter((id) => !answered.has(id));
        if (missing.length > 0)
          problems.push(
            `${here} has no tool_result for the tool_use ${list(missing)} of messages[${askedAt}]`,
          );
      }
    }
    if (results.length > 0) {
      if (message.role !== 'user')
        problems.push(`${here} carries tool_result blocks, which only user messages may`);
      else if (results.length !== blocks.length)
        problems.push(
          `${here} carries tool results, so it must carry nothing else (no text, image or audio)`,
        );
      const asked = new Set(waiting);
      const strays = results.map((block) => block.toolUseId).filter((id) => !asked.has(id as string));
      if (strays.length > 0) {
        problems.push(
          `${here} has a tool_result for ${list(strays)}, which is no tool_use of the assistant message just before it`,
        );
      }
    }
    if (uses.length > 0 && message.role !== 'assistant')
      problems.push(`${here} carries tool_use blocks, which only assistant messages may`);
    waiting = message.role === 'assistant' ? uses.map((block) => String(block.id)) : [];
    askedAt = index;
  });
  if (waiting.length > 0) {
    problems.push(
      `messages[${askedAt}] has the tool_use ${list(waiting)}, but no user message with their results follows it`,
    );
  }
  return problems;
}

function list(ids: readonly unknown[]): string {
  return ids.map((id) => JSON.stringify(id)).join(', ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
