/**
 * The soak harness (bench/soak, `npm run soak`) kept from rotting: a few seconds of the real
 * mixed load against a real soak server process, read back from the report it writes. The
 * 30-minute run and its figures are in docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSoakArgs, type SoakReport } from '../../bench/soak/run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'mcpkit-soak-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the driver as `npm run soak` does; resolves to its exit code and its JSON report. */
function soak(args: string[]): Promise<{ code: number | null; report: SoakReport; output: string }> {
  const json = join(scratch, `report-${Date.now()}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak/run.ts', ...args, '--json', json], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve) =>
    child.once('exit', (code) =>
      resolve({ code, report: JSON.parse(readFileSync(json, 'utf8')) as SoakReport, output }),
    ),
  );
}

describe('npm run soak', () => {
  it('runs the mixed load for a few seconds with every request answered and the server back to its baseline', async () => {
    const { code, report, output } = await soak([
      '--seconds',
      '4',
      '--rate',
      '60',
      '--warmup-seconds',
      '1',
      '--keep-alive-seconds',
      '1',
      '--settle-seconds',
      '8',
    ]);
    expect(
      report.checks.filter((check) => !check.pass),
      output,
    ).toEqual([]);
    expect(code).toBe(0);
    expect(report.pass).toBe(true);

    // Readings: before any load, after the warm-up, under load, after it.
    expect(report.rows.map((row) => row.label)).toEqual(['start', 'warm', '0.1 min', 'end']);
    for (const row of report.rows) {
      expect(row.sample.rss).toBeGreaterThan(0);
      expect(row.sample.heapUsed).toBeGreaterThan(0);
      expect(row.sample.handles).toBeGreaterThan(0);
      expect(row.sample.fds).toBeGreaterThan(0);
    }
    // The load reached the server: connections open under load, all of them gone at the end.
    const [start, , loaded, end] = report.rows;
    expect(loaded!.sample.handleKinds.TCPSocketWrap ?? 0).toBeGreaterThan(0);
    expect(end!.sample.handles).toBe(start!.sample.handles);
    expect(end!.sample.fds).toBe(start!.sample.fds);

    // Every operation ended with a response of the kind it expects, none without one.
    expect(report.totals.sent).toBeGreaterThan(100);
    expect(report.totals.unanswered).toBe(0);
    expect(report.totals.unexpected).toBe(0);
    expect(report.totals.answered + report.totals.refused).toBe(report.totals.sent);
    expect(report.operations['call 2026-07-28']?.answered).toBeGreaterThan(0);
    expect(report.operations['call 2025-11-25']?.answered).toBeGreaterThan(0);
    expect(report.slowHandlers.started).toBe(report.slowHandlers.finished + report.slowHandlers.cancelled);

    // The table docs/performance.md records.
    expect(output).toContain('| check | result | |');
    expect(output).toContain('| unanswered requests | pass | 0 of');
  }, 90_000);

  it('reads the run length and rate from the command line, settling longer than the keep-alive', () => {
    const thirty = parseSoakArgs(['--minutes', '30', '--rate', '150']);
    expect(thirty).toMatchObject({ durationSeconds: 1800, rate: 150, sampleSeconds: 60, warmupSeconds: 30 });
    expect(thirty.settleSeconds).toBeGreaterThan(thirty.keepAliveSeconds);
    expect(parseSoakArgs([]).durationSeconds).toBe(120);
    expect(() => parseSoakArgs(['--rate', 'fast'])).toThrow('--rate takes a number, got fast');
  });
});
