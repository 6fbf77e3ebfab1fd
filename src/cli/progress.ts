/**
 * Progress of a call on stderr: a bar redrawn in place on a terminal, plain
 * lines otherwise (so logs and CI output stay readable).
 */

/**
 * One progress notification, as `onProgress` of a call receives it.
 *
 * @example
 * const update: ProgressInfo = { progress: 2, total: 5, message: 'indexing' };
 */
export interface ProgressInfo {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * Where progress is drawn: a writable stream, and whether it is a terminal.
 *
 * @example
 * const out: ProgressOutput = { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true };
 */
export interface ProgressOutput {
  write(text: string): void;
  isTTY: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/**
 * A progress bar: `[########------------]  40% indexing` (without a total, a
 * count: `[3] indexing`).
 *
 * @example
 * formatProgressBar({ progress: 1, total: 4 }, 8); // '[##------]  25%'
 */
export function formatProgressBar(update: ProgressInfo, width = 24): string {
  const suffix = update.message ? ` ${update.message}` : '';
  if (update.total === undefined || !(update.total > 0)) return `[${update.progress}]${suffix}`;
  const ratio = Math.min(1, Math.max(0, update.progress / update.total));
  const filled = Math.round(ratio * width);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}${suffix}`;
}

/**
 * A progress update as a plain line: `progress 2/5 (40%): indexing`.
 *
 * @example
 * formatProgressLine({ progress: 2, total: 5, message: 'indexing' }); // 'progress 2/5 (40%): indexing'
 */
export function formatProgressLine(update: ProgressInfo): string {
  const amount =
    update.total !== undefined && update.total > 0
      ? `${update.progress}/${update.total} (${Math.floor(Math.min(1, update.progress / update.total) * 100)}%)`
      : `${update.progress}`;
  return `progress ${amount}${update.message ? `: ${update.message}` : ''}`;
}

/**
 * Shows progress updates: a bar on a terminal (call {@link clear} before
 * writing anything else to the same stream), lines otherwise.
 *
 * @example
 * const progress = new ProgressDisplay({ write: (t) => process.stderr.write(t), isTTY: true });
 * await client.callTool('index', {}, { onProgress: (update) => progress.update(update) });
 * progress.clear();
 */
export class ProgressDisplay {
  private drawn = false;
  private finished = false;

  constructor(private readonly output: ProgressOutput) {}

  /** Shows one update (none once {@link finish} was called). */
  update(update: ProgressInfo): void {
    if (this.finished) return;
    if (!this.output.isTTY) {
      this.output.write(`${formatProgressLine(update)}\n`);
      return;
    }
    let bar = formatProgressBar(update);
    const columns = this.output.columns;
    if (columns !== undefined && columns > 10 && bar.length >= columns) bar = `${bar.slice(0, columns - 2)}…`;
    this.output.write(`\r\x1b[2K${bar}`);
    this.drawn = true;
  }

  /**
   * Removes the bar for good: the result is about to be printed, and a late
   * update must not draw over it.
   */
  finish(): void {
    this.finished = true;
    this.clear();
  }

  /** Removes the bar, if one is drawn, so other text can be written. */
  clear(): void {
    if (!this.drawn) return;
    this.output.write('\r\x1b[2K');
    this.drawn = false;
  }
}
