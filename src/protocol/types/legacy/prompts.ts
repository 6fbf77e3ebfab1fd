/**
 * 2025-11-25 prompts (`prompts/list`, `prompts/get`) and completion (`completion/complete`):
 * the 2026-07-28 payloads without `resultType`, caching hints or retry fields.
 */
import type { RequestEnvelope } from '../common.js';
import type { CompleteRequestParams, CompleteResult } from '../modern/completion.js';
import type { GetPromptRequestParams, GetPromptResult, ListPromptsResult } from '../modern/prompts.js';
import type {
  LegacyPaginatedRequestParams,
  LegacyPaginatedResult,
  LegacyRequestParams,
  LegacyResult,
} from './base.js';
import type { SharedParams, SharedResult } from './derive.js';

/** Params of `prompts/list`. */
export interface LegacyListPromptsRequestParams extends LegacyPaginatedRequestParams {}

/** Asks a server for its prompts, one page at a time. */
export interface LegacyListPromptsRequest extends RequestEnvelope {
  method: 'prompts/list';
  params?: LegacyListPromptsRequestParams;
}

/** One page of prompts. */
export interface LegacyListPromptsResult extends LegacyPaginatedResult, SharedResult<ListPromptsResult> {}

/** Params of `prompts/get`. */
export interface LegacyGetPromptRequestParams
  extends LegacyRequestParams,
    SharedParams<GetPromptRequestParams> {}

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
export interface LegacyGetPromptResult extends LegacyResult, SharedResult<GetPromptResult> {}

/** Params of `completion/complete`. */
export interface LegacyCompleteRequestParams
  extends LegacyRequestParams,
    SharedParams<CompleteRequestParams> {}

/** Asks for suggestions for a prompt or resource-template argument. */
export interface LegacyCompleteRequest extends RequestEnvelope {
  method: 'completion/complete';
  params: LegacyCompleteRequestParams;
}

/** Suggestions for the argument. */
export interface LegacyCompleteResult extends LegacyResult, SharedResult<CompleteResult> {}
