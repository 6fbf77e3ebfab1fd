/**
 * 2026-07-28 capabilities. Client capabilities travel on every request (in
 * `_meta`); server capabilities come back from `server/discover`.
 */
import type { JSONObject } from '../../jsonrpc.js';

/**
 * Extension support, keyed by extension id (a `_meta`-style key with a
 * mandatory prefix, e.g. `io.modelcontextprotocol/tasks`); each value holds
 * that extension's settings, `{}` when it has none.
 */
export interface ExtensionsCapability {
  [extensionId: string]: JSONObject;
}

/**
 * What a client can do, declared per request. Open-ended: unknown keys are
 * allowed. An empty object means no optional capability.
 *
 * @example
 * const caps: ClientCapabilities = { elicitation: { form: {}, url: {} }, sampling: { tools: {} } };
 */
export interface ClientCapabilities {
  /** Non-standard capabilities, by name. */
  experimental?: { [key: string]: JSONObject };
  /**
   * The client can answer `roots/list` input requests. Holds no settings.
   *
   * @deprecated Roots are deprecated as of 2026-07-28 (SEP-2577).
   */
  roots?: JSONObject;
  /**
   * The client can answer `sampling/createMessage` input requests.
   *
   * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
   */
  sampling?: {
    /** The client honours `includeContext` values other than `none`. */
    context?: JSONObject;
    /** The client accepts `tools` and `toolChoice` in sampling requests. */
    tools?: JSONObject;
  };
  /** The client can answer `elicitation/create` input requests. `{}` alone means form mode only. */
  elicitation?: {
    /** Form mode is supported. */
    form?: JSONObject;
    /** URL mode is supported. */
    url?: JSONObject;
  };
  /** Optional protocol extensions the client supports. */
  extensions?: ExtensionsCapability;
}

/**
 * What a server offers, as reported by `server/discover`. Open-ended: unknown
 * keys are allowed.
 *
 * @example
 * const caps: ServerCapabilities = { tools: { listChanged: true }, resources: { subscribe: true } };
 */
export interface ServerCapabilities {
  /** Non-standard capabilities, by name. */
  experimental?: { [key: string]: JSONObject };
  /**
   * The server can send `notifications/message` to clients that opt in.
   *
   * @deprecated Logging is deprecated as of 2026-07-28 (SEP-2577).
   */
  logging?: JSONObject;
  /** The server answers `completion/complete`. */
  completions?: JSONObject;
  /** The server offers prompts. */
  prompts?: {
    /** The server can announce prompt list changes on `subscriptions/listen`. */
    listChanged?: boolean;
  };
  /** The server offers resources. */
  resources?: {
    /** The server can report updates of individual resources (`resourceSubscriptions`). */
    subscribe?: boolean;
    /** The server can announce resource list changes on `subscriptions/listen`. */
    listChanged?: boolean;
  };
  /** The server offers tools. */
  tools?: {
    /** The server can announce tool list changes on `subscriptions/listen`. */
    listChanged?: boolean;
  };
  /** Optional protocol extensions the server supports. */
  extensions?: ExtensionsCapability;
}
