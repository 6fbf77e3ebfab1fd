/**
 * What the soak server reports about itself: memory, the resources that keep the
 * event loop alive, and open file descriptors. Read inside the server process, so
 * the numbers are the server's own and measuring them sends nothing over MCP.
 */
import { readdirSync } from 'node:fs';

/** One reading of the server process. */
export interface ProcessSample {
  /** Resident set size, bytes. */
  rss: number;
  /** V8 heap in use, bytes. */
  heapUsed: number;
  /** `process.getActiveResourcesInfo()`: one entry per live handle or request. */
  handles: number;
  /** The same, counted by kind (`TCPSocketWrap`, `Timeout`, ...). */
  handleKinds: Record<string, number>;
  /** Entries of /proc/self/fd (-1 where /proc is missing). */
  fds: number;
  /** CPU time used so far (user + system), ms. */
  cpuMs: number;
}

/**
 * Reads the current process. Call `global.gc` first (node --expose-gc) when the
 * reading is compared with another one.
 *
 * @example
 * const { rss, handles } = sampleProcess();
 */
export function sampleProcess(): ProcessSample {
  const memory = process.memoryUsage();
  const resources = process.getActiveResourcesInfo();
  const handleKinds: Record<string, number> = {};
  for (const kind of resources) handleKinds[kind] = (handleKinds[kind] ?? 0) + 1;
  const cpu = process.cpuUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    handles: resources.length,
    handleKinds,
    fds: openFds(),
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function openFds(): number {
  try {
    // readdirSync opens the directory itself while listing it: that descriptor is not ours to count.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return -1;
  }
}
