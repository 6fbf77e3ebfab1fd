/**
 * The application's answers to a server's requests for input: elicitation,
 * sampling and roots. Registered once; used by the Multi Round-Trip driver on
 * 2026-07-28 and for real server-to-client requests on 2025 sessions.
 */

import type { ElicitRequestParams, ElicitResult } from '../protocol/types/modern/elicitation.js';
import type { CreateMessageRequestParams, CreateMessageResult } from '../protocol/types/modern/sampling.js';

/** A root the client exposes. */
export interface Root {
  uri: string;
  name?: string;
  _meta?: Record<string, unknown>;
}

/** Context handed to input handlers. */
export interface InputContext {
  /** Aborts when the call that asked is cancelled. */
  signal: AbortSignal;
  /** The method of the request that asked (`tools/call`, ...), when known. */
  origin?: string;
}

/** Answers elicitation requests (form and URL mode). */
export type ElicitationHandler = (
  params: ElicitRequestParams,
  ctx: InputContext,
) => ElicitResult | Promise<ElicitResult>;
/** Answers sampling requests (with tools, SEP-1577, when the client declares it). */
export type SamplingHandler = (
  params: CreateMessageRequestParams,
  ctx: InputContext,
) => CreateMessageResult | Promise<CreateMessageResult>;
/** The client's roots, or a function giving them. */
export type RootsSource =
  | readonly Root[]
  | ((ctx: InputContext) => readonly Root[] | Promise<readonly Root[]>);

/** Input handlers and what they support. */
export interface InputHandlers {
  /** Answers elicitation. Declares the `elicitation` capability. */
  onElicit?: ElicitationHandler;
  /** Whether `onElicit` also handles URL mode. Default false (form only). */
  elicitUrl?: boolean;
  /** Answers sampling. Declares the `sampling` capability (deprecated feature). */
  onSample?: SamplingHandler;
  /** Whether `onSample` handles tool use (SEP-1577). Default false. */
  sampleWithTools?: boolean;
  /** The roots. Declares the `roots` capability (deprecated feature). */
  roots?: RootsSource;
}

/**
 * The client capabilities these handlers imply, for 2026-07-28 `_meta` or a
 * 2025 `initialize`.
 *
 * @example
 * capabilitiesFor({ onElicit }, 'modern'); // { elicitation: { form: {} } }
 */
export function capabilitiesFor(handlers: InputHandlers, era: 'modern' | 'legacy'): Record<string, unknown> {
  const caps: Record<string, unknown> = {};
  if (handlers.onElicit) caps.elicitation = handlers.elicitUrl ? { form: {}, url: {} } : { form: {} };
  if (handlers.onSample) caps.sampling = handlers.sampleWithTools ? { tools: {} } : {};
  if (handlers.roots) caps.roots = era === 'legacy' ? { listChanged: true } : {};
  return caps;
}
