/**
 * How a tool declares that it can run as a task (`registerTool(..., {
 * execution })`), and the checks made when it is registered.
 */

/**
 * Task support of a tool.
 *
 * - `taskSupport: 'optional'`: runs as a task for clients that declared the
 *   tasks extension on the call, as an ordinary call for the others.
 * - `taskSupport: 'required'`: runs only as a task; a call that did not
 *   declare the extension is refused with -32021 (on 2025-11-25, a call
 *   without a `task` param is refused with -32601).
 * - `createTask: 'immediately'` (default): the call is answered with the task
 *   at once, and the whole handler runs in the background.
 * - `createTask: 'when-started'`: the handler runs as an ordinary call (and
 *   may ask for input in ordinary rounds) until it calls `ctx.task.start()`;
 *   from there on it runs in the background. A handler that never calls it
 *   answers with its result directly. On 2025-11-25 (no rounds) a task call
 *   is a task from the start and `ctx.task.start()` does nothing.
 * - On 2025-11-25 sessions `tools/list` shows `execution: { taskSupport }`.
 *
 * @example
 * server.registerTool('export', { execution: { taskSupport: 'optional' } }, async (ctx) => {
 *   await exportEverything(ctx.signal);
 *   return { content: [{ type: 'text', text: 'exported' }] };
 * });
 */
export interface ToolExecution {
  taskSupport: 'optional' | 'required';
  createTask?: 'immediately' | 'when-started';
}

/**
 * Throws a TypeError for an `execution` a server cannot honour: unknown
 * values, or a task-only tool on a server without the tasks extension.
 *
 * @example
 * checkToolExecution('export', { taskSupport: 'required' }, true); // fine
 * checkToolExecution('export', { taskSupport: 'required' }, false); // throws: enable `tasks` on the server
 */
export function checkToolExecution(tool: string, execution: ToolExecution, tasksEnabled: boolean): void {
  const name = JSON.stringify(tool);
  if (execution.taskSupport !== 'optional' && execution.taskSupport !== 'required') {
    throw new TypeError(`Tool ${name}: execution.taskSupport must be 'optional' or 'required'`);
  }
  if (
    execution.createTask !== undefined &&
    execution.createTask !== 'immediately' &&
    execution.createTask !== 'when-started'
  ) {
    throw new TypeError(`Tool ${name}: execution.createTask must be 'immediately' or 'when-started'`);
  }
  if (execution.taskSupport === 'required' && !tasksEnabled) {
    throw new TypeError(
      `Tool ${name} runs only as a task, but this server does not serve tasks: pass the \`tasks\` option to McpServer`,
    );
  }
}
