/**
 * How the CLI answers a server's requests for input: from flags
 * (`--elicit-json`, `--elicit`, `--sample-text`, `--roots`), else by asking on
 * the terminal, else elicitation is cancelled and sampling refused, with a
 * note on stderr saying which flag would answer it.
 */

import type { InputHandlers } from '../client/input-handlers.js';
import { applyDefaults, validateElicitationContent } from '../protocol/elicitation-form.js';
import type { ElicitRequestParams, ElicitResult } from '../protocol/types/modern/elicitation.js';
import type { CreateMessageRequestParams, CreateMessageResult } from '../protocol/types/modern/sampling.js';
import type { CommonOptions } from './args.js';
import { UsageError } from './errors.js';
import { askElicitation, askSamplingReply, type LineInput } from './prompts.js';

/**
 * A request for input the CLI could not answer (no flag, no terminal, or the
 * user refused). Exit code 1.
 *
 * @example
 * throw new InputNotAnswered('Sampling was refused: there is no terminal to ask on; pass --sample-text.');
 */
export class InputNotAnswered extends Error {
  override name = 'InputNotAnswered';
}

/**
 * What the handlers need: the terminal (absent when not interactive) and a way
 * to write to stderr.
 *
 * @example
 * const env: InputEnvironment = { terminal: undefined, say: (text) => process.stderr.write(text) };
 */
export interface InputEnvironment {
  terminal: LineInput | undefined;
  say(text: string): void;
}

/**
 * The input handlers for `Client.connect`, and the first problem with an
 * answer given by flag (an `--elicit-json` that does not fit the form), which
 * makes the run a usage error even if the server swallowed it.
 *
 * @example
 * const inputs = cliInputHandlers(command.options, { terminal, say });
 * const client = await Client.connect(url, { ...inputs.handlers });
 */
export function cliInputHandlers(
  options: CommonOptions,
  env: InputEnvironment,
): { handlers: InputHandlers; problem: () => UsageError | undefined } {
  let problem: UsageError | undefined;

  const onElicit = async (params: ElicitRequestParams): Promise<ElicitResult> => {
    const given = options.elicit;
    if (given && params.mode === 'url') {
      // SEP-1036: the user must see the URL (and where it leads) before it is accepted.
      const flag = given.action === 'accept' ? '--elicit-json' : `--elicit ${given.action}`;
      env.say(
        `mcpkit: the server asks you to open ${params.url} (on ${hostOf(params.url)}): "${params.message}". ` +
          `Answering ${given.action} (${flag})${given.action === 'accept' ? '; open the page to go on' : ''}.\n`,
      );
      return { action: given.action };
    }
    if (given?.action === 'accept' && params.mode !== 'url') {
      const content = applyDefaults(params.requestedSchema, given.content as never);
      const issues = validateElicitationContent(params.requestedSchema, content);
      if (issues.length > 0) {
        problem ??= new UsageError(
          `--elicit-json does not fit the form the server sent ("${params.message}"): ${issues.map((issue) => issue.message).join('; ')}.`,
        );
        throw problem;
      }
      return { action: 'accept', content };
    }
    if (given) return { action: given.action };
    if (env.terminal) return askElicitation(env.terminal, env.say, params);
    env.say(
      `mcpkit: the server asked for input ("${params.message}") but there is no terminal to ask on, so the answer is cancel. ` +
        `Pass --elicit-json '{...}' to accept with content, or --elicit decline|cancel.\n`,
    );
    return { action: 'cancel' };
  };

  const onSample = async (params: CreateMessageRequestParams): Promise<CreateMessageResult> => {
    let text = options.sampleText;
    if (text === undefined && env.terminal) {
      const reply = await askSamplingReply(env.terminal, env.say, params);
      if (reply === null) throw new InputNotAnswered('You refused the sampling request.');
      text = reply;
    }
    if (text === undefined) {
      env.say(
        'mcpkit: the server asked for a model reply (sampling) but there is no terminal to ask on, so it gets an error. ' +
          "Pass --sample-text '...' to answer it.\n",
      );
      throw new InputNotAnswered('Sampling was not answered: no terminal and no --sample-text.');
    }
    return { role: 'assistant', content: { type: 'text', text }, model: 'mcpkit-cli', stopReason: 'endTurn' };
  };

  const handlers: InputHandlers = { onElicit, elicitUrl: true, onSample };
  if (options.roots) handlers.roots = options.roots.map((uri) => ({ uri }));
  return { handlers, problem: () => problem };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return 'an address that is not a valid URL';
  }
}
