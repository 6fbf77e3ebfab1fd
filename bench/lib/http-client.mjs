/**
 * A small HTTP/1.1 client over raw keep-alive sockets for the load driver:
 * requests are prebuilt buffers, responses are parsed just enough to find
 * where they end (Content-Length or chunked), so the driver spends far less
 * CPU per request than node:http's client would and leaves the second core to
 * the server under test. One request in flight per connection.
 */
import { connect } from 'node:net';

const HEAD = 0;
const BODY = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILER = 5;
const UNTIL_CLOSE = 6;

const ERROR_MARK = Buffer.from('"error"');

export class HttpConnection {
  /** Opens a connection to 127.0.0.1:port. */
  static open(port) {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new HttpConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.state = HEAD;
    this.pending = undefined;
    this.callback = undefined;
    this.keepBody = false;
    /** JSON-RPC error bodies seen (a cheap native scan of every chunk). */
    this.errorBodies = 0;
    this.closed = false;
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      if (this.callback === undefined) return;
      if (this.state === UNTIL_CLOSE) this.finish();
      else this.fail(new Error('connection closed mid-response'));
    });
  }

  /**
   * Sends one request; `callback(error, response)` gets `{ status, headers,
   * body?, bytes }` (the body is kept when `keepBody` or the status is not 200).
   */
  send(bytes, callback, keepBody = false) {
    if (this.closed) {
      callback(new Error('connection closed'));
      return;
    }
    this.callback = callback;
    this.keepBody = keepBody;
    this.socket.write(bytes);
  }

  /** Promise form of send, keeping the body. */
  request(bytes) {
    return new Promise((resolve, reject) => {
      this.send(bytes, (error, response) => (error ? reject(error) : resolve(response)), true);
    });
  }

  close() {
    this.socket.destroy();
  }

  onData(chunk) {
    if (chunk.indexOf(ERROR_MARK) !== -1) this.errorBodies++;
    let buf = chunk;
    if (this.pending !== undefined) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = undefined;
    }
    let i = 0;
    while (i < buf.length) {
      switch (this.state) {
        case HEAD: {
          const end = buf.indexOf('\r\n\r\n', i, 'latin1');
          if (end === -1) {
            this.pending = buf.subarray(i);
            return;
          }
          this.startResponse(buf.toString('latin1', i, end));
          i = end + 4;
          if (this.state === HEAD) this.finish();
          break;
        }
        case BODY:
        case CHUNK_DATA:
        case UNTIL_CLOSE: {
          const take = this.state === UNTIL_CLOSE ? buf.length - i : Math.min(this.remaining, buf.length - i);
          if (this.parts !== undefined) this.parts.push(buf.subarray(i, i + take));
          this.bytes += take;
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) {
            if (this.state === BODY) this.finish();
            else if (this.state === CHUNK_DATA) this.state = CHUNK_END;
          }
          break;
        }
        case CHUNK_SIZE: {
          const eol = buf.indexOf('\r\n', i, 'latin1');
          if (eol === -1) {
            this.pending = buf.subarray(i);
            return;
          }
          const size = Number.parseInt(buf.toString('latin1', i, eol), 16);
          i = eol + 2;
          if (size === 0) this.state = TRAILER;
          else {
            this.remaining = size;
            this.state = CHUNK_DATA;
          }
          break;
        }
        case CHUNK_END:
          if (buf.length - i < 2) {
            this.pending = buf.subarray(i);
            return;
          }
          i += 2;
          this.state = CHUNK_SIZE;
          break;
        case TRAILER: {
          const eol = buf.indexOf('\r\n', i, 'latin1');
          if (eol === -1) {
            this.pending = buf.subarray(i);
            return;
          }
          const empty = eol === i;
          i = eol + 2;
          if (empty) this.finish();
          break;
        }
      }
    }
  }

  startResponse(head) {
    const lines = head.split('\r\n');
    this.status = Number(lines[0].slice(9, 12));
    const headers = {};
    for (let n = 1; n < lines.length; n++) {
      const colon = lines[n].indexOf(':');
      if (colon > 0) headers[lines[n].slice(0, colon).toLowerCase()] = lines[n].slice(colon + 1).trim();
    }
    this.headers = headers;
    this.bytes = 0;
    this.parts = this.keepBody || this.status !== 200 ? [] : undefined;
    const length = headers['content-length'];
    if ((headers['transfer-encoding'] ?? '').includes('chunked')) this.state = CHUNK_SIZE;
    else if (length !== undefined) {
      this.remaining = Number(length);
      this.state = this.remaining > 0 ? BODY : HEAD;
    } else if (this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200)) {
      this.state = HEAD;
    } else {
      this.remaining = Number.POSITIVE_INFINITY;
      this.state = UNTIL_CLOSE;
    }
  }

  finish() {
    this.state = HEAD;
    const callback = this.callback;
    this.callback = undefined;
    const response = {
      status: this.status,
      headers: this.headers,
      bytes: this.bytes,
      body: this.parts === undefined ? undefined : Buffer.concat(this.parts),
    };
    this.parts = undefined;
    callback?.(undefined, response);
  }

  fail(error) {
    const callback = this.callback;
    this.callback = undefined;
    callback?.(error);
  }
}

/**
 * Closed-loop load: `connections` keep-alive connections each send a request,
 * wait for its response, and send the next, until `durationMs` passes or
 * `maxRequests` have been sent. Returns throughput and latency percentiles.
 */
export async function httpLoad({ port, makeRequest, connections, durationMs, maxRequests, firstId = 1 }) {
  const conns = await Promise.all(Array.from({ length: connections }, () => HttpConnection.open(port)));
  const latencies = [];
  let nextId = firstId;
  let issued = 0;
  let ok = 0;
  let failed = 0;
  let bytes = 0;
  let firstFailure;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = durationMs === undefined ? Number.POSITIVE_INFINITY : started + durationMs;
  await Promise.all(
    conns.map(
      (conn) =>
        new Promise((resolve) => {
          const next = () => {
            if (performance.now() >= deadline || (maxRequests !== undefined && issued >= maxRequests)) {
              resolve();
              return;
            }
            issued++;
            const sentAt = performance.now();
            conn.send(makeRequest(nextId++), (error, response) => {
              if (error) {
                failed++;
                firstFailure ??= error.message;
                resolve();
                return;
              }
              if (response.status >= 200 && response.status < 300) {
                ok++;
                bytes += response.bytes;
                latencies.push(performance.now() - sentAt);
              } else {
                failed++;
                firstFailure ??= `HTTP ${response.status}: ${String(response.body).slice(0, 200)}`;
              }
              next();
            });
          };
          next();
        }),
    ),
  );
  const elapsedMs = performance.now() - started;
  const driverCpu = process.cpuUsage(cpuBefore);
  const rpcErrors = conns.reduce((sum, conn) => sum + conn.errorBodies, 0);
  for (const conn of conns) conn.close();
  latencies.sort((a, b) => a - b);
  return {
    ok,
    failed,
    rpcErrors,
    firstFailure,
    bytes,
    elapsedMs,
    rps: (ok / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    driverCpuMs: (driverCpu.user + driverCpu.system) / 1000,
    nextId,
  };
}

/** The p-quantile of sorted values (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
