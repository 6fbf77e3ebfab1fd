/** 2026-07-28 argument autocompletion: `completion/complete`. */
import type {
  CompleteArgument,
  CompleteContext,
  CompletionValues,
  PromptReference,
  RequestEnvelope,
  ResourceTemplateReference,
  ResultResponseOf,
} from '../common.js';
import type { RequestParams, Result } from './base.js';

/** Params of `completion/complete`. */
export interface CompleteRequestParams extends RequestParams {
  /** The prompt or resource template whose argument is being completed. */
  ref: PromptReference | ResourceTemplateReference;
  /** The argument and its partial value. */
  argument: CompleteArgument;
  /** Other arguments already filled in. */
  context?: CompleteContext;
}

/**
 * Asks for suggestions for a prompt or resource-template argument.
 *
 * @example
 * const req: CompleteRequest = {
 *   jsonrpc: '2.0',
 *   id: 5,
 *   method: 'completion/complete',
 *   params: {
 *     ref: { type: 'ref/prompt', name: 'code_review' },
 *     argument: { name: 'language', value: 'py' },
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface CompleteRequest extends RequestEnvelope {
  method: 'completion/complete';
  params: CompleteRequestParams;
}

/**
 * Suggestions for the argument.
 *
 * @example
 * const result: CompleteResult = { resultType: 'complete', completion: { values: ['python'], hasMore: false } };
 */
export interface CompleteResult extends Result {
  /** The suggestions. */
  completion: CompletionValues;
}

/** A successful response to `completion/complete`. */
export type CompleteResultResponse = ResultResponseOf<CompleteResult>;
