/**
 * The tasks extension `io.modelcontextprotocol/tasks` (SEP-2663) on the server,
 * and the same tasks as 2025-11-25 core tasks (SEP-1686): what users configure
 * and implement. Wire types are in `mcpkit/protocol`.
 */
export {
  InMemoryTaskControlBus,
  isTaskControlMessage,
  type TaskControlBus,
  type TaskControlMessage,
} from './control-bus.js';
export { declaresTasks, missingTasksCapability, TASKS_EXTENSION } from './extension.js';
export { LEASE_EXPIRED_ERROR, TaskLeaseLostError, type TaskLeases } from './leases.js';
export {
  DEFAULT_MAX_TASKS,
  DEFAULT_MAX_TASKS_PER_OWNER,
  DEFAULT_TASK_LIST_LIMIT,
  DEFAULT_TASK_SWEEP_INTERVAL_MS,
  InMemoryTaskStore,
  type InMemoryTaskStoreOptions,
} from './memory-store.js';
export {
  isFinalStatus,
  type StoredTask,
  type TaskError,
  TaskLimitError,
  type TaskPage,
  type TaskStore,
  TaskStoreUnavailableError,
} from './store.js';
export { NO_TASK, type TaskControl } from './task-control.js';
export { TaskCancelledError } from './task-run.js';
export {
  DEFAULT_TASK_POLL_INTERVAL_MS,
  DEFAULT_TASK_TTL_MS,
  MAX_LISTENED_TASKS,
  type TasksOptions,
} from './task-service.js';
export { createdTaskResult, detailedTask } from './task-view.js';
export { checkToolExecution, type ToolExecution } from './tool-execution.js';
