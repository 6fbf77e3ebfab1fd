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
  /**
   * Answers sampling. Declares the `sampling` capability.
   *
   * @deprecated Sampling is deprecated as of MCP 2026-07-28 (SEP-2577). Servers may still ask for
   * it on every revision mcpkit speaks, and revisions released within a year of 2026-07-28 keep
   * it, but later ones may remove it. Offer it only for servers that need it; new servers are
   * told to call a model provider's API themselves.
   *
   * @example
   * const client = await Client.connect(url, {
   *   onSample: async () => ({ role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'my-model' }),
   * });
   */
  onSample?: SamplingHandler;
  /**
   * Whether `onSample` handles tool use (SEP-1577): declares `sampling.tools`. Default false.
   *
   * @deprecated Part of sampling, deprecated as of MCP 2026-07-28 (SEP-2577); see `onSample`.
   */
  sampleWithTools?: boolean;
  /**
   * The roots. Declares the `roots` capability.
   *
   * @deprecated Roots are deprecated as of MCP 2026-07-28 (SEP-2577). Servers may still ask for
   * them on every revision mcpkit speaks, and revisions released within a year of 2026-07-28 keep
   * them, but later ones may remove them. Give servers the directories or files to work on
   * explicitly instead: in tool arguments, resource URIs, or the server's configuration
   * (command-line arguments, environment variables).
   *
   * @example
   * const client = await Client.connect(url, { roots: [{ uri: 'file:///home/me/project' }] });
   */
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
