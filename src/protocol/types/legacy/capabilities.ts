/**
 * 2025-11-25 capabilities, exchanged once in `initialize`. Compared with
 * 2026-07-28: `roots.listChanged` and `tasks` exist, `extensions` does not,
 * and settings are typed as plain `object`.
 */

/**
 * What a legacy client can do. Open-ended: unknown keys are allowed.
 *
 * @example
 * const caps: LegacyClientCapabilities = { roots: { listChanged: true }, sampling: {}, elicitation: { form: {} } };
 */
export interface LegacyClientCapabilities {
  /** Non-standard capabilities, by name. */
  experimental?: { [key: string]: object };
  /** The client answers `roots/list`. */
  roots?: {
    /** The client sends `notifications/roots/list_changed`. */
    listChanged?: boolean;
  };
  /** The client answers `sampling/createMessage`. */
  sampling?: {
    /** The client honours `includeContext` values other than `none`. */
    context?: object;
    /** The client accepts `tools` and `toolChoice`. */
    tools?: object;
  };
  /** The client answers `elicitation/create`; `{}` alone means form mode only. */
  elicitation?: {
    /** Form mode is supported. */
    form?: object;
    /** URL mode is supported. */
    url?: object;
  };
  /** The client can run server requests as tasks. */
  tasks?: {
    /** The client answers `tasks/list`. */
    list?: object;
    /** The client answers `tasks/cancel`. */
    cancel?: object;
    /** Which server requests may be sent with a `task` param. */
    requests?: {
      /** Sampling requests. */
      sampling?: {
        /** `sampling/createMessage` may run as a task. */
        createMessage?: object;
      };
      /** Elicitation requests. */
      elicitation?: {
        /** `elicitation/create` may run as a task. */
        create?: object;
      };
    };
  };
}

/**
 * What a legacy server offers. Open-ended: unknown keys are allowed.
 *
 * @example
 * const caps: LegacyServerCapabilities = { tools: { listChanged: true }, logging: {}, tasks: { requests: { tools: { call: {} } } } };
 */
export interface LegacyServerCapabilities {
  /** Non-standard capabilities, by name. */
  experimental?: { [key: string]: object };
  /** The server sends `notifications/message` and answers `logging/setLevel`. */
  logging?: object;
  /** The server answers `completion/complete`. */
  completions?: object;
  /** The server offers prompts. */
  prompts?: {
    /** The server sends `notifications/prompts/list_changed`. */
    listChanged?: boolean;
  };
  /** The server offers resources. */
  resources?: {
    /** The server answers `resources/subscribe` and `resources/unsubscribe`. */
    subscribe?: boolean;
    /** The server sends `notifications/resources/list_changed`. */
    listChanged?: boolean;
  };
  /** The server offers tools. */
  tools?: {
    /** The server sends `notifications/tools/list_changed`. */
    listChanged?: boolean;
  };
  /** The server can run client requests as tasks. */
  tasks?: {
    /** The server answers `tasks/list`. */
    list?: object;
    /** The server answers `tasks/cancel`. */
    cancel?: object;
    /** Which client requests may be sent with a `task` param. */
    requests?: {
      /** Tool requests. */
      tools?: {
        /** `tools/call` may run as a task. */
        call?: object;
      };
    };
  };
}
