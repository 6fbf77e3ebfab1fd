/**
 * The soak run (issue 17): one soak server process (server.ts) under a paced mixed load
 * (load.ts) for minutes, its memory, handles and descriptors read every minute, and a
 * verdict at the end.
 *
 *   npm run soak -- --minutes 30 [--rate 200] [--json soak.json]
 *   npm run soak -- --seconds 4 --warmup-seconds 1 --keep-alive-seconds 1   # the harness test
 *
 * Exits 1 when a request went unanswered, a response was not the expected one, the server
 * crashed, a cancelled handler kept running, RSS at the end exceeds 1.5x the warm RSS, or
 * handles or descriptors at the end exceed the baseline (before any load) by more than HANDLE_TOLERANCE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { DriverMessage, ServerMessage, SlowHandlerCounts } from './ipc.js';
import { SoakLoad } from './load.js';
import type { ProcessSample } from './measure.js';
import { type OperationCounts, Tally } from './tally.js';

/** Options of {@link runSoak}, all from the command line. */
export interface SoakOptions {
  /** How long the measured load runs, seconds. */
  durationSeconds: number;
  /** Operations started per second. */
  rate: number;
  /** Load before the warm reading, seconds. */
  warmupSeconds: number;
  /**
   * Quiet time after the warm-up before the warm reading, seconds; after the load, the most the
   * driver waits for the server's handles and descriptors to return to the baseline before the
   * final reading (it reads at once when they have).
   */
  settleSeconds: number;
  /** Seconds between readings under load. */
  sampleSeconds: number;
  /** The server's idle timeout of 2025 sessions, seconds. */
  sessionIdleSeconds: number;
  /** The server's keep-alive timeout of idle connections, seconds (the settle must exceed it). */
  keepAliveSeconds: number;
  /** Where to write the report as JSON, if anywhere. */
  json: string | undefined;
}

/** One reading of the server, with what the driver saw since the previous one. */
export interface SoakRow {
  label: string;
  atSeconds: number;
  sample: ProcessSample;
  /** Server CPU since the previous reading, percent of one core. */
  serverCpuPercent: number;
  /** The driver's own CPU since the previous reading, percent of one core. */
  driverCpuPercent: number;
  /**
   * The driver's worst event-loop delay since the previous reading, ms: when it is seconds, the
   * driver was starved of CPU, and its timers (pacing, slow clients, deadlines) ran that late.
   */
  driverLagMs: number;
  /** Operations started since the previous reading. */
  started: number;
  inFlight: number;
  loadAverage: number;
}

/** What the run found. */
export interface SoakReport {
  options: SoakOptions;
  machine: string;
  rows: SoakRow[];
  /** Operations started per second under measured load: below `options.rate` when the machine starved the driver. */
  achievedRate: number;
  operations: Record<string, OperationCounts>;
  totals: OperationCounts;
  slowHandlers: SlowHandlerCounts;
  unexpectedDetails: string[];
  serverExit: string | undefined;
  checks: { name: string; pass: boolean; detail: string }[];
  pass: boolean;
}

/** RSS at the end may be at most this multiple of the warm RSS. */
const RSS_LIMIT = 1.5;
/**
 * Handles and descriptors at the end may exceed the baseline (the reading before any load) by
 * this many: none. The final reading comes after every client closed and a quiet time longer
 * than the server's keep-alive timeout, so every connection has ended and the server holds its
 * listening socket and the IPC pipes only, as at start; anything more is something kept alive.
 */
const HANDLE_TOLERANCE = 0;
const OPERATION_DEADLINE_MS = 30_000;
const MAX_BODY_BYTES = 256 * 1024;

const here = fileURLToPath(new URL('.', import.meta.url));

