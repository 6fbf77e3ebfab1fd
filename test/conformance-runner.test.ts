// Unit tests for the pure parts of the conformance runner: the baseline file
// (conformance/lib/baseline.mjs), reading and judging result folders
// (conformance/lib/results.mjs), and the legs and command line (conformance/run.mjs).
// The legs themselves run in `npm run conformance`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

interface Tally {
  passed: number;
  failed: number;
  warnings: number;
  skipped?: number;
  error?: string;
  folder?: string;
}

interface Row {
  name: string;
  ok: boolean;
  listed: boolean;
  status: string;
  checksPassed: number;
  checksFailed: number;
}

interface Evaluation {
  rows: Row[];
  unexpectedFailures: string[];
  expectedFailures: string[];
  nowPassing: string[];
  unknownEntries: string[];
  failures: string[];
  totals: { scenariosPassed: number; scenariosFailed: number; checksPassed: number; checksFailed: number };
}

/** conformance/lib/baseline.mjs */
interface BaselineModule {
  parseBaseline(text: string, legNames: string[]): Map<string, string[]>;
  formatBaseline(baseline: Map<string, string[]>, legNames: string[]): string;
}

/** conformance/lib/results.mjs */
interface ResultsModule {
  parseScenarioList(text: string): { server: string[]; client: string[] };
  parseRequirementsList(
    text: string,
  ): Record<string, { server: string[]; client: string[]; notScored: Record<string, string> }>;
  collectResults(dir: string, kind: 'server' | 'client'): Map<string, Tally>;
  evaluateLeg(input: {
    expected: string[];
    results: Map<string, Tally>;
    baseline: string[];
    subset?: boolean;
    notScored?: Record<string, string>;
  }): Evaluation;
  renderTable(evaluation: Evaluation): string;
}

/** conformance/run.mjs */
interface RunnerModule {
  LEGS: { name: string; cluster?: boolean }[];
  parseArgs(argv: string[]): {
    legs: string[];
    noCluster: boolean;
    scenarios: string[];
    updateBaseline: boolean;
  };
}

/** conformance/lib/cluster.mjs */
interface ClusterModule {
  nginxConfig(prefix: string, port: number, backends: number[]): string;
  clusterProblem(env: Record<string, string | undefined>): string | undefined;
  clusterSecret(): string;
}

let baselineModule: BaselineModule;
let resultsModule: ResultsModule;
let runner: RunnerModule;
let clusterModule: ClusterModule;
/** The runner's leg names, which the baseline functions take as a parameter. */
let legNames: string[];

/** The runner is plain .mjs without type declarations: import its modules by URL, typed above. */
async function load<T>(relative: string): Promise<T> {
  return (await import(new URL(relative, import.meta.url).href)) as T;
}

beforeAll(async () => {
  baselineModule = await load<BaselineModule>('../conformance/lib/baseline.mjs');
  resultsModule = await load<ResultsModule>('../conformance/lib/results.mjs');
  runner = await load<RunnerModule>('../conformance/run.mjs');
  clusterModule = await load<ClusterModule>('../conformance/lib/cluster.mjs');
  legNames = runner.LEGS.map((leg) => leg.name);
});

describe('baseline file', () => {
  it('reads legs, items, comments, quotes and empty lists', () => {
    const baseline = baselineModule.parseBaseline(
      [
        '# header',
        'server-2025-11-25:',
        '  - ping   # trailing comment',
        "  - 'auth/basic-cimd'",
        '',
        'client-all: []',
        'server-all:',
      ].join('\n'),
      legNames,
    );
    expect(baseline.get('server-2025-11-25')).toEqual(['ping', 'auth/basic-cimd']);
    expect(baseline.get('client-all')).toEqual([]);
    expect(baseline.get('server-all')).toEqual([]);
    expect(baseline.has('client-2026-07-28')).toBe(false);
  });

  it('rejects what it does not understand, naming the line', () => {
    const parse = (text: string) => baselineModule.parseBaseline(text, legNames);
    expect(() => parse('server-nope:\n')).toThrow(/line 1: unknown leg/);
    expect(() => parse('  - ping\n')).toThrow(/line 1: list item outside a leg/);
    expect(() => parse('client-all: []\n  - ping\n')).toThrow(/line 2/);
    expect(() => parse('server-all:\n  - ping\n  - ping\n')).toThrow(/listed twice/);
    expect(() => parse('server-all:\n  - ping:some-check\n')).toThrow(/not a scenario name/);
    expect(() => parse('server-all:\nping\n')).toThrow(/line 2: expected/);
    expect(() => parse('server-all:\nserver-all:\n')).toThrow(/appears twice/);
  });

  it('writes every leg, sorted, and reads back what it wrote', () => {
    const baseline = new Map([
      ['client-all', ['tools_call', 'auth/basic-cimd']],
      ['server-all', []],
    ]);
    const text = baselineModule.formatBaseline(baseline, legNames);
    const back = baselineModule.parseBaseline(text, legNames);
    expect([...back.keys()]).toEqual(legNames);
    expect(back.get('client-all')).toEqual(['auth/basic-cimd', 'tools_call']);
    expect(back.get('server-2025-11-25')).toEqual([]);
    expect(text).toContain('server-all: []\n');
  });
});

