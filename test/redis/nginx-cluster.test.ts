/**
 * Three `everything-server --redis` processes behind a real nginx balancing
 * round-robin with no stickiness (issue 14's cluster test, the 2026-07-28
 * parts): mcpkit's `Client` talks only to nginx. Concurrently: 50 Multi
 * Round-Trip calls whose rounds land on different processes; 30 listen
 * streams hearing 50 `resources/updated` raised through the balancer (so by
 * every process); 60 tasks, cancelled and answered with `tasks/update`
 * through the balancer. Midway one process is killed with SIGKILL: its tasks
 * fail once their leases run out, the streams on the other processes lose
 * nothing (its own are reopened elsewhere), and only the requests in flight
 * on it fail. Alongside, a 2025-11-25 session (one `initialize`, never
 * again) whose requests land on every process: tool calls, elicitations
 * answered through another process than the one asking, request streams the
 * server closes resumed with `Last-Event-ID` through another process, and a
 * GET stream hearing `resources/updated` raised anywhere, before and after
 * the kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ClusterNote,
  clusterNoteKey,
  EVERYTHING_SERVER_KEY_PREFIX,
} from '../../conformance/everything-server.js';
import { Client, type TaskHandle } from '../../src/entries/client.js';
import { RedisLink } from '../../src/entries/redis.js';
import { LEASE_EXPIRED_ERROR } from '../../src/entries/server.js';
import { describeWithNginx, type NginxProcess, startNginx } from '../helpers/nginx.js';
import {
  describeWithRedis,
  freePort,
  type RedisServerProcess,
  startRedisServer,
} from '../helpers/redis-server.js';

const script = fileURLToPath(new URL('../../conformance/everything-server.ts', import.meta.url));
const secret = 'an-nginx-cluster-test-secret-of-44-characters';
/** The task lease of every instance: a killed instance's tasks fail 3 to 4 s after its last renewal. */
const LEASE_MS = 3000;
/** The reaper's period, `leaseMs / 3` (the backplane's default). */
const REAP_INTERVAL_MS = LEASE_MS / 3;

/** One everything-server child process. */
interface Instance {
  port: number;
  child: ChildProcess;
}

/** Starts an instance on a free port sharing state through `redisUrl`; resolves once it listens. */
async function startInstance(redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      script,
      '--port',
      String(port),
      '--redis',
      redisUrl,
      '--state-secret',
      secret,
      '--task-lease-ms',
      String(LEASE_MS),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance on ${port} did not start: ${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance on ${port} exited (${code}): ${stderr}`));
    });
  });
  return { port, child };
}

/** Stops `instance` (SIGTERM, SIGKILL after three seconds) and resolves once it has exited. */
function stopInstance({ child }: Instance): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    if (child.pid) process.kill(child.pid, 'SIGTERM');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ready()` holds, checking every `everyMs`; fails saying `what` after `ms`. */
async function until(
  what: string,
  ready: () => boolean | Promise<boolean>,
  ms: number,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(everyMs);
  }
}

/** One Multi Round-Trip call: the tool asks for input, `onElicit` answers, the retry completes. */
async function elicitationCall(client: Client, n: number): Promise<void> {
  const result = await client.callTool('test_elicitation', { message: `Who is ${n}?` });
  expect(result.isError).toBeFalsy();
  expect(result.content).toEqual([
    {
      type: 'text',
      text: `User response: action=accept, content={"username":"answer to Who is ${n}?","email":"who@example.com"}`,
    },
  ]);
}

/** One line of nginx's access log (see test/helpers/nginx.ts for its format). */
interface LogLine {
  /** The upstreams tried, in order (more than one when a connection was refused). */
  upstreams: string[];
  status: number;
  method: string;
  name: string;
}

function accessLines(log: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of log.split('\n')) {
    const match = /^(.+?) (\d{3}) (.+?) "([^"]*)" "([^"]*)"$/.exec(line);
    if (!match) continue;
    lines.push({
      upstreams: match[1]!.split(', '),
      status: Number(match[2]),
      method: match[4]!,
      name: match[5]!,
    });
  }
  return lines;
}

