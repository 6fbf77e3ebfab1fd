/**
 * Asking the user on a terminal: a yes/no question, an elicitation form
 * field by field (type, choices and default shown; Enter takes the default;
 * an invalid answer re-prompts with the reason), a URL to visit, and a reply
 * to a sampling request. Prompts go to stderr so stdout stays the result.
 */
import { createInterface, type Interface } from 'node:readline';
import {
  describeForm,
  type FormFieldDescription,
  validateElicitationField,
} from '../protocol/elicitation-form.js';
import type { PrimitiveSchemaDefinition } from '../protocol/types/form-schema.js';
import type { ElicitRequestParams, ElicitResult } from '../protocol/types/modern/elicitation.js';
import type { CreateMessageRequestParams } from '../protocol/types/modern/sampling.js';
import { Interrupted } from './errors.js';
import { formatContentBlock } from './output.js';

/**
 * Reads answers, one line each. `null` means end of input (Ctrl-D).
 *
 * @example
 * const name = await input.ask('Name: ');
 * if (name === null) return { action: 'cancel' };
 */
export interface LineInput {
  ask(prompt: string): Promise<string | null>;
}

/**
 * Line input from a terminal with `node:readline`: prompts on stderr, Ctrl-D
 * ends input, Ctrl-C rejects the pending question with {@link Interrupted}
 * and calls `onInterrupt`.
 *
 * @example
 * const input = new TerminalInput(process.stdin, process.stderr, () => controller.abort());
 * try { await input.ask('Start this command? [y/N] '); } finally { input.close(); }
 */
export class TerminalInput implements LineInput {
  private rl: Interface | undefined;
  private ended = false;
  private pending: ((error: Error) => void) | undefined;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
    private readonly onInterrupt: () => void,
  ) {}

  ask(prompt: string): Promise<string | null> {
    if (this.ended) return Promise.resolve(null);
    const rl = this.open();
    return new Promise<string | null>((resolve, reject) => {
      const onClose = () => {
        this.pending = undefined;
        resolve(null);
      };
      rl.once('close', onClose);
      this.pending = (error) => {
        rl.off('close', onClose);
        this.pending = undefined;
        reject(error);
      };
      rl.question(prompt, (answer) => {
        rl.off('close', onClose);
        this.pending = undefined;
        resolve(answer);
      });
    });
  }

  /** Gives the terminal back (stops reading stdin). */
  close(): void {
    this.rl?.close();
    this.rl = undefined;
  }

  private open(): Interface {
    if (this.rl) return this.rl;
    const rl = createInterface({ input: this.input, output: this.output, terminal: true });
    rl.on('close', () => {
      this.ended = true;
    });
    rl.on('SIGINT', () => {
      this.output.write('\n');
      this.pending?.(new Interrupted());
      this.onInterrupt();
    });
    this.rl = rl;
    return rl;
  }
}

/**
 * Asks a yes/no question; only `y` or `yes` (any case) is yes.
 *
 * @example
 * if (!(await confirm(input, 'Start this command? [y/N] '))) return 2;
 */
export async function confirm(input: LineInput, question: string): Promise<boolean> {
  const answer = await input.ask(question);
  return answer !== null && /^(y|yes)$/i.test(answer.trim());
}

/**
 * A field value, or a field left empty, or why the answer is not acceptable.
 *
 * @example
 * const answer: FieldAnswer = { problem: 'must be a whole number' };
 */
export type FieldAnswer =
  | { value: string | number | boolean | string[] }
  | { omit: true }
  | { problem: string };

/**
 * Turns what the user typed into a field value and checks it against the
 * field's schema. Empty input takes the default, omits an optional field, or
 * is a problem for a required one. Choices may be given by number, value or
 * label; several choices separated by commas.
 *
 * @example
 * parseFieldAnswer(describeFormField('n', { type: 'integer', maximum: 5 }, true), { type: 'integer', maximum: 5 }, '9');
 * // { problem: 'must be at most 5' }
 */
