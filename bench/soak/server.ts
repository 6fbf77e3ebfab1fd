/**
 * The soak server: the conformance fixture (conformance/everything-server.ts: Multi Round-Trip
 * elicitation, list changes for listen streams, tasks) plus the soak's own tools, served over
 * Streamable HTTP on a free loopback port. It is started by the soak driver (run.ts) with an
 * IPC channel, and reports its own memory, handles and descriptors over that channel, never
 * over MCP, so measuring does not add MCP traffic.
 *
 *   node --expose-gc --import tsx bench/soak/server.ts [--idle-ms 60000] [--max-body 262144] [--keep-alive-ms 10000]
 */

import { createEverythingServer } from '../../conformance/everything-server.js';
import { serveHttp } from '../../src/entries/node.js';
import type { DriverMessage, ServerMessage } from './ipc.js';
import { sampleProcess } from './measure.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} takes a number, got ${process.argv[at + 1]}`);
  return value;
}

const send = (message: ServerMessage) => process.send?.(message);
if (!process.send) throw new Error('bench/soak/server.ts reports over IPC: start it from bench/soak/run.ts');

/** Handlers of `soak_slow`: every one that starts must end (finish or see its cancellation). */
const slow = { started: 0, finished: 0, cancelled: 0, handlerErrors: 0, lastHandlerError: '' };
/**
 * The abort reasons `soak_slow` rethrew. The server reports a handler that rejects with its
 * cancellation like any failure; those are the soak's own doing, every other one is counted.
 */
const cancellations = new WeakSet<object>();

const server = createEverythingServer({
  onError: (error) => {
    if (cancellations.has(error)) return;
    slow.handlerErrors++;
    slow.lastHandlerError = error.stack ?? error.message;
  },
  // Abandoned 2025 sessions (the soak makes many) end after this long idle; the default
  // 30 minutes would keep every one of a 30-minute run alive.
  sessions: { idleTimeoutMs: flag('--idle-ms', 60_000) },
});
server.registerTool(
  'soak_echo',
  {
    description: 'Returns the text it is given.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  ({ text }) => ({ content: [{ type: 'text', text: String(text) }] }),
);
server.registerTool(
  'soak_slow',
  {
    description: 'Waits `ms` milliseconds, or until cancelled.',
    inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
  },
  ({ ms }, ctx) =>
    new Promise((resolve, reject) => {
      slow.started++;
      const stop = () => {
        clearTimeout(timer);
        slow.cancelled++;
        const reason: unknown = ctx.signal.reason;
        if (typeof reason === 'object' && reason !== null) cancellations.add(reason);
        reject(reason);
      };
      const timer = setTimeout(() => {
        ctx.signal.removeEventListener('abort', stop);
        slow.finished++;
        resolve({ content: [{ type: 'text', text: `waited ${ms} ms` }] });
      }, Number(ms));
      if (ctx.signal.aborted) stop();
      else ctx.signal.addEventListener('abort', stop, { once: true });
    }),
);

const running = await serveHttp(server, { port: 0, maxBodyBytes: flag('--max-body', 256 * 1024) });
// Idle keep-alive connections are closed after this long (serveHttp's 65 s suits a server behind
// a proxy). The driver's readings wait longer than this before comparing, so every connection
// the load opened has ended, from either side, and what is left open is what the server kept.
running.server.keepAliveTimeout = flag('--keep-alive-ms', 10_000);

process.on('message', (message: DriverMessage) => {
  if (message.type !== 'sample') return;
  if (message.gc) (globalThis as { gc?: () => void }).gc?.();
  send({ type: 'sample', id: message.id, sample: sampleProcess(), slow: { ...slow } });
});
// The driver going away (crash, Ctrl-C) must not leave this process behind.
process.on('disconnect', () => {
  server.close();
  void running.close().finally(() => process.exit(0));
});
send({ type: 'ready', url: running.url.href });