/** Reads the command line (`--minutes N` or `--seconds N`, `--rate R`, ...). */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const value = (name: string): number | undefined => {
    const at = argv.indexOf(name);
    if (at < 0) return undefined;
    const parsed = Number(argv[at + 1]);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new TypeError(`${name} takes a number, got ${argv[at + 1]}`);
    return parsed;
  };
  const jsonAt = argv.indexOf('--json');
  const durationSeconds = value('--seconds') ?? (value('--minutes') ?? 2) * 60;
  const keepAliveSeconds = value('--keep-alive-seconds') ?? 10;
  return {
    durationSeconds,
    rate: value('--rate') ?? 200,
    warmupSeconds: value('--warmup-seconds') ?? Math.min(30, durationSeconds),
    settleSeconds: value('--settle-seconds') ?? keepAliveSeconds + 5,
    sampleSeconds: value('--sample-seconds') ?? Math.min(60, durationSeconds),
    sessionIdleSeconds: value('--session-idle-seconds') ?? 60,
    keepAliveSeconds,
    json: jsonAt >= 0 ? argv[jsonAt + 1] : undefined,
  };
}

/** The soak server, started with an IPC channel; `sample()` asks it for a reading. */
class SoakServer {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    (reply: { sample: ProcessSample; slow: SlowHandlerCounts }) => void
  >();
  exit: string | undefined;
  readonly exited: Promise<void>;
  stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly url: URL,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = signal ? `killed by ${signal}` : `exited with ${code}`;
        resolve();
      }),
    );
    child.on('message', (message: ServerMessage) => {
      if (message.type !== 'sample') return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static start(options: SoakOptions): Promise<SoakServer> {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        `${here}server.ts`,
        '--idle-ms',
        String(options.sessionIdleSeconds * 1000),
        '--keep-alive-ms',
        String(options.keepAliveSeconds * 1000),
        '--max-body',
        String(MAX_BODY_BYTES),
      ],
      { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`soak server exited (${code}) before listening: ${stderr}`)),
      );
      child.once('message', (message: ServerMessage) => {
        if (message.type !== 'ready') return;
        const server = new SoakServer(child, new URL(message.url));
        child.stderr?.on('data', (chunk: Buffer) => {
          server.stderr = (server.stderr + chunk.toString('utf8')).slice(-4000);
        });
        resolve(server);
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  sample(gc: boolean): Promise<{ sample: ProcessSample; slow: SlowHandlerCounts }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.alive) return reject(new Error(`soak server ${this.exit}`));
      this.waiting.set(id, resolve);
      this.child.send({ type: 'sample', id, gc } satisfies DriverMessage);
    });
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.disconnect();
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(kill);
  }
}

const cpuPercent = (used: NodeJS.CpuUsage, seconds: number) => (used.user + used.system) / 1e4 / seconds;
/**
 * Waits until the server holds no more handles and descriptors than at `baseline`, or for
 * `seconds`: connections close a keep-alive timeout after their last response, later on a busy
 * machine, and reading too early would report them as kept.
 */
