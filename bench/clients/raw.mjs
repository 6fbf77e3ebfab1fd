/**
 * The client bench's bare limit: a hand-written JSON-RPC client with no SDK and no checks beyond
 * matching ids, so that whatever an MCP client costs beyond it is its own. Three ways, by the
 * job's `via`: `pool` (node:http with a keep-alive Agent, the cheapest HTTP Node has), `fetch`
 * (the global fetch, to show what fetch itself costs) and, for a { command } target, the child's
 * stdin/stdout.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { INITIALIZED, initializeMessage, LEGACY, message } from '../lib/wire.mjs';
import { drive } from './driver.mjs';

/**
 * A 2026-07-28 request as a conforming client sends it: the envelope with `clientInfo`, which
 * clients should send on every request (the server bench's driver leaves it out; a client bench
 * compares clients doing the same protocol work).
 */
const CLIENT_INFO = { 'io.modelcontextprotocol/clientInfo': { name: 'bare-bench-client', version: '0.0.0' } };
function envelope(wire, id, method, params) {
  const msg = message(wire, id, method, params);
  if (wire !== LEGACY) msg.params._meta = { ...msg.params._meta, ...CLIENT_INFO };
  return msg;
}

const via = JSON.parse(process.env.BENCH_CLIENT_JOB ?? '{}').via ?? 'pool';

/** One process-wide pool, as a real client keeps. */
const agent = new Agent({ keepAlive: true });

function postPool(url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      const parts = [];
      res.on('data', (chunk) => parts.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({
          session: res.headers['mcp-session-id'],
          message: text === '' ? undefined : JSON.parse(text),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function postFetch(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    session: response.headers.get('mcp-session-id') ?? undefined,
    message: text === '' ? undefined : JSON.parse(text),
  };
}

async function openHttp(url, wire) {
  const post = via === 'fetch' ? postFetch : postPool;
  let id = 0;
  let session;
  const send = async (msg) => {
    const body = JSON.stringify(msg);
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'content-length': Buffer.byteLength(body),
    };
    if (msg.method !== 'initialize') headers['mcp-protocol-version'] = wire;
    if (session !== undefined) headers['mcp-session-id'] = session;
    if (wire !== LEGACY && msg.method !== undefined) {
      headers['mcp-method'] = msg.method;
      const name = msg.params?.name ?? msg.params?.uri;
      if (name !== undefined) headers['mcp-name'] = name;
    }
    if (via === 'fetch') delete headers['content-length'];
    const answer = await post(url, headers, body);
    session ??= answer.session;
    if (answer.message?.error) throw new Error(JSON.stringify(answer.message.error));
    return answer.message?.result;
  };
  if (wire === LEGACY) {
    await send(initializeMessage(++id));
    await send(INITIALIZED);
  }
  return rpc(
    (method, params) => send(envelope(wire, ++id, method, params)),
    async () => agent.destroy(),
  );
}

async function openStdio(command, args, wire) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map();
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const msg = JSON.parse(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      const settle = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) settle?.reject(new Error(JSON.stringify(msg.error)));
      else settle?.resolve(msg.result);
    }
  });
  let id = 0;
  const send = (msg) =>
    new Promise((resolve, reject) => {
      if (msg.id !== undefined) waiting.set(msg.id, { resolve, reject });
      child.stdin.write(`${JSON.stringify(msg)}\n`);
      if (msg.id === undefined) resolve(undefined);
    });
  if (wire === LEGACY) {
    await send(initializeMessage(++id));
    await send(INITIALIZED);
  }
  return rpc(
    (method, params) => send(envelope(wire, ++id, method, params)),
    async () => {
      child.stdin.end();
      child.kill();
    },
  );
}

function rpc(call, close) {
  return {
    echo: async (text) => (await call('tools/call', { name: 'echo', arguments: { text } })).content[0].text,
    listAll: async () => {
      let count = 0;
      let cursor;
      do {
        const page = await call('tools/list', cursor === undefined ? {} : { cursor });
        count += page.tools.length;
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return count;
    },
    read: async (uri) => (await call('resources/read', { uri })).contents[0].text.length,
    close,
  };
}

await drive((target, wire) =>
  target.url ? openHttp(target.url, wire) : openStdio(target.command, target.args, wire),
);
