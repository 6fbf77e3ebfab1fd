/** 2026-07-28 prompts: `prompts/list` and `prompts/get`. */
import type { Prompt, PromptMessage, RequestEnvelope, ResultResponseOf } from '../common.js';
import type { CacheableResult, PaginatedRequestParams, PaginatedResult, Result } from './base.js';
import type { InputRequiredResult, InputResponseRequestParams } from './mrtr.js';

/** Params of `prompts/list`. */
export interface ListPromptsRequestParams extends PaginatedRequestParams {}

/** Asks a server for its prompts, one page at a time. */
export interface ListPromptsRequest extends RequestEnvelope {
  method: 'prompts/list';
  params: ListPromptsRequestParams;
}

/**
 * One page of prompts, cacheable for `ttlMs`.
 *
 * @example
 * const page: ListPromptsResult = {
 *   resultType: 'complete',
 *   ttlMs: 300_000,
 *   cacheScope: 'public',
 *   prompts: [{ name: 'code_review', arguments: [{ name: 'code', required: true }] }],
 * };
 */
export interface ListPromptsResult extends PaginatedResult, CacheableResult {
  /** The prompts on this page. */
  prompts: Prompt[];
}

/** A successful response to `prompts/list`. */
export type ListPromptsResultResponse = ResultResponseOf<ListPromptsResult>;

/** Params of `prompts/get`; on a retry they also carry `inputResponses` and `requestState`. */
export interface GetPromptRequestParams extends InputResponseRequestParams {
  /** Which prompt to render. */
  name: string;
  /** Values for the template's arguments. */
  arguments?: { [key: string]: string };
}

/**
 * Renders a prompt with the given arguments.
 *
 * @example
 * const req: GetPromptRequest = {
 *   jsonrpc: '2.0',
 *   id: 4,
 *   method: 'prompts/get',
 *   params: {
 *     name: 'code_review',
 *     arguments: { code: 'let x = 1' },
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface GetPromptRequest extends RequestEnvelope {
  method: 'prompts/get';
  params: GetPromptRequestParams;
}

/**
 * A rendered prompt.
 *
 * @example
 * const prompt: GetPromptResult = {
 *   resultType: 'complete',
 *   messages: [{ role: 'user', content: { type: 'text', text: 'Review: let x = 1' } }],
 * };
 */
export interface GetPromptResult extends Result {
  /** What the prompt is for. */
  description?: string;
  /** The messages to feed the model. */
  messages: PromptMessage[];
}

/** A successful response to `prompts/get`: the prompt, or a request for more input. */
export type GetPromptResultResponse = ResultResponseOf<GetPromptResult | InputRequiredResult>;
