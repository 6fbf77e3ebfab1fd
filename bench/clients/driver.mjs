/**
 * What every client in the client bench runs, in a process of its own: one scenario against the
 * bench server the runner started, measured from inside the client process, printed as one JSON
 * line on stdout. Each client file (mcpkit.mjs, official-v2.mjs, ...) only adapts its client
 * to `Client` below; the scenario code is the same for all of them.
 *
 * The job comes in BENCH_CLIENT_JOB (JSON): { scenario, wire, target, ...parameters }, where
 * target is { url } (Streamable HTTP) or { command, args } (stdio).
 *
 * @typedef {object} BenchClient
 * @property {(text: string) => Promise<string>} echo   tools/call echo, resolving with the text
 * @property {() => Promise<number>} listAll             every page of tools/list, resolving with the count
 * @property {(uri: string) => Promise<number>} read     resources/read, resolving with the text length
 * @property {() => Promise<void>} close
 *
 * @typedef {(target: object, wire: string) => Promise<BenchClient>} OpenClient
 */

const job = JSON.parse(process.env.BENCH_CLIENT_JOB ?? '{}');

function cpuUs() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Calls `call` from `concurrency` loops for `ms`; returns calls per second and CPU µs per call. */
async function closedLoop(call, concurrency, ms) {
  let calls = 0;
  const cpu0 = cpuUs();
  const t0 = performance.now();
  const until = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        calls++;
      }
    }),
  );
  const elapsed = performance.now() - t0;
  return { perSecond: (calls * 1000) / elapsed, cpuUs: (cpuUs() - cpu0) / calls, calls };
}

/** Keeps `inFlight` calls outstanding for `ms` (stdio pipelining). */
function pipelined(call, inFlight, ms) {
  return closedLoop(call, inFlight, ms);
}

async function checked(client) {
  const text = await client.echo('hi');
  if (text !== 'hi') throw new Error(`echo answered ${JSON.stringify(text)}`);
  return client;
}

function gc() {
  globalThis.gc?.();
  globalThis.gc?.();
}

const SCENARIOS = {
  /** HTTP: sequential calls, then 16 concurrent. */
  async 'http-calls'(open) {
    const client = await checked(await open(job.target, job.wire));
    const echo = () => client.echo('hi');
    await closedLoop(echo, 16, job.warmupMs);
    const sequential = await closedLoop(echo, 1, job.durationMs);
    const concurrent = await closedLoop(echo, 16, job.durationMs);
    await client.close();
    return {
      sequential: sequential.perSecond,
      c16: concurrent.perSecond,
      cpuUs: concurrent.cpuUs,
    };
  },
  /** stdio: 64 calls in flight. */
  async 'stdio-calls'(open) {
    const client = await checked(await open(job.target, job.wire));
    const echo = () => client.echo('hi');
    await pipelined(echo, 64, job.warmupMs);
    const run = await pipelined(echo, 64, job.durationMs);
    await client.close();
    return { pipelined: run.perSecond, cpuUs: run.cpuUs };
  },
  /** From this process's start (imports included) to the answer of the first tools/list. */
  async connect(open) {
    const client = await open(job.target, job.wire);
    const tools = await client.listAll();
    const ms = performance.now();
    if (tools < 2) throw new Error(`tools/list listed ${tools} tools`);
    await client.close();
    return { ms };
  },
  /** Heap and RSS per connection with `connections` held at once by this process. */
  async memory(open) {
    // As many connections first, doing what the measured ones do, so that what every connection
    // shares is not counted: modules, pools, and the code V8 compiles and the feedback it
    // gathers while the first connections run (hundreds of KiB, which spread over the measured
    // connections would count as per-connection heap: more for a client with more code).
    const first = [];
    for (let n = 0; n < job.connections; n++) {
      const client = await checked(await open(job.target, job.wire));
      await client.listAll();
      first.push(client);
    }
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    const held = [];
    for (let n = 0; n < job.connections; n++) {
      const client = await open(job.target, job.wire);
      await client.listAll();
      held.push(client);
    }
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    const result = {
      heapKiB: (heapUsed - heap0) / 1024 / job.connections,
      rssKiB: (rss - rss0) / 1024 / job.connections,
    };
    await Promise.all([...first, ...held].map((client) => client.close()));
    return result;
  },
  /** resources/read of 1 MiB and 10 MiB texts, one at a time. */
  async read(open) {
    const client = await checked(await open(job.target, job.wire));
    const out = {};
    for (const [size, count] of Object.entries(job.reads)) {
      const uri = `bench://blob/${size}`;
      for (let n = 0; n < 2; n++) await client.read(uri);
      const t0 = performance.now();
      for (let n = 0; n < count; n++) {
        const length = await client.read(uri);
        if (length !== Number(size)) throw new Error(`read ${length} of ${size} characters`);
      }
      out[size] = (Number(size) * count) / (1024 * 1024) / ((performance.now() - t0) / 1000);
    }
    await client.close();
    return out;
  },
  /** Every page of a 1,000-tool listing: the first listing, then again (a cache may answer). */
  async list(open) {
    const client = await open(job.target, job.wire);
    const t0 = performance.now();
    const count = await client.listAll();
    const firstMs = performance.now() - t0;
    if (count !== job.tools) throw new Error(`listed ${count} of ${job.tools} tools`);
    const t1 = performance.now();
    for (let n = 0; n < job.repeats; n++) await client.listAll();
    const repeatMs = (performance.now() - t1) / job.repeats;
    await client.close();
    return { firstMs, repeatMs };
  },
};

/**
 * Runs the job with `open` and prints its result; exits 1 with the error on stderr when it fails.
 *
 * @param {OpenClient} open
 */
export async function drive(open) {
  try {
    const scenario = SCENARIOS[job.scenario];
    if (!scenario) throw new Error(`unknown scenario ${job.scenario}`);
    const result = await scenario(open);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
