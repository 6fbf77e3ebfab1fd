/**
 * The server end of stdio: reads the client's messages from this process's
 * stdin and writes only protocol messages to stdout.
 */
import type { Readable, Writable } from 'node:stream';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.js';

/** Options of a {@link StdioServerTransport}. */
export interface StdioServerTransportOptions extends StreamTransportOptions {
  /** Defaults to `process.stdin`. */
  stdin?: Readable;
  /** Defaults to `process.stdout`. Nothing but protocol messages may be written there. */
  stdout?: Writable;
}

/**
 * stdio for a server process. The connection ends when stdin ends.
 *
 * @example
 * const transport = new StdioServerTransport();
 * const peer = new JsonRpcPeer(transport);
 * await peer.start();
 */
export class StdioServerTransport extends StreamTransport {
  constructor(options: StdioServerTransportOptions = {}) {
    super(options.stdin ?? process.stdin, options.stdout ?? process.stdout, options);
  }

  protected override releaseStreams(): void {
    // Leave the process's own streams open for whoever owns them; only stop reading.
    this.input.pause();
    if (this.output !== process.stdout) this.output.end();
  }
}
