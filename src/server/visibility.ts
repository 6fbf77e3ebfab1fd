/**
 * Per-caller visibility: which tools, prompts, resources and templates one caller may see and
 * use. A server with a filter shows each caller only what the filter lets through, in every
 * list, and treats anything else as if it did not exist (a call, get, read or completion of
 * it is answered as for an unknown name or URI), so a caller cannot even learn that it exists.
 */
import type { Prompt, Tool } from '../protocol/types/index.js';
import type { ServerContext } from './context.js';

/** A tool, prompt, resource or resource template, as a visibility filter is asked about it. */
export type VisibilityTarget =
  | {
      readonly kind: 'tool';
      readonly name: string;
      /** The tool as `tools/list` shows it (its `_meta`, annotations and schemas included). */
      readonly tool: Tool;
    }
  | {
      readonly kind: 'prompt';
      readonly name: string;
      /** The prompt as `prompts/list` shows it. */
      readonly prompt: Prompt;
    }
  | {
      readonly kind: 'resource';
      /** The resource's URI: a fixed resource's, or one a template lists or a client reads. */
      readonly uri: string;
      /** The name the resource was registered under (its template's name for a templated URI). */
      readonly name: string;
      /** The URI template it belongs to, for a resource of a template. */
      readonly uriTemplate?: string;
    }
  | {
      readonly kind: 'resourceTemplate';
      readonly name: string;
      readonly uriTemplate: string;
    };

/**
 * Decides whether the caller of one request may see and use `target`, from anything the
 * request's context says (`ctx.auth`, `ctx.clientCapabilities`, `ctx.clientInfo`, `ctx.http`, ...).
 * It runs for every entry of a list and for the target of every call, get, read, completion and
 * subscription, so it must be fast and must not throw; it never runs for a server without one.
 *
 * A resource of a template is visible when both its template and the resource itself are.
 *
 * @example
 * const server = new McpServer(info, {
 *   auth,
 *   // Tools under admin_ only for tokens with the admin scope.
 *   visibility: (target, ctx) =>
 *     target.kind !== 'tool' || !target.name.startsWith('admin_') || (ctx.auth?.scopes.includes('admin') ?? false),
 * });
 */
export type VisibilityFilter = (target: VisibilityTarget, caller: ServerContext) => boolean;
