/**
 * The soak's mixed load: which operations it runs, in what proportion, and what each
 * one expects back. Tool calls, Multi Round-Trip rounds and cancellations go through
 * mcpkit's Client on both wires; the rest through the raw clients of raw.ts.
 */
import { Client, type ClientOptions } from '../../src/entries/client.js';
import { RequestCancelledError } from '../../src/protocol/errors.js';
import {
  abandonedSession,
  closeRawConnections,
  malformed,
  neverReader,
  oversized,
  slowHeaders,
} from './raw.js';
import type { Tally, Verdict } from './tally.js';

/** What every Client of the soak answers when a tool asks for input. */
const clientOptions: ClientOptions = {
  onElicit: async () => ({ action: 'accept', content: { username: 'soak', email: 'soak@example.com' } }),
  timeoutMs: 20_000,
  warn: () => {},
};

/** Tool calls that a client abandons wait this long if not cancelled: a leak would outlive the run. */
const CANCELLED_CALL_MS = 600_000;

interface Operation {
  kind: string;
  /** Relative share of the load. */
  weight: number;
  run: (load: SoakLoad) => Promise<Verdict>;
}

const random = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function echo(client: Client, text: string): Promise<Verdict> {
  const result = await client.callTool('soak_echo', { text });
  const first = result.content[0];
  return first?.type === 'text' && first.text === text
    ? 'answered'
    : { outcome: 'unexpected', detail: `echo: ${JSON.stringify(result).slice(0, 200)}` };
}

async function elicit(client: Client): Promise<Verdict> {
  const result = await client.callTool('test_elicitation', { message: 'soak' });
  const first = result.content[0];
  return first?.type === 'text' &&
    first.text.includes('action=accept') &&
    first.text.includes('soak@example.com')
    ? 'answered'
    : { outcome: 'unexpected', detail: `elicitation: ${JSON.stringify(result).slice(0, 200)}` };
}

async function cancel(client: Client): Promise<Verdict> {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), random(20, 200));
  try {
    const result = await client.callTool(
      'soak_slow',
      { ms: CANCELLED_CALL_MS },
      { signal: controller.signal },
    );
    return {
      outcome: 'unexpected',
      detail: `cancelled call answered: ${JSON.stringify(result).slice(0, 200)}`,
    };
  } catch (error) {
    if (error instanceof RequestCancelledError) return 'refused';
    throw error;
  }
}

async function slowCall(client: Client): Promise<Verdict> {
  const result = await client.callTool('soak_slow', { ms: random(100, 1000) });
  return result.isError ? { outcome: 'unexpected', detail: 'slow call failed' } : 'answered';
}

async function listen(client: Client): Promise<Verdict> {
  const controller = new AbortController();
  const stream = client
    .listen({ toolsListChanged: true }, { signal: controller.signal })
    [Symbol.asyncIterator]();
  const first = await stream.next();
  if (first.done || first.value.method !== 'notifications/subscriptions/acknowledged') {
    controller.abort();
    return { outcome: 'unexpected', detail: `listen: ${JSON.stringify(first.value)}` };
  }
  // Held a while, receiving the list changes other operations cause, then dropped.
  await sleep(random(200, 3000));
  controller.abort();
  await stream.return?.(undefined);
  return 'answered';
}

async function listChange(client: Client): Promise<Verdict> {
  const result = await client.callTool('test_trigger_tool_change', {});
  return result.isError ? { outcome: 'unexpected', detail: 'tool change failed' } : 'answered';
}

async function shortSession(url: URL): Promise<Verdict> {
  const client = await Client.connect(url, { ...clientOptions, protocolVersion: '2025-11-25' });
  try {
    return await echo(client, 'short-lived');
  } finally {
    await client.close();
  }
}

