/**
 * Open `subscriptions/listen` streams (2026-07-28) as raw sockets, one stream
 * per socket, for the memory-per-stream measurements of bench/run.mjs and
 * bench/lib/cluster.mjs.
 */
import { connect } from 'node:net';
import { ENVELOPE, httpRequestFor, MODERN } from './wire.mjs';

/** Opens one stream; resolves with its socket once the server acknowledges it. */
function openOne(port, id) {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  const msg = {
    jsonrpc: '2.0',
    id,
    method: 'subscriptions/listen',
    params: { notifications: { toolsListChanged: true }, _meta: ENVELOPE },
  };
  const acked = new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`listen stream not acknowledged: ${seen}`)), 15_000);
    socket.on('data', (chunk) => {
      seen = (seen + chunk.toString('utf8')).slice(-4000);
      if (seen.includes('subscriptions/acknowledged')) {
        clearTimeout(timer);
        resolve();
      } else if (/"error"|HTTP\/1\.1 [45]/.test(seen)) {
        clearTimeout(timer);
        reject(new Error(`listen refused: ${seen.slice(0, 300)}`));
      }
    });
  });
  socket.write(httpRequestFor({ port, wire: MODERN, msg }));
  return { socket, acked };
}

/**
 * Opens `count` streams to 127.0.0.1:port, `batch` at a time (so thousands of
 * connects do not overflow the listen backlog); resolves with their sockets
 * when every one is acknowledged, or destroys them all and rejects.
 */
export async function openListenStreams(port, count, batch = count) {
  const sockets = [];
  try {
    for (let from = 0; from < count; from += batch) {
      const opened = [];
      for (let n = from; n < Math.min(count, from + batch); n++) opened.push(openOne(port, `listen-${n}`));
      sockets.push(...opened.map((o) => o.socket));
      await Promise.all(opened.map((o) => o.acked));
    }
  } catch (error) {
    for (const socket of sockets) socket.destroy();
    throw error;
  }
  return sockets;
}
