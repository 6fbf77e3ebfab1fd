/**
 * The CLI and tasks, end to end over HTTP on both wires: `call` on a tool the
 * server runs as a task (status on stderr, the result on stdout, `--json` the
 * final task state, Ctrl-C cancelling the task on the server), `tools`
 * marking task tools, and `tasks get|result|cancel|list`. 2026-07-28 runs
 * against examples/tasks.ts (the tasks extension); 2025-11-25 against the
 * official SDK v1 server with its experimental task store (core tasks).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTasksServer } from '../../examples/tasks.js';
import { Client } from '../../src/entries/client.js';
import type { RunningHttpServer } from '../../src/entries/node.js';
import type { ServerContext } from '../../src/entries/server.js';
import { finished, runCli, serve, startCli, waitForOutput } from './cli-harness.js';
import { type LegacyTaskServer, startLegacyTaskServer } from './legacy-task-server.js';

const SLOW = 120_000;

/** Task ids whose handler saw its signal abort (examples/tasks.ts plus `hold`). */
const aborted: string[] = [];
let modern: RunningHttpServer;
let url: string;
let legacy: LegacyTaskServer;
let client: Client;

beforeAll(async () => {
  const server = createTasksServer(100);
  // Runs as a task until it is cancelled.
  server.registerTool(
    'hold',
    { description: 'Holds until cancelled.', execution: { taskSupport: 'required' } },
    (ctx: ServerContext) =>
      new Promise((_resolve, reject) => {
        void ctx.task.setStatusMessage('holding');
        ctx.signal.addEventListener('abort', () => {
          aborted.push(ctx.task.id ?? '(no task)');
          reject(ctx.signal.reason);
        });
      }),
  );
  modern = await serve(server);
  url = modern.url.href;
  legacy = await startLegacyTaskServer(1500);
  client = await Client.connect(url);
});

afterAll(async () => {
  await client?.close();
  await modern?.close();
  await legacy?.close();
});

/** The id in `mcpkit: task <id>: ...` on stderr. */
function taskIdIn(stderr: string): string {
  const id = /mcpkit: task (\S+): /.exec(stderr)?.[1];
  if (!id) throw new Error(`no task id in: ${stderr}`);
  return id;
}

