/**
 * A transport over any pair of Node byte streams, framed as newline-delimited
 * JSON: the stdio framing, reusable for sockets and pipes.
 */
import type { Readable, Writable } from 'node:stream';
import { ConnectionClosedError, ErrorCode } from '../../protocol/errors.js';
import { JSONRPC_VERSION, type JSONRPCMessage } from '../../protocol/jsonrpc.js';
import type { SendOptions, Transport, TransportHandlers } from '../../session/transport.js';
import { decodeMessage } from '../decode.js';
import { encodeMessage } from '../encode.js';
import { DEFAULT_MAX_STDIO_MESSAGE_BYTES, LineDecoder } from './line-decoder.js';

/**
 * Batched output is written once it holds this much (UTF-16 units), not only at the end of the
 * tick. Measured with mcpkit's client and 64 requests in flight against the bare stdio server on
 * 2026-07-28: 4 KiB about 90k calls/s, 16 KiB 75k, 1 KiB 83k, once per tick only 64k.
 */
const EARLY_FLUSH_CHARS = 4096;

/**
 * Each stream a transport listens to points back at the transport, so that the listeners are
 * functions shared by every transport rather than closures made for each: a client holding
 * hundreds of stdio connections kept five closures and three `once` wrappers per connection.
 * Two marks, since one stream may be the output of one transport and the input of another (a
 * pipe between two in one process).
 */
const READS_FROM = Symbol('mcpkit.streamTransport.input');
const WRITES_TO = Symbol('mcpkit.streamTransport.output');
type ListenedStream = (Readable | Writable) & {
  [READS_FROM]?: StreamTransport;
  [WRITES_TO]?: StreamTransport;
};

/** Options of a {@link StreamTransport}. */
export interface StreamTransportOptions {
  /** The largest inbound message in bytes; larger ones are skipped and answered with -32600. Default 64 MiB. */
  maxMessageBytes?: number;
  /** The deepest nesting of arrays and objects an inbound message may have; deeper ones get -32600. Default 128. */
  maxMessageDepth?: number;
}

/**
 * Newline-delimited JSON-RPC over a readable and a writable stream.
 *
 * @example
 * import { createConnection } from 'node:net';
 * const socket = createConnection(4000);
 * const transport = new StreamTransport(socket, socket);
 */
export class StreamTransport implements Transport {
  private handlers: TransportHandlers | undefined;
  private readonly decoder: LineDecoder;
  private readonly maxMessageBytes: number;
  private readonly maxMessageDepth: number | undefined;
  private closed = false;
  /** Batches written while the stream's buffer was full, settled on 'drain'; none kept otherwise. */
  private drainWaiters: (() => void)[] | undefined;
  /** Lines sent this tick, written together when the tick ends. */
  private pending = '';
  /** The promise the senders of this tick's lines get, and how to settle it. */
  private batch: Promise<void> | undefined;
  private batchWritten: (() => void) | undefined;
  private batchFailed: ((error: Error) => void) | undefined;
  /**
   * Ids of requests awaiting an answer that were integers beyond 2^53 - 1, held as their
   * digits: their answers write the digits back as a number. Empty unless a peer sends such ids.
   */
  private wideIds: Set<string> | undefined;

