/**
 * A client that runs tools as tasks: it waits for a long export while
 * printing each status, confirms a purge when asked, answers a question a
 * running task asks, and cancels a task it no longer wants. The same code
 * works against a 2026-07-28 server (the tasks extension) and a 2025-11-25
 * one (core tasks).
 *
 *   node --import tsx examples/task-client.ts [URL]
 *
 * Without a URL it serves examples/tasks.ts on a free port first and talks to that.
 */
import { Client, type TaskState } from '../src/entries/client.js';
import { serveHttp } from '../src/entries/node.js';
import { runIfMain } from './command-line.js';
import { createTasksServer } from './tasks.js';

/** What the run printed, line by line (also written to stderr). */
export type Log = (line: string) => void;

/** Runs the tour against the server at `url`. */
export async function runTaskClient(url: string | URL, log: Log): Promise<void> {
  const client = await Client.connect(url, {
    // Let the server run any task-capable tool as a task (task-only tools work without this).
    tasks: true,
    // The questions tasks ask reach the same handler as any other elicitation: say yes to each.
    onElicit: async (request) => {
      log(`asked: ${request.message} -> yes`);
      const fields = 'requestedSchema' in request ? Object.keys(request.requestedSchema.properties) : [];
      return { action: 'accept', content: Object.fromEntries(fields.map((field) => [field, true])) };
    },
  });
  const show = (state: TaskState) =>
    log(`  ${state.status}${state.statusMessage ? `: ${state.statusMessage}` : ''}`);
  try {
    // 1. Wait for a task-capable tool, watching it move.
    log('export_report (waits for the task)');
    const report = await client.callTool('export_report', { quarter: 'Q3' }, { onTaskStatus: show });
    log(`result: ${textOf(report.content)}`);

    // 2. A task-only tool that asks first, then runs as a task.
    log('purge_archive (confirms, then runs as a task)');
    const purged = await client.callTool('purge_archive', { olderThanDays: 90 }, { onTaskStatus: show });
    log(`result: ${textOf(purged.content)}`);

    // 3. A handle: follow the task yourself; its question is answered through onElicit.
    log('publish_post (a handle, followed by iteration)');
    const post = await client.callToolTask('publish_post', { title: 'Tasks are here' });
    for await (const state of post) show(state);
    log(`result: ${textOf((await post.result()).content)}`);

    // 4. Cancel a task that is no longer wanted.
    log('export_report, cancelled');
    const unwanted = await client.callToolTask('export_report', { quarter: 'Q4' });
    await unwanted.cancel();
    log(`  ${unwanted.state.status}`);
  } finally {
    await client.close();
  }
}

function textOf(content: readonly { type: string }[]): string {
  return content.map((block) => ('text' in block ? String(block.text) : `[${block.type}]`)).join(' ');
}

/** `node --import tsx examples/task-client.ts [URL]` */
export async function main(argv: readonly string[]): Promise<void> {
  const log: Log = (line) => process.stderr.write(`${line}\n`);
  const [url] = argv;
  if (url) return runTaskClient(url, log);
  const server = createTasksServer();
  const running = await serveHttp(server, { port: 0 });
  try {
    await runTaskClient(running.url, log);
  } finally {
    server.close();
    await running.close();
  }
}

runIfMain(import.meta.url, main);