export function parseFieldAnswer(
  field: FormFieldDescription,
  schema: PrimitiveSchemaDefinition,
  typed: string,
): FieldAnswer {
  const raw = typed.trim();
  if (raw === '') {
    if (field.default !== undefined) return { value: field.default };
    return field.required ? { problem: 'an answer is required' } : { omit: true };
  }
  let value: string | number | boolean | string[];
  switch (field.type) {
    case 'string':
      value = raw;
      break;
    case 'number':
    case 'integer': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw))
        return { problem: field.type === 'integer' ? 'must be a whole number' : 'must be a number' };
      value = Number(raw);
      break;
    }
    case 'boolean':
      if (/^(y|yes|true)$/i.test(raw)) value = true;
      else if (/^(n|no|false)$/i.test(raw)) value = false;
      else return { problem: 'answer yes or no' };
      break;
    case 'single-select': {
      const choice = pickChoice(field, raw);
      if (choice === undefined) return { problem: `pick one of ${listChoices(field)}` };
      value = choice;
      break;
    }
    case 'multi-select': {
      const picks: string[] = [];
      for (const part of raw.split(',').map((item) => item.trim())) {
        if (part === '') continue;
        const choice = pickChoice(field, part);
        if (choice === undefined) return { problem: `"${part}" is not one of ${listChoices(field)}` };
        if (!picks.includes(choice)) picks.push(choice);
      }
      value = picks;
      break;
    }
    default:
      try {
        value = JSON.parse(raw) as string;
      } catch {
        return { problem: 'this field takes a JSON value' };
      }
  }
  const issues = validateElicitationField(field.name, schema, value);
  if (issues.length > 0) {
    return { problem: issues.map((issue) => issue.message.replace(`${field.name}: `, '')).join('; ') };
  }
  return { value };
}

/**
 * The prompt for one field: label, what it takes, and the default in brackets.
 *
 * @example
 * fieldPrompt({ name: 'n', label: 'How many', type: 'integer', required: true, minimum: 1, default: 1 });
 * // 'How many (whole number at least 1; required) [1]: '
 */
export function fieldPrompt(field: FormFieldDescription): string {
  const parts: string[] = [];
  switch (field.type) {
    case 'string': {
      const length = range(field.minLength, field.maxLength);
      parts.push(`text${field.format ? ` (${field.format})` : ''}${length ? `, ${length} characters` : ''}`);
      break;
    }
    case 'number':
    case 'integer': {
      const bounds = range(field.minimum, field.maximum);
      parts.push(`${field.type === 'integer' ? 'whole number' : 'number'}${bounds ? ` ${bounds}` : ''}`);
      break;
    }
    case 'boolean':
      parts.push('yes/no');
      break;
    case 'single-select':
      parts.push(`choose one: ${listChoices(field)}`);
      break;
    case 'multi-select':
      parts.push(`choose any, comma-separated: ${listChoices(field)}`);
      break;
    default:
      parts.push('JSON');
  }
  parts.push(field.required ? 'required' : 'optional');
  const fallback =
    field.default === undefined
      ? ''
      : ` [${Array.isArray(field.default) ? field.default.join(',') : field.type === 'boolean' ? (field.default ? 'yes' : 'no') : String(field.default)}]`;
  return `${field.label} (${parts.join('; ')})${fallback}: `;
}

/**
 * Asks the user to answer an elicitation request on the terminal: first
 * whether to answer at all (accept, decline or cancel), then each form field
 * in turn, or for URL mode whether the page was visited. End of input cancels.
 *
 * @example
 * const result = await askElicitation(input, (text) => process.stderr.write(text), params);
 */