async function settled(server: SoakServer, baseline: ProcessSample, seconds: number): Promise<void> {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until && server.alive) {
    const { sample } = await server.sample(false);
    if (sample.handles <= baseline.handles && sample.fds <= baseline.fds) return;
    await sleep(500);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * Runs the soak and returns its report (printing progress to stderr as it goes).
 *
 * @example
 * const report = await runSoak(parseSoakArgs(['--minutes', '2']));
 * process.exitCode = report.pass ? 0 : 1;
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const server = await SoakServer.start(options);
  const tally = new Tally(OPERATION_DEADLINE_MS);
  const rows: SoakRow[] = [];
  const started = performance.now();
  let lastCpu = 0;
  let lastDriverCpu = process.cpuUsage();
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  let lastAt = 0;
  let lastSent = 0;
  let slow: SlowHandlerCounts = {
    started: 0,
    finished: 0,
    cancelled: 0,
    handlerErrors: 0,
    lastHandlerError: '',
  };
  const read = async (label: string, gc: boolean) => {
    const reply = await server.sample(gc);
    slow = reply.slow;
    const atSeconds = (performance.now() - started) / 1000;
    const sent = tally.totals().sent;
    const row: SoakRow = {
      label,
      atSeconds,
      sample: reply.sample,
      serverCpuPercent: lastAt === 0 ? 0 : (reply.sample.cpuMs - lastCpu) / 10 / (atSeconds - lastAt),
      driverCpuPercent: lastAt === 0 ? 0 : cpuPercent(process.cpuUsage(lastDriverCpu), atSeconds - lastAt),
      driverLagMs: lag.max / 1e6,
      started: sent - lastSent,
      inFlight: tally.inFlight,
      loadAverage: loadavg()[0]!,
    };
    lastCpu = reply.sample.cpuMs;
    lastDriverCpu = process.cpuUsage();
    lag.reset();
    lastAt = atSeconds;
    lastSent = sent;
    rows.push(row);
    process.stderr.write(`${formatRow(row)}\n`);
    return row;
  };

  let load: SoakLoad | undefined;
  try {
    const baseline = await read('start', true);
    load = await SoakLoad.connect(server.url, MAX_BODY_BYTES, tally);
    process.stderr.write(`soak: ${options.rate} operations/s against ${server.url.href}\n`);
    load.start(options.rate);
    await sleep(options.warmupSeconds * 1000);
    await load.stop();
    await sleep(options.settleSeconds * 1000);
    const warm = await read('warm', true);

    const sentBefore = tally.totals().sent;
    const loadStarted = performance.now();
    load.start(options.rate);
    const end = loadStarted + options.durationSeconds * 1000;
    // Readings at fixed times from the start of the load, so late ones do not push the rest back.
    for (let next = 1; ; next++) {
      const wait = Math.min(loadStarted + next * options.sampleSeconds * 1000, end) - performance.now();
      if (wait <= 0 || !server.alive) break;
      await Promise.race([sleep(wait), server.exited]);
      if (!server.alive) break;
      await read(`${((performance.now() - loadStarted) / 60_000).toFixed(1)} min`, false);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const achievedRate = (tally.totals().sent - sentBefore) / loadSeconds;
    await load.stop();
    await load.close();
    await settled(server, baseline.sample, options.settleSeconds);
    const final = server.alive ? await read('end', true) : undefined;
    return { ...verdict(options, rows, tally, { baseline, warm, final }, slow, server.exit), achievedRate };
  } finally {
    if (load && server.alive) await load.close().catch(() => {});
    lag.disable();
    await server.stop();
    if (server.stderr.trim()) process.stderr.write(`soak server stderr:\n${server.stderr}\n`);
  }
}

function verdict(
  options: SoakOptions,
  rows: SoakRow[],
  tally: Tally,
  { baseline, warm, final }: { baseline: SoakRow; warm: SoakRow; final: SoakRow | undefined },
  slow: SlowHandlerCounts,
  serverExit: string | undefined,
): Omit<SoakReport, 'achievedRate'> {
  const totals = tally.totals();
  const checks: SoakReport['checks'] = [];
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });
  check('server alive', serverExit === undefined, serverExit ?? 'running until stopped');
  check('unanswered requests', totals.unanswered === 0, `${totals.unanswered} of ${totals.sent}`);
  check('unexpected responses', totals.unexpected === 0, `${totals.unexpected} of ${totals.sent}`);
  const running = slow.started - slow.finished - slow.cancelled;
  check('cancelled handlers stopped', running === 0, `${running} soak_slow handlers still running`);
  check(
    'handler errors',
    slow.handlerErrors === 0,
    `${slow.handlerErrors}${slow.handlerErrors ? `, last: ${slow.lastHandlerError.split('\n')[0]}` : ''}`,
  );
  if (final) {
    const ratio = final.sample.rss / warm.sample.rss;
    check(
      `RSS end <= ${RSS_LIMIT}x warm`,
      ratio <= RSS_LIMIT,
      `${mib(final.sample.rss)} / ${mib(warm.sample.rss)} MiB = ${ratio.toFixed(2)}x`,
    );
    check(
      `handles end <= start + ${HANDLE_TOLERANCE}`,
      final.sample.handles <= baseline.sample.handles + HANDLE_TOLERANCE,
      `${final.sample.handles} vs ${baseline.sample.handles}`,
    );
    check(
      `fds end <= start + ${HANDLE_TOLERANCE}`,
      final.sample.fds <= baseline.sample.fds + HANDLE_TOLERANCE,
      `${final.sample.fds} vs ${baseline.sample.fds}`,
    );
  }
  return {
    options,
    machine: `${cpus().length}x ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} MiB, Node ${process.version}`,
    rows,
    operations: Object.fromEntries(tally.byKind),
    totals,
    slowHandlers: slow,
    unexpectedDetails: tally.details,
    serverExit,
    checks,
    pass: checks.every((entry) => entry.pass),
  };
}

