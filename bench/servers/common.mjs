/**
 * What every bench server shares: the blob text (cached per size, so a read
 * measures the protocol stack and not string building) and the HTTP port.
 */

const MAX_BLOB_BYTES = 64 * 1024 * 1024;
const blobs = new Map();

/** Exactly `size` bytes of ASCII text. */
export function blob(size) {
  const n = Number(size);
  if (!Number.isInteger(n) || n < 0 || n > MAX_BLOB_BYTES) throw new Error(`bad blob size: ${String(size)}`);
  let text = blobs.get(n);
  if (text === undefined) {
    text = 'x'.repeat(n);
    blobs.set(n, text);
  }
  return text;
}

/** The port from BENCH_HTTP_PORT, or undefined for stdio. */
export function httpPort() {
  const raw = process.env.BENCH_HTTP_PORT;
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`bad BENCH_HTTP_PORT: ${raw}`);
  return port;
}

/** Exits quietly on SIGTERM/SIGINT (the runner stops servers that way). */
export function exitOnSignal() {
  process.once('SIGTERM', () => process.exit(0));
  process.once('SIGINT', () => process.exit(0));
}