export async function askElicitation(
  input: LineInput,
  say: (text: string) => void,
  params: ElicitRequestParams,
): Promise<ElicitResult> {
  if (params.mode === 'url') {
    say(`\nThe server asks you to open this page:\n  ${params.url}\n${params.message}\n`);
    for (;;) {
      const answer = await input.ask('Done? [y = done, n = decline, c = cancel]: ');
      const action = actionFor(answer, undefined);
      if (action) return { action };
      say('Answer y, n or c.\n');
    }
  }
  say(`\nThe server asks: ${params.message}\n`);
  for (;;) {
    const answer = await input.ask('Answer? [Y = fill in the form, n = decline, c = cancel]: ');
    const action = actionFor(answer, 'accept');
    if (action === 'decline' || action === 'cancel') return { action };
    if (action === 'accept') break;
    say('Answer y, n or c.\n');
  }
  const properties = (params.requestedSchema.properties ?? {}) as Record<string, PrimitiveSchemaDefinition>;
  const content: Record<string, string | number | boolean | string[]> = {};
  for (const field of describeForm(params.requestedSchema)) {
    const schema = properties[field.name];
    if (!schema) continue;
    if (field.description) say(`  ${field.description}\n`);
    for (;;) {
      const typed = await input.ask(fieldPrompt(field));
      if (typed === null) {
        say('\nCancelled.\n');
        return { action: 'cancel' };
      }
      const parsed = parseFieldAnswer(field, schema, typed);
      if ('problem' in parsed) {
        say(`  ${field.label}: ${parsed.problem}; try again.\n`);
        continue;
      }
      if ('value' in parsed) content[field.name] = parsed.value;
      break;
    }
  }
  return { action: 'accept', content };
}

/**
 * Shows a sampling request and asks the user to type the reply; `null` when
 * the user gives none (an empty line or end of input).
 *
 * @example
 * const text = await askSamplingReply(input, (t) => process.stderr.write(t), params);
 */
export async function askSamplingReply(
  input: LineInput,
  say: (text: string) => void,
  params: CreateMessageRequestParams,
): Promise<string | null> {
  const lines = ['', 'The server asks for a model reply (sampling). The conversation:'];
  if (params.systemPrompt) lines.push(`  [system] ${params.systemPrompt}`);
  for (const message of params.messages ?? []) {
    const blocks = Array.isArray(message.content) ? message.content : [message.content];
    lines.push(`  [${message.role}] ${blocks.map(formatContentBlock).join(' ')}`);
  }
  say(`${lines.join('\n')}\n`);
  const reply = await input.ask('Reply as the model (empty line refuses): ');
  return reply === null || reply.trim() === '' ? null : reply;
}

function actionFor(
  answer: string | null,
  onEmpty: 'accept' | undefined,
): 'accept' | 'decline' | 'cancel' | undefined {
  if (answer === null) return 'cancel';
  const word = answer.trim().toLowerCase();
  if (word === '') return onEmpty;
  if (word === 'y' || word === 'yes') return 'accept';
  if (word === 'n' || word === 'no') return 'decline';
  if (word === 'c' || word === 'cancel') return 'cancel';
  return undefined;
}

function pickChoice(field: FormFieldDescription, typed: string): string | undefined {
  const choices = field.choices ?? [];
  if (/^\d+$/.test(typed)) {
    const choice = choices[Number(typed) - 1];
    if (choice) return choice.value;
  }
  const exact = choices.find((choice) => choice.value === typed);
  if (exact) return exact.value;
  const lower = typed.toLowerCase();
  return choices.find(
    (choice) => choice.label.toLowerCase() === lower || choice.value.toLowerCase() === lower,
  )?.value;
}

function listChoices(field: FormFieldDescription): string {
  return (field.choices ?? []).map((choice, index) => `${index + 1}=${choice.label}`).join(', ');
}

function range(low: number | undefined, high: number | undefined): string {
  if (low !== undefined && high !== undefined) return `${low} to ${high}`;
  if (low !== undefined) return `at least ${low}`;
  if (high !== undefined) return `at most ${high}`;
  return '';
}