/** The mix. Weights are shares of the rate: about half plain tool calls, the rest everything else. */
const OPERATIONS: readonly Operation[] = [
  { kind: 'call 2026-07-28', weight: 30, run: (load) => echo(load.modern(), 'modern') },
  { kind: 'call 2025-11-25', weight: 25, run: (load) => echo(load.legacy(), 'legacy') },
  { kind: 'MRTR elicitation 2026', weight: 8, run: (load) => elicit(load.modern()) },
  { kind: 'elicitation 2025', weight: 4, run: (load) => elicit(load.legacy()) },
  { kind: 'cancel 2026', weight: 5, run: (load) => cancel(load.modern()) },
  { kind: 'cancel 2025', weight: 4, run: (load) => cancel(load.legacy()) },
  { kind: 'slow call', weight: 3, run: (load) => slowCall(load.modern()) },
  { kind: 'listen open+drop', weight: 4, run: (load) => listen(load.modern()) },
  { kind: 'list change', weight: 2, run: (load) => listChange(load.modern()) },
  { kind: '2025 session closed', weight: 2, run: (load) => shortSession(load.url) },
  { kind: '2025 session abandoned', weight: 3, run: (load) => abandonedSession(load.url) },
  { kind: 'malformed', weight: 6, run: (load) => malformed(load.url, load.nextVariant()) },
  { kind: 'oversized', weight: 1, run: (load) => oversized(load.url, load.maxBodyBytes + 1024) },
  { kind: 'slow headers', weight: 1, run: (load) => slowHeaders(load.url, random(100, 400)) },
  { kind: 'never-read stream', weight: 1, run: (load) => neverReader(load.url, random(1000, 5000)) },
];
const TOTAL_WEIGHT = OPERATIONS.reduce((sum, operation) => sum + operation.weight, 0);

/** Clients of each wire kept open for the whole run. */
const CLIENTS_PER_WIRE = 2;

/**
 * Drives the mix at a fixed rate against one server.
 *
 * @example
 * const load = await SoakLoad.connect(new URL(url), 256 * 1024, tally);
 * load.start(200);
 * // ...
 * await load.stop();
 */
export class SoakLoad {
  private timer: NodeJS.Timeout | undefined;
  private variant = 0;
  private pick = 0;

  private constructor(
    readonly url: URL,
    readonly maxBodyBytes: number,
    private readonly tally: Tally,
    private readonly modernClients: Client[],
    private readonly legacyClients: Client[],
  ) {}

  static async connect(url: URL, maxBodyBytes: number, tally: Tally): Promise<SoakLoad> {
    const modern = await Promise.all(
      Array.from({ length: CLIENTS_PER_WIRE }, () => Client.connect(url, clientOptions)),
    );
    const legacy = await Promise.all(
      Array.from({ length: CLIENTS_PER_WIRE }, () =>
        Client.connect(url, { ...clientOptions, protocolVersion: '2025-11-25' }),
      ),
    );
    for (const client of modern)
      if (client.protocolVersion !== '2026-07-28') throw new Error('no 2026-07-28');
    return new SoakLoad(url, maxBodyBytes, tally, modern, legacy);
  }

  modern(): Client {
    return this.modernClients[this.pick++ % this.modernClients.length]!;
  }

  legacy(): Client {
    return this.legacyClients[this.pick++ % this.legacyClients.length]!;
  }

  nextVariant(): number {
    return this.variant++;
  }

  /**
   * Starts `rate` operations a second until {@link stop}, checking every 100 ms how many are
   * owed by the clock (a late tick on a busy machine catches up, at most one second's worth).
   */
  start(rate: number): void {
    let last = performance.now();
    let owed = 0;
    this.timer = setInterval(() => {
      const now = performance.now();
      owed = Math.min(owed + ((now - last) / 1000) * rate, rate);
      last = now;
      for (; owed >= 1; owed--) {
        const operation = weightedPick();
        this.tally.run(operation.kind, () => operation.run(this));
      }
    }, 100);
  }

  /** Stops starting operations, waits for the running ones, and closes every connection. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.tally.drain();
  }

  async close(): Promise<void> {
    await Promise.all([...this.modernClients, ...this.legacyClients].map((client) => client.close()));
    closeRawConnections();
  }
}

function weightedPick(): Operation {
  let at = Math.random() * TOTAL_WEIGHT;
  for (const operation of OPERATIONS) {
    at -= operation.weight;
    if (at < 0) return operation;
  }
  return OPERATIONS[0]!;
}