describe.concurrent('2026-07-28: the tasks extension', () => {
  it('call on a task-only tool shows its status, then prints the result', { timeout: SLOW }, async () => {
    const run = await runCli([
      'call',
      'purge_archive',
      '--arg',
      'olderThanDays=45',
      '--elicit-json',
      '{"confirm":true}',
      url,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Purged records older than 45 days.\n');
    expect(run.stderr).toMatch(/^mcpkit: task \S+: working: Purging \(Ctrl-C cancels it\)$/m);
    expect(run.stderr).toMatch(/^mcpkit: task \S+: completed$/m);
  });

  it('call --json prints the final task state, the result under result', { timeout: SLOW }, async () => {
    const run = await runCli([
      'call',
      'purge_archive',
      '--arg',
      'olderThanDays=60',
      '--elicit-json',
      '{"confirm":true}',
      '--json',
      url,
    ]);
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout);
    expect(state).toMatchObject({
      taskId: taskIdIn(run.stderr),
      status: 'completed',
      ttlMs: 3_600_000,
      pollIntervalMs: 500,
      result: { content: [{ type: 'text', text: 'Purged records older than 60 days.' }] },
    });
  });

  it('a call the tool answers without a task prints as before', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'purge_archive', '--arg', 'olderThanDays=45', '--json', url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).content).toEqual([{ type: 'text', text: 'Nothing deleted.' }]);
    expect(run.stderr).not.toMatch(/task/);
  });

  it('Ctrl-C cancels the task on the server before the CLI exits', { timeout: SLOW }, async () => {
    const child = startCli(['call', 'hold', url]);
    const run = finished(child, SLOW);
    const seen = await waitForOutput(child.stderr!, /Ctrl-C cancels it/);
    const taskId = taskIdIn(seen);
    child.kill('SIGINT');
    const { code, stderr, stdout } = await run;
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toContain(`mcpkit: cancelled task ${taskId}.`);
    // The cancel was answered before the CLI exited: the handler was already aborted.
    expect(aborted).toContain(taskId);
    expect((await client.task(taskId)).state.status).toBe('cancelled');
  });

  it('tools says the listing does not tell which tools run as tasks', { timeout: SLOW }, async () => {
    const run = await runCli(['tools', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^purge_archive\s/m);
    expect(run.stdout).not.toMatch(/task-only|task-capable/);
    expect(run.stderr).toMatch(/may run tools as tasks .*does not say which/);
  });

  it('tasks get and tasks result', { timeout: SLOW }, async () => {
    const task = await client.callToolTask('export_report', { quarter: 'Q2' });
    const waited = await runCli(['tasks', 'result', task.taskId, url]);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toBe('Report for Q2 is ready.\n');
    const human = await runCli(['tasks', 'get', task.taskId, url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^Task +${task.taskId}$`, 'm'));
    expect(human.stdout).toMatch(/^Status +completed: Q2: rendering$/m);
    expect(human.stdout).toMatch(/^Result:\nReport for Q2 is ready\.$/m);
    const json = await runCli(['tasks', 'get', task.taskId, '--json', url]);
    expect(JSON.parse(json.stdout)).toMatchObject({ taskId: task.taskId, status: 'completed' });
    const resultJson = await runCli(['tasks', 'result', task.taskId, '--json', url]);
    expect(JSON.parse(resultJson.stdout).content).toEqual([
      { type: 'text', text: 'Report for Q2 is ready.' },
    ]);
    task.dispose();
  });

  it('tasks result: Ctrl-C stops waiting and leaves the task running', { timeout: SLOW }, async () => {
    const task = await client.callToolTask('hold');
    const child = startCli(['tasks', 'result', task.taskId, url]);
    const run = finished(child, SLOW);
    await waitForOutput(child.stderr!, /Ctrl-C stops waiting/);
    child.kill('SIGINT');
    const { code, stderr } = await run;
    expect(code).toBe(130);
    expect(stderr).toContain(`mcpkit: stopped waiting; task ${task.taskId} goes on`);
    expect((await task.get()).status).toBe('working');
    await task.cancel();
    task.dispose();
  });

  it('tasks cancel cancels a running task, and says so for one that ended', { timeout: SLOW }, async () => {
    const task = await client.callToolTask('hold');
    const run = await runCli(['tasks', 'cancel', task.taskId, '--json', url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    expect(run.stderr).toContain(`mcpkit: cancelled task ${task.taskId}.`);
    await vi.waitFor(() => expect(aborted).toContain(task.taskId));
    const again = await runCli(['tasks', 'cancel', task.taskId, url]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Status +cancelled/m);
    expect(again.stderr).toMatch(/had already ended \(cancelled\); nothing to cancel/);
    task.dispose();
  });

  it('tasks list has no listing on 2026-07-28; an unknown id is an error', { timeout: SLOW }, async () => {
    const list = await runCli(['tasks', 'list', url]);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/2026-07-28 tasks extension has no tasks\/list/);
    const unknown = await runCli(['tasks', 'get', 'no-such-task', url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/The server answered with an error \(-32602\)/);
  });
});

describe.concurrent('2025-11-25: core tasks (official SDK v1 server)', () => {
  it('tools marks task-only and task-capable tools', { timeout: SLOW }, async () => {
    const human = await runCli(['tools', legacy.url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^crunch\s.*\n\s+steps: integer {2}\[task-only\]$/m);
    expect(human.stdout).toMatch(/^tally\s.*\n\s+steps: integer {2}\[task-capable\]$/m);
    expect(human.stdout).toMatch(/^plain\s.*\n\s+\(no arguments\)$/m);
    const json = await runCli(['tools', '--json', legacy.url]);
    const support = Object.fromEntries(
      JSON.parse(json.stdout).tools.map((tool: { name: string; execution?: { taskSupport?: string } }) => [
        tool.name,
        tool.execution?.taskSupport,
      ]),
    );
    expect(support).toEqual({ crunch: 'required', tally: 'optional', plain: 'forbidden' });
  });

  it('call on a task-only tool shows its status, then prints the result', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'crunch', '--arg', 'steps=2', legacy.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('crunched 2 steps\n');
    expect(run.stderr).toMatch(/^mcpkit: task \S+: working: step 1 of 2 \(Ctrl-C cancels it\)$/m);
    expect(run.stderr).toMatch(/^mcpkit: task \S+: completed$/m);
    const json = await runCli(['call', 'crunch', '--arg', 'steps=1', '--json', legacy.url]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      taskId: taskIdIn(json.stderr),
      status: 'completed',
      ttlMs: 60_000,
      result: { content: [{ type: 'text', text: 'crunched 1 steps' }] },
    });
    const plain = await runCli(['call', 'plain', '--json', legacy.url]);
    expect(JSON.parse(plain.stdout).content).toEqual([{ type: 'text', text: 'plain answer' }]);
  });

  it('Ctrl-C cancels the task on the server before the CLI exits', { timeout: SLOW }, async () => {
    const child = startCli(['call', 'crunch', '--arg', 'steps=30', legacy.url]);
    const run = finished(child, SLOW);
    const taskId = taskIdIn(await waitForOutput(child.stderr!, /Ctrl-C cancels it/));
    child.kill('SIGINT');
    const { code, stderr } = await run;
    expect(code).toBe(130);
    expect(stderr).toContain(`mcpkit: cancelled task ${taskId}.`);
    expect((await legacy.store.getTask(taskId))?.status).toBe('cancelled');
    // The work sees the cancellation at its next step.
    await vi.waitFor(() => expect(legacy.stopped.has(taskId)).toBe(true), { timeout: 10_000 });
  });

  it('tasks list lists the tasks', { timeout: SLOW }, async () => {
    // A task created outside any session is visible to every session.
    const task = await legacy.store.createTask({ ttl: 60_000 }, 1, {
      method: 'tools/call',
      params: { name: 'crunch' },
    });
    await legacy.store.updateTaskStatus(task.taskId, 'working', 'queued');
    const human = await runCli(['tasks', 'list', legacy.url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^${task.taskId} +working: queued +\\S+$`, 'm'));
    const json = await runCli(['tasks', 'list', '--json', legacy.url]);
    expect(JSON.parse(json.stdout).tasks).toContainEqual(
      expect.objectContaining({ taskId: task.taskId, status: 'working', statusMessage: 'queued' }),
    );
  });
});
