/**
 * 2025-11-25 foundations. Legacy sessions fix the revision and capabilities
 * once, in `initialize`, so `_meta` is optional everywhere and results have no
 * `resultType`.
 */
import type { META_PROGRESS_TOKEN } from '../../meta.js';
import type { Cursor, MetaObject, ProgressToken } from '../common.js';

/** The `task` param that asks for a request to run as a task (the task types are in tasks.ts). */
export interface TaskMetadata {
  /** How long, in milliseconds after creation, the requester would like the task kept. */
  ttl?: number;
}

/** The value under `_meta["io.modelcontextprotocol/related-task"]`. */
export interface RelatedTaskMetadata {
  /** The task the message belongs to. */
  taskId: string;
}

/** The `_meta` key that ties a request, notification or result to a task (2025-11-25). */
export type RelatedTaskMetaKey = 'io.modelcontextprotocol/related-task';

/** Mixin for `_meta` objects that may name the task they belong to. */
export interface RelatedTaskMeta {
  /** The task this message belongs to; required on messages that are part of a task. */
  'io.modelcontextprotocol/related-task'?: RelatedTaskMetadata;
}

/** `_meta` of a 2025-11-25 request. */
export interface LegacyRequestMetaObject extends MetaObject, RelatedTaskMeta {
  /** Ask for `notifications/progress` about this request, tagged with this token. */
  [META_PROGRESS_TOKEN]?: ProgressToken;
}

/** `_meta` of a 2025-11-25 notification. */
export interface LegacyNotificationMetaObject extends MetaObject, RelatedTaskMeta {}

/** `_meta` of a 2025-11-25 result. */
export interface LegacyResultMetaObject extends MetaObject, RelatedTaskMeta {}

/** Params every 2025-11-25 request may have. Extra fields are allowed on the wire (unofficial extensions). */
export interface LegacyRequestParams {
  _meta?: LegacyRequestMetaObject;
  [key: string]: unknown;
}

/** Params of a request the receiver may run as a task (2025-11-25). */
export interface TaskAugmentedRequestParams extends LegacyRequestParams {
  /**
   * Run the request as a task: the receiver answers at once with a
   * `CreateTaskResult` and the real result is fetched with `tasks/result`.
   * Only for request types the receiver's `tasks.requests` capability lists.
   */
  task?: TaskMetadata;
}

/** Params every 2025-11-25 notification may have. Extra fields are allowed on the wire. */
export interface LegacyNotificationParams {
  _meta?: LegacyNotificationMetaObject;
  [key: string]: unknown;
}

/** Fields every 2025-11-25 result has; extra fields are allowed. No `resultType`. */
export interface LegacyResult {
  _meta?: LegacyResultMetaObject;
  [key: string]: unknown;
}

/** A result that says "done" and nothing more (e.g. the answer to `ping`). */
export interface LegacyEmptyResult extends LegacyResult {}

/** Params of a request that returns one page of a list. */
export interface LegacyPaginatedRequestParams extends LegacyRequestParams {
  /** Where to continue: a `nextCursor` from the previous page. Omit for the first page. */
  cursor?: Cursor;
}

/** A result holding one page of a list. */
export interface LegacyPaginatedResult extends LegacyResult {
  /** Present when more pages may follow; pass it as `cursor` to fetch the next one. */
  nextCursor?: Cursor;
}
