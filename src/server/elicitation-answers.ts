/**
 * The server's check of a client's answer to a form-mode elicitation against the form it asked
 * for (2025-11-25 and 2026-07-28: servers SHOULD validate elicited data against the
 * `requestedSchema`). Every road an answer takes back to a handler goes through here: `ctx.elicit`
 * on either era (input rounds, real requests, tasks) and the answers to a handler's own
 * `inputRequired(...)` requests.
 */
import { applyDefaults, validateElicitationContent } from '../protocol/elicitation-form.js';
import { InvalidParamsError } from '../protocol/errors.js';
import type { ElicitRequestedSchema } from '../protocol/types/form-schema.js';

/**
 * The answer a handler gets for a form elicitation: an `accept` answer's content with the form's
 * defaults filled in (SEP-1034) and checked against `requestedSchema` (required fields, types,
 * options, lengths, ranges, `email`/`uri`/`date`/`date-time` formats); fields the form does not
 * have are left out. `decline`, `cancel` and URL-mode answers pass as they are. Throws
 * {@link InvalidParamsError} (-32602) naming each field that is wrong, with the problems in
 * `data.issues`: the client sent data the server did not ask for.
 *
 * @example
 * const answer = checkElicitationAnswer(
 *   { message: 'Age?', requestedSchema: { type: 'object', properties: { age: { type: 'integer', minimum: 18 } }, required: ['age'] } },
 *   { action: 'accept', content: { age: 12 } },
 * ); // throws InvalidParamsError: "... age: must be at least 18"
 */
export function checkElicitationAnswer<T>(request: Record<string, unknown>, answer: T): T {
  if (request.mode === 'url' || !isObject(answer) || answer.action !== 'accept') return answer;
  const schema = request.requestedSchema;
  if (!isObject(schema)) return answer;
  const given = answer.content;
  if (given !== undefined && !isObject(given)) {
    throw new InvalidParamsError(
      'The elicitation answer does not match the requested form: its content must be an object of field values',
      { issues: [{ field: '', code: 'not-object', message: 'content must be an object of field values' }] },
    );
  }
  const form = schema as unknown as ElicitRequestedSchema;
  const content = applyDefaults(form, (given ?? {}) as never);
  const issues = [];
  for (const issue of validateElicitationContent(form, content)) {
    // A field of a kind the checker does not know (the server's own schema is trusted) is not
    // held against the client.
    if (issue.code === 'unsupported-field') continue;
    // The form schema does not forbid other properties, so they are no error; but the handler
    // asked for its form's fields only, and gets only those.
    if (issue.code === 'unknown-field') delete content[issue.field];
    else issues.push(issue);
  }
  if (issues.length > 0) {
    throw new InvalidParamsError(
      `The elicitation answer does not match the requested form: ${issues.map((issue) => issue.message).join('; ')}`,
      { issues },
    );
  }
  return { ...answer, content } as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
