/**
 * The messages between the soak driver (run.ts) and the soak server (server.ts) on
 * their IPC channel: the driver asks for a reading, the server answers with it.
 */
import type { ProcessSample } from './measure.js';

/** What `soak_slow` handlers did so far (each one started must have finished or been cancelled), and handler errors. */
export interface SlowHandlerCounts {
  started: number;
  finished: number;
  cancelled: number;
  /** Exceptions of any handler, other than `soak_slow` rethrowing its cancellation. */
  handlerErrors: number;
  lastHandlerError: string;
}

/** Driver to server. `gc`: collect garbage first (the server runs with --expose-gc). */
export type DriverMessage = { type: 'sample'; id: number; gc: boolean };

/** Server to driver. */
export type ServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'sample'; id: number; sample: ProcessSample; slow: SlowHandlerCounts };
