/**
 * A throwaway nginx for tests: a round-robin balancer (no stickiness) on a
 * free loopback port in front of the given backend ports, configured as
 * docs/scaling.md says (HTTP/1.1 upstreams, no buffering, long read timeout),
 * run in the foreground from a temporary prefix directory (its own config,
 * pid file, logs and temp paths; never the system's), stopped by its pid.
 *
 * When nginx is not installed, `describeWithNginx` fails in CI
 * (`process.env.CI` set) and skips with a message elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { accepts, exited, freePort } from './processes.js';

/** The binary: `NGINX` if set, else Debian's path, else whatever `nginx` is on PATH. */
export const NGINX_BIN = process.env.NGINX ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

/** Whether nginx can be started here. */
export function nginxInstalled(): boolean {
  const probe = spawnSync(NGINX_BIN, ['-v'], { encoding: 'utf8' });
  return probe.status === 0 && `${probe.stdout}${probe.stderr}`.includes('nginx version');
}

/** A running nginx of one test file. */
export interface NginxProcess {
  readonly port: number;
  readonly pid: number;
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  /**
   * The access log so far, one line per finished request: the upstream
   * addresses tried, the status sent, the upstreams' statuses, and the
   * quoted `Mcp-Method` and `Mcp-Name` headers (which instance served what).
   */
  accessLog(): string;
  /** Stops it (SIGQUIT, then SIGKILL after three seconds), resolves once it has exited, and removes its directory. */
  stop(): Promise<void>;
}

/** Options of {@link startNginx}. */
export interface NginxOptions {
  /** `fail_timeout` of each upstream server: how long one that failed is left out. Default `10s`. */
  failTimeout?: string;
  /**
   * A `location` block of your own in place of the balancer's (a recipe from the docs, say);
   * it may proxy to the `mcp` upstream or straight to a backend.
   */
  location?: string;
}

/** The configuration: everything under `prefix`, one round-robin upstream over `backends`. */
export function nginxConfig(
  prefix: string,
  port: number,
  backends: readonly number[],
  options: NginxOptions = {},
) {
  const servers = backends
    .map(
      (backend) =>
        `    server 127.0.0.1:${backend} max_fails=1 fail_timeout=${options.failTimeout ?? '10s'};`,
    )
    .join('\n');
  return `worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  client_body_temp_path ${join(prefix, 'client_body')};
  proxy_temp_path ${join(prefix, 'proxy')};
  fastcgi_temp_path ${join(prefix, 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'uwsgi')};
  scgi_temp_path ${join(prefix, 'scgi')};
  log_format upstreams '$upstream_addr $status $upstream_status "$http_mcp_method" "$http_mcp_name"';
  upstream mcp {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
${options.location ?? defaultLocation(prefix)}
  }
}
`;
}

function defaultLocation(prefix: string): string {
  return `    location /mcp {
      access_log ${join(prefix, 'access.log')} upstreams;
      # Which upstream served each response, for tests that follow one client's requests.
      add_header X-Upstream $upstream_addr always;
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
    }`;
}

/**
 * Starts nginx on a free loopback port balancing round-robin over `backends`
 * (loopback ports), and resolves once it accepts connections.
 *
 * @example
 * const nginx = await startNginx([3001, 3002, 3003]);
 * const client = await Client.connect(nginx.url);
 * await nginx.stop();
 */
export async function startNginx(
  backends: readonly number[],
  options: NginxOptions = {},
): Promise<NginxProcess> {
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const prefix = mkdtempSync(join(tmpdir(), 'mcpkit-nginx-'));
    // Run as root, nginx's workers drop to `nobody`: they must reach the prefix and write its temp paths.
    chmodSync(prefix, 0o755);
    for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      mkdirSync(join(prefix, dir), 0o777);
    const port = await freePort();
    const conf = join(prefix, 'nginx.conf');
    writeFileSync(conf, nginxConfig(prefix, port, backends, options));
    const child = spawn(
      NGINX_BIN,
      ['-p', `${prefix}/`, '-c', conf, '-e', join(prefix, 'error.log'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.once('error', (error) => {
      output += String(error);
    });
    const started = Date.now();
    while (Date.now() - started < 10_000 && child.exitCode === null && child.pid !== undefined) {
      if (await accepts(port)) {
        const pid = child.pid;
        return {
          port,
          pid,
          url: `http://127.0.0.1:${port}/mcp`,
          accessLog: () => {
            const path = join(prefix, 'access.log');
            return existsSync(path) ? readFileSync(path, 'utf8') : '';
          },
          async stop() {
            if (child.exitCode === null && child.signalCode === null) {
              process.kill(pid, 'SIGQUIT');
              const kill = setTimeout(() => {
                if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
              }, 3000);
              await exited(child);
              clearTimeout(kill);
            }
            rmSync(prefix, { recursive: true, force: true });
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    await exited(child);
    const log = join(prefix, 'error.log');
    lastError = [output.trim(), existsSync(log) ? readFileSync(log, 'utf8').trim() : '']
      .filter(Boolean)
      .join('\n');
    rmSync(prefix, { recursive: true, force: true });
    lastError ||= 'no connection accepted within 10 s';
  }
  throw new Error(`nginx did not start: ${lastError}`);
}

/**
 * `describe` for tests that need a real nginx: runs them when nginx is
 * installed; otherwise fails in CI and skips (saying why) elsewhere.
 *
 * @example
 * describeWithNginx('behind nginx', () => { ... });
 */
export function describeWithNginx(name: string, body: () => void): void {
  if (nginxInstalled()) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs nginx, which CI must install (.ci/run does, from Debian)', () => {
        throw new Error(`nginx is not installed (looked for ${NGINX_BIN}); CI must provide it`);
      });
    });
    return;
  }
  console.warn(`[test] skipping "${name}": nginx is not installed (apt-get install nginx, or set NGINX)`);
  describe.skip(`${name} (skipped: nginx is not installed)`, body);
}