describe('conformance list output', () => {
  it('reads the plain scenario list', () => {
    const list = resultsModule.parseScenarioList(
      [
        'Server scenarios (test against a server):',
        '  - server-initialize [2025-06-18,2025-11-25]',
        '  - tasks-lifecycle [extension]',
        '',
        'Client scenarios (test against a client):',
        '  - auth/metadata-default [2025-11-25,2026-07-28]',
        '',
        'Authorization server scenarios (test against an authorization server):',
        '  - authorization-code-grant [2025-03-26]',
      ].join('\n'),
    );
    expect(list).toEqual({
      server: ['server-initialize', 'tasks-lifecycle'],
      client: ['auth/metadata-default'],
    });
  });

  it('reads requirement sets, including what runs without being scored', () => {
    const sets = resultsModule.parseRequirementsList(
      [
        'Required for 2025-11-25 (3 scenarios, frozen; run at the 2025-11-25 wire):',
        '',
        'Server scenarios (test against a server):',
        '  - ping',
        '',
        'Client scenarios (test against a client):',
        '  - initialize',
        '',
        'Run and reported, but never scored:',
        '  extension (1):',
        '    - auth/dpop [client]',
        '  pending (1):',
        '    - server-sse-polling [server]',
        '',
        'Required for 2026-07-28 (1 scenarios, frozen; run at the 2026-07-28 wire):',
        '',
        'Server scenarios (test against a server):',
        '  - server-stateless',
      ].join('\n'),
    );
    expect(sets['2025-11-25']).toEqual({
      server: ['ping', 'server-sse-polling'],
      client: ['initialize', 'auth/dpop'],
      notScored: { 'auth/dpop': 'extension', 'server-sse-polling': 'pending' },
    });
    expect(sets['2026-07-28']?.server).toEqual(['server-stateless']);
  });
});

describe('result folders', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, checks?: unknown) => {
    mkdirSync(path.join(dir, rel), { recursive: true });
    if (checks !== undefined) writeFileSync(path.join(dir, rel, 'checks.json'), JSON.stringify(checks));
  };
  const check = (status: string) => ({ id: 'x', name: 'x', description: 'x', status, timestamp: '' });

  it('maps server and nested client folders back to scenario names', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'conformance-results-'));
    write('server-ping-2026-01-01T00-00-00-000Z', [check('SUCCESS'), check('FAILURE'), check('INFO')]);
    write('server-crashed-2026-01-01T00-00-00-000Z');
    write('server-ping-2025-01-01T00-00-00-000Z', []);
    const server = resultsModule.collectResults(dir, 'server');
    expect(server.get('ping')).toMatchObject({ passed: 1, failed: 1, warnings: 0 });
    expect(server.get('crashed')?.error).toBe('no checks.json');

    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(tmpdir(), 'conformance-results-'));
    write('auth/basic-cimd-2026-01-01T00-00-00-000Z', [check('SUCCESS'), check('WARNING')]);
    write('tools_call-2026-01-01T00-00-00-000Z', [check('SUCCESS')]);
    const client = resultsModule.collectResults(dir, 'client');
    expect([...client.keys()].sort()).toEqual(['auth/basic-cimd', 'tools_call']);
    expect(client.get('auth/basic-cimd')).toMatchObject({ passed: 1, failed: 0, warnings: 1 });
  });
});