function formatRow(row: SoakRow): string {
  const { sample } = row;
  return [
    row.label.padEnd(8),
    `${row.atSeconds.toFixed(0).padStart(5)} s`,
    `rss ${mib(sample.rss).padStart(6)} MiB`,
    `heap ${mib(sample.heapUsed).padStart(6)} MiB`,
    `handles ${String(sample.handles).padStart(4)}`,
    `fds ${String(sample.fds).padStart(4)}`,
    `cpu ${row.serverCpuPercent.toFixed(0).padStart(3)}%`,
    `driver ${row.driverCpuPercent.toFixed(0).padStart(3)}%`,
    `lag ${row.driverLagMs.toFixed(0).padStart(5)} ms`,
    `ops ${String(row.started).padStart(6)}`,
    `in flight ${String(row.inFlight).padStart(4)}`,
    `load ${row.loadAverage.toFixed(2)}`,
  ].join('  ');
}

/** The report as markdown tables (what docs/performance.md records). */
export function formatReport(report: SoakReport): string {
  const lines = [
    `Soak: ${report.options.durationSeconds} s at ${report.options.rate} operations/s (achieved ${report.achievedRate.toFixed(0)}/s), ${report.machine}`,
    '',
    '| reading | at s | RSS MiB | heap MiB | handles | fds | server CPU | driver CPU | driver lag ms | ops started | in flight | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map(
      (row) =>
        `| ${row.label} | ${row.atSeconds.toFixed(0)} | ${mib(row.sample.rss)} | ${mib(row.sample.heapUsed)} | ${row.sample.handles} | ${row.sample.fds} | ${row.serverCpuPercent.toFixed(0)}% | ${row.driverCpuPercent.toFixed(0)}% | ${row.driverLagMs.toFixed(0)} | ${row.started} | ${row.inFlight} | ${row.loadAverage.toFixed(2)} |`,
    ),
    '',
    '| operation | sent | answered | refused as expected | unexpected | unanswered |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...[...Object.entries(report.operations), ['total', report.totals] as const].map(
      ([kind, counts]) =>
        `| ${kind} | ${counts.sent} | ${counts.answered} | ${counts.refused} | ${counts.unexpected} | ${counts.unanswered} |`,
    ),
    '',
    '| check | result | |',
    '| --- | --- | --- |',
    ...report.checks.map((entry) => `| ${entry.name} | ${entry.pass ? 'pass' : 'FAIL'} | ${entry.detail} |`),
  ];
  if (report.unexpectedDetails.length > 0)
    lines.push('', 'Unexpected:', ...report.unexpectedDetails.map((detail) => `- ${detail}`));
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = parseSoakArgs(process.argv.slice(2));
  runSoak(options).then(
    (report) => {
      process.stdout.write(`${formatReport(report)}\n`);
      if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
      process.exitCode = report.pass ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(
        `soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
