/** 2025-11-25 prompts (`prompts/list`, `prompts/get`) and completion (`completion/complete`). */
import type {
  CompleteArgument,
  CompleteContext,
  CompletionValues,
  Prompt,
  PromptMessage,
  PromptReference,
  RequestEnvelope,
  ResourceTemplateReference,
} from '../common.js';
import type {
  LegacyPaginatedRequestParams,
  LegacyPaginatedResult,
  LegacyRequestParams,
  LegacyResult,
} from './base.js';

/** Params of `prompts/list`. */
export interface LegacyListPromptsRequestParams extends LegacyPaginatedRequestParams {}

/** Asks a server for its prompts, one page at a time. */
export interface LegacyListPromptsRequest extends RequestEnvelope {
  method: 'prompts/list';
  params?: LegacyListPromptsRequestParams;
}

/** One page of prompts. */
export interface LegacyListPromptsResult extends LegacyPaginatedResult {
  /** The prompts on this page. */
  prompts: Prompt[];
}

/** Params of `prompts/get`. */
export interface LegacyGetPromptRequestParams extends LegacyRequestParams {
  /** Which prompt to render. */
  name: string;
  /** Values for the template's arguments. */
  arguments?: { [key: string]: string };
}

/**
 * Renders a prompt with the given arguments.
 *
 * @example
 * const req: LegacyGetPromptRequest = {
 *   jsonrpc: '2.0',
 *   id: 4,
 *   method: 'prompts/get',
 *   params: { name: 'code_review', arguments: { code: 'let x = 1' } },
 * };
 */
export interface LegacyGetPromptRequest extends RequestEnvelope {
  method: 'prompts/get';
  params: LegacyGetPromptRequestParams;
}

/** A rendered prompt. */
export interface LegacyGetPromptResult extends LegacyResult {
  /** What the prompt is for. */
  description?: string;
  /** The messages to feed the model. */
  messages: PromptMessage[];
}

/** Params of `completion/complete`. */
export interface LegacyCompleteRequestParams extends LegacyRequestParams {
  /** The prompt or resource template whose argument is being completed. */
  ref: PromptReference | ResourceTemplateReference;
  /** The argument and its partial value. */
  argument: CompleteArgument;
  /** Other arguments already filled in. */
  context?: CompleteContext;
}

/** Asks for suggestions for a prompt or resource-template argument. */
export interface LegacyCompleteRequest extends RequestEnvelope {
  method: 'completion/complete';
  params: LegacyCompleteRequestParams;
}

/** Suggestions for the argument. */
export interface LegacyCompleteResult extends LegacyResult {
  /** The suggestions. */
  completion: CompletionValues;
}