/** The process of `text` ("... by process 1234 ..."). */
function pidIn(text: string): number {
  const match = /by process (\d+)/.exec(text);
  if (!match) throw new Error(`no process in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

const UPDATES = 50;
/** URIs beyond the 50 for updates whose call failed (in flight on the killed process), raised again under the next. */
const SPARE_UPDATES = 10;
const updateUri = (n: number) => `test://cluster/update/${n}`;
/** What the 2025 session subscribes to (`/0` to `/5`); no listen stream does. */
const SESSION_URI = 'test://cluster/session';

describeWithRedis('a cluster behind nginx', () => {
  describeWithNginx('three --redis everything-server processes behind nginx round-robin', () => {
    let redis: RedisServerProcess;
    let nginx: NginxProcess;
    /** Answers every question itself (Multi Round-Trip rounds, a task's input requests). */
    let client: Client;
    /** Leaves a task's questions to the test (`task.update`). */
    let manual: Client;
    /** Reads what the `cluster_job` handlers noted. */
    let link: RedisLink;
    /** A 2025-11-25 session through the same balancer. */
    let legacy: Client;
    /** Each HTTP request of the 2025 session, in order, with the upstream nginx sent it to. */
    const legacySeen: {
      httpMethod: string;
      rpc?: string;
      status: number;
      upstream: string;
      lastEventId?: string;
      at: number;
    }[] = [];
    /** The `resources/updated` the 2025 session heard (on its GET stream). */
    const sessionUpdates: string[] = [];
    const instances: Instance[] = [];

    beforeAll(async () => {
      redis = await startRedisServer();
      instances.push(...(await Promise.all([0, 1, 2].map(() => startInstance(redis.url)))));
      nginx = await startNginx(
        instances.map((instance) => instance.port),
        { failTimeout: '60s' },
      );
      const options = {
        protocolVersion: '2026-07-28',
        timeoutMs: 20_000,
        warn: () => {},
        // cluster_job asks for `response`; test_elicitation for `username` and `email`.
        onElicit: async ({ message, requestedSchema }: { message: string; requestedSchema?: unknown }) => {
          const fields = Object.keys(
            (requestedSchema as { properties?: object } | undefined)?.properties ?? {},
          );
          const content: Record<string, string> = fields.includes('response')
            ? { response: `answer to ${message}` }
            : { username: `answer to ${message}`, email: 'who@example.com' };
          return { action: 'accept' as const, content };
        },
      };
      client = await Client.connect(nginx.url, options);
      manual = await Client.connect(nginx.url, { ...options, inputMode: 'manual' });
      link = new RedisLink({ url: redis.url, keyPrefix: EVERYTHING_SERVER_KEY_PREFIX });
      const recording: typeof fetch = async (input, init) => {
        const at = Date.now();
        const response = await fetch(input, init);
        let rpc: string | undefined;
        if (typeof init?.body === 'string') {
          const message = JSON.parse(init.body) as { method?: string };
          rpc = message.method ?? 'response';
        }
        legacySeen.push({
          httpMethod: init?.method ?? 'GET',
          rpc,
          status: response.status,
          upstream: response.headers.get('x-upstream') ?? '',
          lastEventId: new Headers(init?.headers).get('last-event-id') ?? undefined,
          at,
        });
        return response;
      };
      legacy = await Client.connect(nginx.url, {
        protocolVersion: '2025-11-25',
        timeoutMs: 20_000,
        fetch: recording,
        warn: () => {},
        onElicit: async ({ message }: { message: string }) => ({
          action: 'accept' as const,
          content: { username: `2025 answer to ${message}`, email: 'who@example.com' },
        }),
        onNotification: ({ method, params }) => {
          if (method === 'notifications/resources/updated') sessionUpdates.push(String(params?.uri));
        },
      });
    }, 60_000);

    afterAll(async () => {
      await client?.close();
      await manual?.close();
      await legacy?.close();
      await link?.close();
      await nginx?.stop();
      await Promise.all(instances.map(stopInstance));
      await redis?.stop();
    });

    /** What a `cluster_job` handler noted about `label`, if anything yet. */
    const noted = (note: ClusterNote, label: string) =>
      link.run('read a note', (r) => r.get(clusterNoteKey(link, note, label)));

    it('serves MRTR calls, 30 listen streams, 60 tasks and a 2025 session concurrently, and loses only what was in flight on a killed process', async () => {
      // Whatever happens, no stream stays open and no call keeps going once the test ends.
      const teardown: (() => void)[] = [];
      try {
        // ---------------------------------------------------------------- 30 listen streams
        // Each on whichever process nginx picked, subscribed to every update's URI. A stream whose
        // process dies is reopened by the client (on another process): it is acknowledged again.
        const streams = Array.from({ length: 30 }, () => {
          const controller = new AbortController();
          const heard: string[] = [];
          let acks = 0;
          /** When the stream was acknowledged again, reopened on another process. */
          let reopenedAt = 0;
          let failure: unknown;
          teardown.push(() => controller.abort());
          const done = (async () => {
            for await (const notification of client.listen(
              {
                resourceSubscriptions: Array.from({ length: UPDATES + SPARE_UPDATES }, (_, n) =>
                  updateUri(n),
                ),
              },
              { signal: controller.signal },
            )) {
              if (notification.method === 'notifications/subscriptions/acknowledged') {
                if (++acks === 2) reopenedAt = Date.now();
              } else if (notification.method === 'notifications/resources/updated')
                heard.push(String(notification.params?.uri));
            }
          })().catch((error: unknown) => {
            failure = error;
          });
          return {
            controller,
            heard,
            get acks() {
              return acks;
            },
            get reopenedAt() {
              return reopenedAt;
            },
            get failure() {
              return failure;
            },
            done,
          };
        });
        // An acknowledged stream is subscribed: it hears every change raised from now on.
        await until('every listen stream acknowledged', () => streams.every((s) => s.acks === 1), 10_000);

        // ---------------------------------------------------------------- the kill, once phase one is done
        /** When SIGKILL was sent, and when the process was seen gone (its exit reported). */
        let killAt = 0;
        let goneAt = 0;
        let markKilled!: () => void;
        const afterKill = new Promise<void>((resolve) => {
          markKilled = resolve;
        });

        // ---------------------------------------------------------------- 50 updates, through the balancer
        // One after another, each answered once Redis took it: 25 before the kill, 25 from the
        // moment of the kill on. An update whose call fails (in flight on the killed process; it may
        // or may not have been announced) is raised again under the next URI.
        const raised: { n: number; startedAt: number; endedAt: number; pid?: number; error?: unknown }[] = [];
        let nextUpdate = 0;
        const raiseUntil = async (successes: number, gapMs: number) => {
          while (raised.filter((r) => r.error === undefined).length < successes) {
            if (nextUpdate >= UPDATES + SPARE_UPDATES) throw new Error('too many updates failed');
            const n = nextUpdate++;
            const startedAt = Date.now();
            try {
              const result = await client.callTool('cluster_touch', { uri: updateUri(n) });
              const text = (result.content[0] as { text: string }).text;
              expect(text).toBe(`${updateUri(n)} updated by process ${pidIn(text)}`);
              raised.push({ n, startedAt, endedAt: Date.now(), pid: pidIn(text) });
            } catch (error) {
              raised.push({ n, startedAt, endedAt: Date.now(), error });
            }
            await sleep(gapMs);
          }
        };
        const firstHalf = raiseUntil(UPDATES / 2, 50);
        const secondHalf = (async () => {
          await afterKill;
          await raiseUntil(UPDATES, 100);
        })();

        // ---------------------------------------------------------------- a 2025-11-25 session
        // Elicitations (the question on the call's stream, the answer POSTed wherever nginx
        // sends it), request streams the server closes and the client resumes with Last-Event-ID
        // (wherever nginx sends the GET), and resource updates raised through the 2026 client (so
        // by any process) reaching the session's GET stream (on one process).
        const legacyCalls = async (label: string, elicitations: number, reconnections: number) => {
          for (let n = 0; n < elicitations; n++) {
            const message = `${label} question ${n}`;
            const result = await legacy.callTool('test_elicitation', { message });
            expect(result.content).toEqual([
              {
                type: 'text',
                text: `User response: action=accept, content={"username":"2025 answer to ${message}","email":"who@example.com"}`,
              },
            ]);
          }
          for (let n = 0; n < reconnections; n++) {
            const result = await legacy.callTool('test_reconnection');
            expect(result.content).toEqual([{ type: 'text', text: 'Reconnection test completed' }]);
          }
        };
        const touchSession = async (n: number) => {
          const uri = `${SESSION_URI}/${n}`;
          await client.callTool('cluster_touch', { uri });
          await until(`the 2025 session heard ${uri}`, () => sessionUpdates.includes(uri), 5000);
        };
        await legacy.request('resources/subscribe', { uri: `${SESSION_URI}/0` });
        for (let n = 1; n < 6; n++)
          await legacy.request('resources/subscribe', { uri: `${SESSION_URI}/${n}` });
        await until(
          'the 2025 GET stream open',
          () => legacySeen.some((r) => r.httpMethod === 'GET' && r.status === 200),
          5000,
        );
        await sleep(200);
        const sessionBeforeKill = (async () => {
          await legacyCalls('before', 10, 8);
          for (let n = 0; n < 3; n++) await touchSession(n);
        })();

        // ---------------------------------------------------------------- 50 MRTR calls
        const mrtr = Promise.all(Array.from({ length: 50 }, (_, n) => elicitationCall(client, n)));

        // ---------------------------------------------------------------- 60 tasks
        const job = (c: Client, label: string, seconds: number, ask = false) =>
          c.callToolTask('cluster_job', { label, seconds, ask });
        const startedOn = async (label: string) => {
          let pid: string | null = null;
          await until(
            `${label} started`,
            async () => {
              pid = await noted('started', label);
              return pid !== null;
            },
            15_000,
            100,
          );
          return Number(pid);
        };

        // 20 cancelled while they work: each handler notes when its signal aborted.
        const cancelled = Promise.all(
          Array.from({ length: 20 }, async (_, n) => {
            const label = `cancel ${n}`;
            const task = await job(client, label, 60);
            const pid = await startedOn(label);
            const sentAt = Date.now();
            await task.cancel();
            task.dispose();
            return { label, taskId: task.taskId, pid, sentAt };
          }),
        );

        // 20 that ask for input: the client answers through tasks/update, the handler resumes with it.
        const answered = Promise.all(
          Array.from({ length: 20 }, async (_, n) => {
            const label = `input ${n}`;
            const task = await job(client, label, 0.1, true);
            const result = await task.result();
            const text = (result.content[0] as { text: string }).text;
            expect(text).toBe(
              `${label} finished by process ${pidIn(text)}, told answer to Input for ${label}`,
            );
            // Resumed in the process that asked.
            expect(pidIn(text)).toBe(await startedOn(label));
            task.dispose();
            return task.taskId;
          }),
        );

        // 10 that ask for input and are answered only after the kill: waiting at the kill.
        const held = Promise.all(
          Array.from({ length: 10 }, async (_, n) => {
            const label = `held ${n}`;
            const task = await job(manual, label, 0.5, true);
            await until(
              `${label} waiting for input`,
              async () => (await task.get()).status === 'input_required',
              15_000,
              250,
            );
            return { label, task, pid: await startedOn(label) };
          }),
        );

        const phaseOne = await Promise.all([cancelled, answered, held, mrtr, firstHalf, sessionBeforeKill]);
        const heldTasks = phaseOne[2];
        const beforeKill = raised.filter((r) => r.error === undefined).map((r) => updateUri(r.n));
        await until(
          'every stream heard the updates raised before the kill',
          () => streams.every((stream) => beforeKill.every((uri) => stream.heard.includes(uri))),
          10_000,
        );

        // 10 working when the kill comes.
        const working = await Promise.all(
          Array.from({ length: 10 }, async (_, n) => {
            const label = `working ${n}`;
            const task = await job(client, label, 3);
            return { label, task, pid: await startedOn(label) };
          }),
        );

        // Both rounds of every MRTR call went through nginx; they were not all served by one process.
        const rounds = accessLines(nginx.accessLog()).filter(
          (line) => line.method === 'tools/call' && line.name === 'test_elicitation',
        );
        expect(rounds.length).toBeGreaterThanOrEqual(100);
        expect(new Set(rounds.map((line) => line.upstreams.join())).size).toBeGreaterThanOrEqual(2);

        // ---------------------------------------------------------------- the kill
        // The process running the most of the held and working tasks (at least one of each).
        const load = instances.map((instance) => ({
          instance,
          held: heldTasks.filter((t) => t.pid === instance.child.pid).length,
          working: working.filter((t) => t.pid === instance.child.pid).length,
        }));
        const victim = load
          .filter((l) => l.held > 0 && l.working > 0)
          .sort((a, b) => b.held + b.working - (a.held + a.working))[0];
        if (!victim) throw new Error(`no process runs both held and working tasks: ${JSON.stringify(load)}`);
        const killed = victim.instance;
        const killedPort = `127.0.0.1:${killed.port}`;

        // MRTR calls going on across the kill: only those in flight on the killed process may fail.
        let probing = true;
        teardown.push(() => {
          probing = false;
        });
        const probes: { startedAt: number; endedAt: number; error?: unknown }[] = [];
        const prober = Promise.all(
          Array.from({ length: 6 }, async (_, lane) => {
            for (let n = 0; probing; n++) {
              const startedAt = Date.now();
              try {
                await elicitationCall(client, 1000 + lane * 1000 + n);
                probes.push({ startedAt, endedAt: Date.now() });
              } catch (error) {
                probes.push({ startedAt, endedAt: Date.now(), error });
              }
            }
          }),
        );
        await sleep(300);
        const exited = new Promise<void>((resolve) => killed.child.once('exit', () => resolve()));
        killed.child.kill('SIGKILL');
        killAt = Date.now();
        markKilled();
        await exited;
        goneAt = Date.now();

        // The streams that were on it are reopened elsewhere.
        const onKilled = () =>
          accessLines(nginx.accessLog()).filter(
            (l) => l.method === 'subscriptions/listen' && l.upstreams.at(-1) === killedPort,
          ).length;
        await until('streams of the killed process ended at nginx', () => onKilled() > 0, 5000);
        await until(
          'the streams of the killed process reopened',
          () => streams.filter((s) => s.acks === 2).length === onKilled(),
          10_000,
        );
        setTimeout(() => {
          probing = false;
        }, 1500);

        // Each held task of a surviving process gets its answer through the balancer now, while the
        // killed process's tasks still wait for their leases to run out.
        const survivorsHeld = heldTasks.filter((t) => t.pid !== killed.child.pid);
        const killedHeld = heldTasks.filter((t) => t.pid === killed.child.pid);
        await Promise.all(
          survivorsHeld.map(async ({ label, task }) => {
            const key = Object.keys(task.state.inputRequests ?? {})[0]!;
            await task.update({
              [key]: { action: 'accept', content: { response: `late answer to ${label}` } },
            });
          }),
        );

        // How each task still running at the kill ended, waited on together (a task left running
        // would keep its wait open: give up well past the lease and the reaper's period).
        const endOf = async (task: TaskHandle) => {
          try {
            return { result: await task.result({ signal: AbortSignal.timeout(LEASE_MS * 5) }) };
          } catch (error) {
            return { error };
          }
        };
        const ends = new Map([...heldTasks, ...working].map(({ task }) => [task, endOf(task)]));

        // The 2025 session goes on: its GET stream, if it was on the killed process, is opened
        // again on another (by the client, on its own), and nothing asks it to start over.
        const sessionAfterKill = (async () => {
          await until(
            'the 2025 GET stream open on a live process',
            () => {
              const gets = legacySeen.filter((r) => r.httpMethod === 'GET' && r.lastEventId === undefined);
              const last = gets.at(-1);
              return (
                last !== undefined &&
                last.status === 200 &&
                (last.upstream !== killedPort || last.at > goneAt)
              );
            },
            10_000,
          );
          await sleep(300);
          await legacyCalls('after', 4, 2);
          for (let n = 3; n < 6; n++) await touchSession(n);
        })();

        await Promise.all([secondHalf, prober, sessionAfterKill, ...ends.values()]);

        // ---------------------------------------------------------------- what the tasks did
        for (const { label, task, pid } of survivorsHeld) {
          const { result } = await ends.get(task)!;
          expect(result?.content).toEqual([
            { type: 'text', text: `${label} finished by process ${pid}, told late answer to ${label}` },
          ]);
        }
        for (const { label, task, pid } of working.filter((t) => t.pid !== killed.child.pid)) {
          const { result } = await ends.get(task)!;
          expect(result?.content).toEqual([{ type: 'text', text: `${label} finished by process ${pid}` }]);
        }
        // The killed process's tasks, waiting or working: failed by a surviving reaper within the
        // lease and the reaper's period after the kill (a second more for timers on a loaded machine).
        const lost = [...killedHeld, ...working.filter((t) => t.pid === killed.child.pid)];
        for (const { task } of lost) {
          const { error } = await ends.get(task)!;
          expect(String((error as Error | undefined)?.message)).toContain(LEASE_EXPIRED_ERROR.message);
          expect(task.state.status).toBe('failed');
          const failedAt = Date.parse(task.state.lastUpdatedAt);
          expect(failedAt).toBeGreaterThan(killAt);
          expect(failedAt - killAt).toBeLessThanOrEqual(LEASE_MS + REAP_INTERVAL_MS + 1000);
        }

        // Each cancel aborted its handler, in the process running it, within a second.
        for (const { label, pid, sentAt } of phaseOne[0]) {
          const aborted = JSON.parse((await noted('aborted', label)) ?? 'null') as {
            pid: number;
            at: number;
          } | null;
          expect(aborted, `${label} was not aborted`).not.toBeNull();
          expect(aborted?.pid).toBe(pid);
          expect(aborted!.at).toBeGreaterThanOrEqual(sentAt);
          expect(aborted!.at - sentAt).toBeLessThan(1000);
        }
        // Cancels and updates went through the balancer, reaching more than one process.
        const lines = accessLines(nginx.accessLog());
        for (const method of ['tasks/cancel', 'tasks/update']) {
          const served = lines.filter((l) => l.method === method && l.status === 200);
          expect(new Set(served.map((l) => l.upstreams.at(-1))).size, method).toBeGreaterThanOrEqual(2);
        }
        // The jobs ran on more than one process.
        expect(new Set(phaseOne[0].map((t) => t.pid)).size).toBeGreaterThanOrEqual(2);

        // Every task is final, read through the balancer; none is left working or waiting.
        const expected = new Map<string, string>([
          ...phaseOne[0].map((t) => [t.taskId, 'cancelled'] as const),
          ...phaseOne[1].map((id) => [id, 'completed'] as const),
          ...survivorsHeld.map((t) => [t.task.taskId, 'completed'] as const),
          ...working
            .filter((t) => t.pid !== killed.child.pid)
            .map((t) => [t.task.taskId, 'completed'] as const),
          ...lost.map((t) => [t.task.taskId, 'failed'] as const),
        ]);
        expect(expected.size).toBe(60);
        const finals = await Promise.all(
          [...expected.keys()].map(async (taskId) => [taskId, (await client.task(taskId)).state.status]),
        );
        expect(new Map(finals as [string, string][])).toEqual(expected);
        for (const t of [...heldTasks, ...working]) t.task.dispose();

        // ---------------------------------------------------------------- what the streams heard
        const announced = raised.filter((r) => r.error === undefined);
        const lostCalls = raised.filter((r) => r.error !== undefined);
        expect(announced).toHaveLength(UPDATES);
        // An update call failed only when it was in flight on the killed process.
        for (const call of lostCalls) {
          expect(call.startedAt, String(call.error)).toBeLessThan(goneAt);
          expect(call.endedAt, String(call.error)).toBeGreaterThanOrEqual(killAt);
        }
        // Updates came from every process before the kill, and from the two survivors after it.
        const pids = instances.map((instance) => instance.child.pid);
        const survivorPids = pids.filter((pid) => pid !== killed.child.pid);
        expect(new Set(announced.filter((r) => r.endedAt < killAt).map((r) => r.pid))).toEqual(new Set(pids));
        expect(new Set(announced.filter((r) => r.startedAt > goneAt).map((r) => r.pid))).toEqual(
          new Set(survivorPids),
        );
        // Long enough for a stray duplicate to arrive, were there one.
        await sleep(500);
        const announcedUris = announced.map((r) => updateUri(r.n));
        const maybe = new Set(lostCalls.map((r) => updateUri(r.n)));
        const surviving = streams.filter((s) => s.acks === 1);
        const reopened = streams.filter((s) => s.acks === 2);
        expect(reopened).toHaveLength(onKilled());
        expect(surviving.length + reopened.length).toBe(streams.length);
        for (const stream of streams) {
          // Nothing twice, nothing that was not raised.
          expect(new Set(stream.heard).size).toBe(stream.heard.length);
          for (const uri of stream.heard) expect(announcedUris.includes(uri) || maybe.has(uri)).toBe(true);
        }
        // A stream on a surviving process lost nothing across the kill: each of the 50 updates,
        // once; and all of them heard the same (an update whose call failed reached all or none).
        for (const stream of surviving) {
          expect(stream.heard.filter((uri) => !maybe.has(uri)).sort()).toEqual([...announcedUris].sort());
          expect([...stream.heard].sort()).toEqual([...surviving[0]!.heard].sort());
        }
        // A reopened stream heard everything before the kill and everything raised once it was
        // acknowledged again.
        for (const stream of reopened) {
          const due = announced
            .filter((r) => beforeKill.includes(updateUri(r.n)) || r.startedAt >= stream.reopenedAt)
            .map((r) => updateUri(r.n));
          for (const uri of due) expect(stream.heard).toContain(uri);
        }
        expect(
          announced.filter((r) => r.startedAt >= Math.max(...reopened.map((s) => s.reopenedAt))),
        ).not.toHaveLength(0);
        for (const stream of streams) stream.controller.abort();
        await Promise.all(streams.map((stream) => stream.done));
        for (const stream of streams) expect(stream.failure).toBeUndefined();

        // ---------------------------------------------------------------- only what was in flight failed
        const failures = probes.filter((p) => p.error !== undefined);
        // A request sent before the process was gone may have reached it; none sent later failed.
        for (const failure of failures) {
          expect(failure.startedAt, String(failure.error)).toBeLessThan(goneAt);
          expect(failure.endedAt, String(failure.error)).toBeGreaterThanOrEqual(killAt);
        }
        expect(probes.filter((p) => p.startedAt > goneAt).length).toBeGreaterThan(0);
        // Each request nginx could not complete was on the killed process (and none other).
        const broken = accessLines(nginx.accessLog()).filter((l) => l.status >= 500);
        for (const line of broken) expect(line.upstreams).toEqual([killedPort]);
        expect(failures.length).toBeLessThanOrEqual(
          broken.filter((l) => l.method === 'tools/call' && l.name === 'test_elicitation').length,
        );
        expect(killed.child.signalCode).toBe('SIGKILL');

        // ---------------------------------------------------------------- the 2025 session
        // One initialize, never a 404 (which would have made the client start over).
        expect(legacySeen.filter((r) => r.rpc === 'initialize')).toHaveLength(1);
        expect(legacySeen.filter((r) => r.status === 404)).toEqual([]);
        // Its requests reached every process.
        expect(new Set(legacySeen.filter((r) => r.upstream !== '').map((r) => r.upstream)).size).toBe(3);
        // Some elicitation answer went to another process than the call that asked.
        const pairs: [string, string][] = [];
        legacySeen.forEach((r, i) => {
          if (r.rpc !== 'response') return;
          const call = legacySeen.slice(0, i).findLast((c) => c.rpc === 'tools/call');
          if (call) pairs.push([call.upstream, r.upstream]);
        });
        expect(pairs.length).toBeGreaterThanOrEqual(14);
        expect(pairs.some(([asked, answered]) => asked !== answered)).toBe(true);
        // Some closed stream was resumed (Last-Event-ID) through another process than the one running the call.
        const resumes: [string, string][] = [];
        legacySeen.forEach((r, i) => {
          if (r.lastEventId === undefined) return;
          const call = legacySeen.slice(0, i).findLast((c) => c.rpc === 'tools/call');
          if (call) resumes.push([call.upstream, r.upstream]);
        });
        expect(resumes.length).toBeGreaterThanOrEqual(10);
        expect(resumes.some(([ran, resumed]) => ran !== resumed)).toBe(true);
        // Every update it subscribed to, once each.
        expect([...sessionUpdates].sort()).toEqual(
          Array.from({ length: 6 }, (_, n) => `${SESSION_URI}/${n}`),
        );
      } finally {
        for (const stop of teardown) stop();
      }
    }, 120_000);
  });
});
