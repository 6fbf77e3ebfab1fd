/**
 * `completion/complete`: suggestions for a prompt argument or a template
 * variable, at most 100 per answer with `hasMore` when there were more.
 */
import { InvalidParamsError } from '../protocol/errors.js';
import type { CompleteResult, HandlerResult } from '../protocol/types/index.js';
import type { ArgumentCompleter, PromptEntry } from './prompts.js';
import type { TemplateEntry } from './resources.js';

/** The most values one completion answer may carry. */
export const MAX_COMPLETION_VALUES = 100;

/** Where the completion handler finds what the request refers to. */
export interface CompletionSources {
  prompt(name: string): PromptEntry | undefined;
  template(uriOrTemplate: string): TemplateEntry | undefined;
}

/**
 * Answers one completion request.
 *
 * @example
 * await completeArgument({ ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'who', value: 'A' } }, sources);
 * // { completion: { values: ['Ada', 'Alan'], total: 2, hasMore: false } }
 */
export async function completeArgument(
  params: Record<string, unknown>,
  sources: CompletionSources,
): Promise<HandlerResult<CompleteResult>> {
  const ref = params.ref as { type?: string; name?: string; uri?: string };
  const argument = params.argument as { name: string; value: string };
  const context = (params.context as { arguments?: Record<string, string> } | undefined)?.arguments ?? {};
  let completer: ArgumentCompleter | undefined;
  if (ref.type === 'ref/prompt') {
    const prompt = sources.prompt(String(ref.name));
    if (!prompt) throw new InvalidParamsError(`Unknown prompt: ${String(ref.name)}`);
    completer = prompt.config.complete?.[argument.name];
  } else if (ref.type === 'ref/resource') {
    const template = sources.template(String(ref.uri));
    if (!template) throw new InvalidParamsError(`No resource template matches ${String(ref.uri)}`);
    completer = template.template.callbacks.complete?.[argument.name];
  } else {
    throw new InvalidParamsError(`Unknown completion reference type: ${String(ref.type)}`);
  }
  const all = completer ? await completer(argument.value, { arguments: context }) : [];
  const values = all.slice(0, MAX_COMPLETION_VALUES);
  return { completion: { values, total: all.length, hasMore: all.length > values.length } };
}
