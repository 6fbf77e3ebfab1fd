/**
 * What a handler sees of the task it runs in (`ctx.task`). A handler keeps its
 * ordinary signature; this is only for handlers that want to say when the call
 * turns into a task, or to tell the client how far along it is.
 */

/**
 * The task side of a handler's context.
 *
 * @example
 * server.registerTool('render', { execution: { taskSupport: 'optional', createTask: 'when-started' } }, async (ctx) => {
 *   const { content } = await ctx.elicit({ message: 'Which scene?', requestedSchema });
 *   await ctx.task.start('Rendering'); // the client gets its task now; the rest runs in the background
 *   await ctx.task.setStatusMessage('Half way');
 *   return { content: [{ type: 'text', text: `Rendered ${content?.scene}` }] };
 * });
 */
export interface TaskControl {
  /** The task's id while the call runs as a task; undefined while it runs as an ordinary call. */
  readonly id: string | undefined;
  /**
   * Hands the rest of the call to a task: the client is answered with the
   * task now, and the handler's eventual return value completes it. Input
   * asked for before this point travels in ordinary Multi Round-Trip rounds;
   * after it, through the task (`tasks/get` and `tasks/update`). Does nothing
   * when the call already is a task, or cannot become one (the client did not
   * declare the tasks extension): the handler simply goes on.
   */
  start(statusMessage?: string): Promise<void>;
  /** Sets the message `tasks/get` shows with the status. Does nothing outside a task. */
  setStatusMessage(message: string): Promise<void>;
}

/**
 * The task control of a call that is not (and cannot become) a task.
 *
 * @example
 * if (ctx.task === NO_TASK) console.log('an ordinary call');
 */
export const NO_TASK: TaskControl = Object.freeze({
  id: undefined,
  start: () => Promise.resolve(),
  setStatusMessage: () => Promise.resolve(),
});
