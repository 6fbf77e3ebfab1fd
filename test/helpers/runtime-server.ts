/**
 * Runs a bundled fetch-handler server under workerd, Deno or Bun on a free
 * loopback port, from the binaries their npm packages install
 * (node_modules/.bin), and stops it by its pid. A missing binary is an error
 * that says how to install it, never a skip: these runtimes are devDependencies.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accepts, exited, freePort } from './processes.js';

const bin = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));

/** A runtime server: its URL, pid and a way to stop it. */
export interface RuntimeServer {
  /** `http://127.0.0.1:<port>` (no path). */
  readonly origin: string;
  readonly pid: number;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after two seconds; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The path of a runtime's binary; throws, naming the package, when it is not installed. */
export function runtimeBinary(name: 'workerd' | 'deno' | 'bun'): string {
  const path = join(bin, name);
  if (!existsSync(path)) {
    throw new Error(
      `${name} is not installed at ${path}: it is a devDependency (npm package "${name}", which ships the binary); run npm ci`,
    );
  }
  return path;
}

/**
 * Starts the bundled module `file` under `runtime` on a free loopback port and
 * resolves once the port accepts connections.
 *
 * @example
 * const server = await startRuntimeServer('deno', '/tmp/x/server-deno.mjs');
 * await Client.connect(`${server.origin}/mcp`);
 * await server.stop();
 */
export async function startRuntimeServer(
  runtime: 'workerd' | 'deno' | 'bun',
  file: string,
  /** workerd's configuration for `file` on `port`. */
  workerdConfig?: (file: string, port: number) => string,
): Promise<RuntimeServer> {
  const binary = runtimeBinary(runtime);
  const port = await freePort();
  let args: string[];
  if (runtime === 'workerd') {
    if (!workerdConfig) throw new Error('startRuntimeServer: workerd needs a configuration');
    const config = join(dirname(file), `workerd-${port}.capnp`);
    writeFileSync(config, workerdConfig(file, port));
    args = ['serve', config];
  } else if (runtime === 'deno') {
    args = ['run', '--allow-net', '--no-prompt', file, String(port)];
  } else {
    args = [file, String(port)];
  }
  const child = spawn(binary, args, {
    cwd: dirname(file),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
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
  while (Date.now() - started < 20_000 && child.exitCode === null && child.pid !== undefined) {
    if (await accepts(port)) {
      const pid = child.pid;
      return {
        origin: `http://127.0.0.1:${port}`,
        pid,
        output: () => output,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            process.kill(pid, 'SIGTERM');
            const kill = setTimeout(() => {
              if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
            }, 2000);
            await exited(child);
            clearTimeout(kill);
          }
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  await exited(child);
  throw new Error(`${runtime} did not start serving ${file} on port ${port}:\n${output.trim()}`);
}