  constructor(
    protected readonly input: Readable,
    protected readonly output: Writable,
    options: StreamTransportOptions = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_STDIO_MESSAGE_BYTES;
    this.maxMessageDepth = options.maxMessageDepth;
    this.decoder = new LineDecoder(this.maxMessageBytes);
  }

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
    (this.input as ListenedStream)[READS_FROM] = this;
    (this.output as ListenedStream)[WRITES_TO] = this;
    // `on`, not `once`: each `once` costs a wrapper per connection; `finish` removes them.
    this.input.on('data', StreamTransport.onData);
    this.input.on('end', StreamTransport.onEnd);
    this.input.on('error', StreamTransport.onInputError);
    this.output.on('error', StreamTransport.onOutputError);
    this.output.on('drain', StreamTransport.onDrain);
  }

  send(message: JSONRPCMessage, _options?: SendOptions): Promise<void> {
    if (this.closed) {
      return Promise.reject(new ConnectionClosedError('Cannot send: the stream transport is closed'));
    }
    // Everything sent in one tick (the answers to a chunk of pipelined requests, say) goes out
    // in one write, in send order: a write per message was most of a pipelined request's cost.
    // process.nextTick runs once the microtasks of this tick have drained. The batch shares
    // one promise, settled once its write is handed to the stream (after 'drain' when the
    // stream's buffer is full), so `await send()` still means written.
    // Serialized before joining the batch: a message JSON cannot carry (a BigInt, a cycle)
    // fails its own sender with a rejected promise, and the rest of the batch is unaffected.
    let line: string;
    try {
      line = `${this.wideIds === undefined || this.wideIds.size === 0 ? JSON.stringify(message) : this.encodeAnswer(message)}\n`;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new TypeError(String(error)));
    }
    if (this.batch === undefined) {
      this.batch = new Promise<void>((resolve, reject) => {
        this.batchWritten = resolve;
        this.batchFailed = reject;
      });
      process.nextTick(StreamTransport.flushLater, this);
    }
    this.pending += line;
    const batch = this.batch;
    // A large batch goes out in parts as it grows: the peer starts on the first messages while
    // this side still produces the rest. One write per tick only would have the two processes
    // take turns (each idle while the other works) once many requests are pipelined.
    if (this.pending.length >= EARLY_FLUSH_CHARS) this.flush();
    return batch;
  }

  /** Encodes a message while some inbound ids are wide: an answer to one goes out with its digits. */
  private encodeAnswer(message: JSONRPCMessage): string {
    const wide =
      !('method' in message) &&
      'id' in message &&
      typeof message.id === 'string' &&
      this.wideIds?.delete(message.id) === true;
    return encodeMessage(message, wide);
  }

  private static flushLater(transport: StreamTransport): void {
    transport.flush();
  }

  private flush(): void {
    if (this.batch === undefined) return; // Already written (a batch flushed early).
    const out = this.pending;
    const written = this.batchWritten;
    const failed = this.batchFailed;
    this.pending = '';
    this.batch = undefined;
    this.batchWritten = undefined;
    this.batchFailed = undefined;
    if (written === undefined || failed === undefined) return;
    // A destroyed stream drops what it is given: those messages were not written.
    if (this.output.destroyed) {
      failed(new ConnectionClosedError('Cannot send: the output stream is destroyed'));
      return;
    }
    if (out === '' || this.output.write(out)) written();
    else {
      this.drainWaiters ??= [];
      this.drainWaiters.push(written);
    }
  }

  async close(): Promise<void> {
    this.finish(undefined);
  }

  /** Stops listening and reports the close once. Subclasses add process handling. */
  protected finish(error: Error | undefined): void {
    if (this.closed) return;
    // What was sent before the close still goes out, ahead of the end of the stream.
    this.flush();
    this.closed = true;
    this.input.off('data', StreamTransport.onData);
    this.input.off('end', StreamTransport.onEnd);
    this.input.off('error', StreamTransport.onInputError);
    this.output.off('drain', StreamTransport.onDrain);
    // The output's error listener stays: an EPIPE after the close is expected, not a crash.
    this.drained();
    this.releaseStreams();
    this.handlers?.onClose(error);
  }

  /** What closing does to the streams themselves. */
  protected releaseStreams(): void {
    this.input.pause();
    this.output.end();
  }

  // The stream's listeners: one function each for every transport; `this` is the stream that
  // emitted, which names its transport.
  private static readonly onData = function (this: ListenedStream, chunk: Buffer | string): void {
    this[READS_FROM]?.received(chunk);
  };

  private static readonly onEnd = function (this: ListenedStream): void {
    this[READS_FROM]?.inputEnded();
  };

  private static readonly onInputError = function (this: ListenedStream, error: Error): void {
    this[READS_FROM]?.streamFailed(error);
  };

  private static readonly onOutputError = function (this: ListenedStream, error: Error): void {
    this[WRITES_TO]?.streamFailed(error);
  };

  private static readonly onDrain = function (this: ListenedStream): void {
    this[WRITES_TO]?.drained();
  };

  /** EPIPE and friends: the other side went away. Reported as the close reason. */
  private streamFailed(error: Error): void {
    this.finish(new ConnectionClosedError(`Stream failed: ${error.message}`, { cause: error }));
  }

  private received(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.decoder.push(bytes, (event) => {
      const handlers = this.handlers;
      if (!handlers || this.closed) return;
      if ('oversized' in event) {
        const message = `Message of ${event.oversized} bytes exceeds the limit of ${this.maxMessageBytes} bytes`;
        handlers.onInvalid(
          { jsonrpc: JSONRPC_VERSION, error: { code: ErrorCode.InvalidRequest, message } },
          `Skipped an inbound message of ${event.oversized} bytes (maxMessageBytes is ${this.maxMessageBytes})`,
        );
        return;
      }
      const decoded = decodeMessage(event.line, this.maxMessageDepth);
      if ('message' in decoded) {
        const { message } = decoded;
        if (decoded.wideId && 'method' in message && 'id' in message) {
          this.wideIds ??= new Set();
          this.wideIds.add(String(message.id));
        }
        handlers.onMessage(message);
      } else {
        if (decoded.wideId && decoded.reply?.id !== undefined) {
          this.wideIds ??= new Set();
          this.wideIds.add(String(decoded.reply.id));
        }
        handlers.onInvalid(decoded.reply, decoded.detail);
      }
    });
  }

  /** The input stream ended. Plain streams close the transport; a child process waits for its exit. */
  protected inputEnded(): void {
    this.finish(undefined);
  }

  /** The output took what it held: the batches waiting for that are written. */
  private drained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = undefined;
    if (waiters) for (const resolve of waiters) resolve();
  }
}
