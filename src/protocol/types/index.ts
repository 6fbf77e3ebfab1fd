/**
 * MCP message types for every revision mcpkit speaks.
 *
 * - Unprefixed names are 2026-07-28 (modern) shapes, or shapes shared with 2025-11-25.
 * - `Legacy*` names are 2025-11-25 shapes whose modern namesake differs; names
 *   that only exist in 2025-11-25 (`InitializeRequest`, `PingRequest`, `Task`, ...)
 *   keep their plain name.
 * - Names ending in a revision date (`Tool20250618`) describe what older peers
 *   (2025-06-18, 2025-03-26, 2024-11-05) send or accept.
 * - Method maps (`ModernClientRequests`, `LegacyServerRequests`, ...) type
 *   params and results by method name.
 */
export type * from './common.js';
export type * from './form-schema.js';
export type * from './legacy/base.js';
export type * from './legacy/capabilities.js';
export type * from './legacy/elicitation.js';
export type * from './legacy/errors.js';
export type * from './legacy/lifecycle.js';
export type * from './legacy/methods.js';
export type * from './legacy/notifications.js';
export type * from './legacy/prompts.js';
export type * from './legacy/resources.js';
export type * from './legacy/roots.js';
export type * from './legacy/sampling.js';
export type * from './legacy/tasks.js';
export type * from './legacy/tools.js';
export type * from './modern/base.js';
export type * from './modern/capabilities.js';
export type * from './modern/completion.js';
export type * from './modern/discover.js';
export type * from './modern/elicitation.js';
export type * from './modern/errors.js';
export type * from './modern/methods.js';
export type * from './modern/mrtr.js';
export type * from './modern/notifications.js';
export type * from './modern/prompts.js';
export type * from './modern/resources.js';
export type * from './modern/roots.js';
export type * from './modern/sampling.js';
export type * from './modern/subscriptions.js';
export type * from './modern/tasks.js';
export type * from './modern/tool-definition.js';
export type * from './modern/tools.js';
export type * from './older.js';
