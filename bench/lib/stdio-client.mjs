/**
 * The stdio side of the driver: newline-delimited JSON-RPC over a child's
 * stdin/stdout. Under load it only counts response lines (and scans for
 * JSON-RPC errors); for setup and checks it parses and matches by id.
 */

const NEWLINE = 0x0a;
const ERROR_MARK = Buffer.from('"error"');

export class StdioClient {
  constructor(child) {
    this.child = child;
    this.mode = 'parse';
    this.text = '';
    this.waiting = new Map();
    this.onLines = undefined;
    this.errorLines = 0;
    child.stdout.on('data', (chunk) => this.onData(chunk));
  }

  onData(chunk) {
    if (this.mode === 'count') {
      let lines = 0;
      let at = chunk.indexOf(NEWLINE);
      while (at !== -1) {
        lines++;
        at = chunk.indexOf(NEWLINE, at + 1);
      }
      if (chunk.indexOf(ERROR_MARK) !== -1) this.errorLines++;
      if (lines > 0) this.onLines?.(lines);
      return;
    }
    this.text += chunk.toString('utf8');
    let newline = this.text.indexOf('\n');
    while (newline !== -1) {
      const line = this.text.slice(0, newline);
      this.text = this.text.slice(newline + 1);
      newline = this.text.indexOf('\n');
      if (line.trim() === '') continue;
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      const waiter = msg.id === undefined ? undefined : this.waiting.get(msg.id);
      if (waiter) {
        this.waiting.delete(msg.id);
        waiter(msg);
      }
    }
  }

  write(text) {
    return this.child.stdin.write(text);
  }

  /** Sends one message and resolves with the response of the same id. */
  request(msg, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msg.id);
        reject(new Error(`no answer to ${msg.method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(msg.id, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      this.write(`${JSON.stringify(msg)}\n`);
    });
  }

  notify(msg) {
    this.write(`${JSON.stringify(msg)}\n`);
  }

  /**
   * Keeps `inFlight` requests outstanding for `durationMs` (1 = sequential),
   * then waits for the stragglers. Returns completed requests per second.
   */
  load({ makeBody, inFlight, durationMs, firstId }) {
    return new Promise((resolve, reject) => {
      this.mode = 'count';
      this.errorLines = 0;
      let nextId = firstId;
      let issued = 0;
      let done = 0;
      let doneInWindow = 0;
      let windowMs = 0;
      const started = performance.now();
      const deadline = started + durationMs;
      const batch = (n) => {
        let text = '';
        for (let k = 0; k < n; k++) text += `${makeBody(nextId++)}\n`;
        issued += n;
        this.write(text);
      };
      const timer = setTimeout(() => finish(new Error('stdio load did not drain')), durationMs + 30_000);
      const finish = (error) => {
        clearTimeout(timer);
        this.onLines = undefined;
        this.mode = 'parse';
        if (error) reject(error);
        else
          resolve({
            ok: doneInWindow,
            rps: (doneInWindow / windowMs) * 1000,
            errors: this.errorLines,
            nextId,
          });
      };
      this.onLines = (n) => {
        done += n;
        const now = performance.now();
        if (now < deadline) {
          doneInWindow = done;
          windowMs = now - started;
          batch(n);
        } else if (done >= issued) finish();
      };
      batch(inFlight);
    });
  }
}