describe('verdict', () => {
  const tally = (passed: number, failed: number, extra: Partial<Tally> = {}): Tally => ({
    passed,
    failed,
    warnings: 0,
    ...extra,
  });

  it('counts zero-check and missing scenarios as failed and compares with the baseline', () => {
    const results = new Map<string, Tally>([
      ['good', tally(3, 0)],
      ['bad', tally(1, 2)],
      ['empty', tally(0, 0)],
      ['crashed', tally(0, 0, { error: 'no checks.json' })],
      ['fixed', tally(2, 0)],
      ['extra', tally(1, 0)],
    ]);
    const evaluation = resultsModule.evaluateLeg({
      expected: ['good', 'bad', 'empty', 'crashed', 'fixed', 'missing'],
      results,
      baseline: ['bad', 'fixed', 'gone'],
      notScored: { empty: 'extension' },
    });
    expect(evaluation.rows.map((row) => row.name)).toEqual([
      'good',
      'bad',
      'empty',
      'crashed',
      'fixed',
      'missing',
      'extra',
    ]);
    expect(evaluation.unexpectedFailures).toEqual(['empty', 'crashed', 'missing']);
    expect(evaluation.expectedFailures).toEqual(['bad']);
    expect(evaluation.nowPassing).toEqual(['fixed']);
    expect(evaluation.unknownEntries).toEqual(['gone']);
    expect(evaluation.failures).toEqual(['bad', 'empty', 'crashed', 'missing']);
    expect(evaluation.totals).toEqual({
      scenariosPassed: 3,
      scenariosSkipped: 0,
      scenariosFailed: 4,
      checksPassed: 7,
      checksFailed: 2,
    });
    const empty = evaluation.rows.find((row) => row.name === 'empty');
    expect(empty?.status).toBe('FAIL [no checks] {not scored: extension}');

    const table = resultsModule.renderTable(evaluation);
    expect(table).toContain('Totals: scenarios 3 passed / 4 failed; checks 7 passed / 2 failed');
    expect(table).toMatch(/fixed\s+2\s+0\s+0\s+PASS \(in baseline: remove it\)/);
  });

  it('fails a scenario on warnings, and takes one the suite skipped entirely as skipped, not failed', () => {
    const evaluation = resultsModule.evaluateLeg({
      expected: ['warned', 'skipped', 'skipped-listed', 'half-skipped'],
      results: new Map<string, Tally>([
        ['warned', tally(2, 0, { warnings: 1 })],
        ['skipped', tally(0, 0, { skipped: 1 })],
        ['skipped-listed', tally(0, 0, { skipped: 2 })],
        ['half-skipped', tally(1, 0, { skipped: 3 })],
      ]),
      baseline: ['skipped-listed'],
    });
    expect(evaluation.unexpectedFailures).toEqual(['warned']);
    expect(evaluation.nowPassing).toEqual(['skipped-listed']);
    expect(evaluation.rows.map((row) => row.status)).toEqual([
      'FAIL [warnings]',
      'skipped by the suite',
      'SKIPPED BY THE SUITE (in baseline: remove it)',
      'pass',
    ]);
    expect(evaluation.totals).toMatchObject({ scenariosPassed: 1, scenariosSkipped: 2, scenariosFailed: 1 });
    expect(resultsModule.renderTable(evaluation)).toContain('1 passed / 1 failed / 2 skipped by the suite;');
  });

  it('does not call baseline entries unknown when only a subset ran', () => {
    const evaluation = resultsModule.evaluateLeg({
      expected: ['ping'],
      results: new Map([['ping', tally(1, 0)]]),
      baseline: ['other'],
      subset: true,
    });
    expect(evaluation.unknownEntries).toEqual([]);
    expect(evaluation.unexpectedFailures).toEqual([]);
  });
});

describe('command line', () => {
  it('accepts repeated legs and scenarios and rejects unknown legs', () => {
    const options = runner.parseArgs([
      '--leg',
      'server-all',
      '--leg=client-all',
      '--scenario',
      'ping',
      '--scenario=auth/dpop',
      '--update-baseline',
    ]);
    expect(options.legs).toEqual(['server-all', 'client-all']);
    expect(options.scenarios).toEqual(['ping', 'auth/dpop']);
    expect(options.updateBaseline).toBe(true);
    expect(() => runner.parseArgs(['--leg', 'server-1999'])).toThrow(/unknown leg/);
    expect(() => runner.parseArgs(['--scenario'])).toThrow(/needs a value/);
    expect(() => runner.parseArgs(['--frobnicate'])).toThrow(/unknown option/);
  });

  it('takes cluster for the three cluster legs, and --no-cluster to leave them out', () => {
    const cluster = runner.LEGS.filter((leg) => leg.cluster).map((leg) => leg.name);
    expect(cluster).toEqual(['cluster-server-2025-11-25', 'cluster-server-2026-07-28', 'cluster-server-all']);
    expect(runner.parseArgs(['--leg', 'server-all', '--leg', 'cluster']).legs).toEqual([
      'server-all',
      ...cluster,
    ]);
    expect(runner.parseArgs(['--no-cluster']).noCluster).toBe(true);
    expect(() => runner.parseArgs(['--leg', 'cluster', '--no-cluster'])).toThrow(/contradicts/);
  });
});

describe('cluster', () => {
  it('balances round-robin with no stickiness, streaming, everything under its prefix', () => {
    const conf = clusterModule.nginxConfig('/tmp/p', 8080, [3001, 3002, 3003]);
    expect(conf).toContain('listen 127.0.0.1:8080;');
    for (const port of [3001, 3002, 3003]) expect(conf).toContain(`server 127.0.0.1:${port};`);
    expect(conf).not.toMatch(/ip_hash|hash |sticky|least_conn/);
    expect(conf).toContain('proxy_buffering off;');
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toContain('proxy_set_header Connection "";');
    expect(conf).toContain('proxy_read_timeout 1h;');
    expect(conf).toContain('pid /tmp/p/nginx.pid;');
    expect(conf).toContain('error_log /tmp/p/error.log');
  });

  it('says what to install when redis-server or nginx is missing', () => {
    const problem = clusterModule.clusterProblem({
      REDIS_SERVER: '/nonexistent/redis-server',
      NGINX: '/nonexistent/nginx',
    });
    expect(problem).toMatch(/redis-server .*nginx/);
    expect(problem).toContain('apt-get install -y redis-server nginx');
  });

  it('makes a fresh secret of 32 or more characters each time', () => {
    const secret = clusterModule.clusterSecret();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(clusterModule.clusterSecret()).not.toBe(secret);
  });
});
