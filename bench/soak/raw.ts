/**
 * The soak's raw HTTP clients: what a well-behaved Client never sends (broken JSON,
 * a bad envelope, the wrong Content-Type, a body over the limit, an unknown session)
 * and the peers a server must survive (headers trickling in, a stream nobody reads).
 * Each returns the outcome the tally counts.
 */
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import type { Verdict } from './tally.js';

const MODERN = '2026-07-28';
// No cap on sockets: a request queued in the agent behind slow ones would count as sent but
// never reach the server, and its deadline would blame the server for the driver's queue.
// Idle sockets close after 5 s, before the server's keep-alive timeout (10 s in the soak) closes
// them: a request sent on a socket the server is closing at that moment fails (the keep-alive race).
const agent = new Agent({ keepAlive: true, timeout: 5_000 });

/** A 2026-07-28 request with its `_meta` envelope, and the headers that go with it. */
export function modernRequest(id: number, method: string, params: Record<string, unknown>) {
  const message = {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN,
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...requestHeadersFor(message, { protocolVersion: MODERN }),
  };
  return { body: JSON.stringify(message), headers };
}

/** POSTs `body` and resolves to the status and body text (the socket goes back to the pool). */
export function post(
  url: URL,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The JSON-RPC error code in a response body, if it is one. */
function errorCode(text: string): number | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'number' ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** Expects `status` and, when given, the JSON-RPC error `code`. */
function expectRefusal(reply: { status: number; text: string }, status: number, code?: number): Verdict {
  if (reply.status === status && (code === undefined || errorCode(reply.text) === code)) return 'refused';
  return {
    outcome: 'unexpected',
    detail: `wanted ${status}${code ? `/${code}` : ''}, got ${reply.status} ${reply.text.slice(0, 200)}`,
  };
}

/** The malformed requests, one picked per call by `variant`. */
export async function malformed(url: URL, variant: number): Promise<Verdict> {
  const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  switch (variant % 5) {
    case 0:
      return expectRefusal(await post(url, json, '{"jsonrpc":"2.0","id":1,"method":'), 400, -32700);
    case 1:
      return expectRefusal(await post(url, json, '{"jsonrpc":"2.0","id":7,"method":42}'), 400, -32600);
    case 2:
      return expectRefusal(await post(url, { ...json, 'content-type': 'text/plain' }, '{}'), 415);
    case 3: {
      // The Mcp-Method header names another method than the body: -32020.
      const { body, headers } = modernRequest(9, 'tools/call', {
        name: 'soak_echo',
        arguments: { text: 'x' },
      });
      return expectRefusal(await post(url, { ...headers, 'mcp-method': 'tools/list' }, body), 400, -32020);
    }
    default: {
      // A 2025 request in a session that never existed.
      const body = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} });
      const headers = { ...json, 'mcp-session-id': 'no-such-session', 'mcp-protocol-version': '2025-11-25' };
      return expectRefusal(await post(url, headers, body), 404);
    }
  }
}

/** A body of `bytes` (a valid request padded with a long string): the server answers 413. */
export async function oversized(url: URL, bytes: number): Promise<Verdict> {
  const { body, headers } = modernRequest(11, 'tools/call', {
    name: 'soak_echo',
    arguments: { text: 'x'.repeat(bytes) },
  });
  try {
    return expectRefusal(await post(url, headers, body), 413);
  } catch (error) {
    // A server may stop reading an oversized body and close the connection after its 413;
    // the write then fails here. That is a refusal too, but only with the 413 seen.
    return { outcome: 'unexpected', detail: `oversized body: ${(error as Error).message}` };
  }
}

/** Writes one request's head a line at a time, `lineGapMs` apart, then its body; expects a 200. */
export function slowHeaders(url: URL, lineGapMs: number): Promise<Verdict> {
  const { body, headers } = modernRequest(21, 'tools/call', {
    name: 'soak_echo',
    arguments: { text: 'slow' },
  });
  const lines = [
    `POST ${url.pathname} HTTP/1.1`,
    `host: ${url.host}`,
    'connection: close',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let reply = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (verdict: Verdict) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
    });
    socket.on('error', (error) =>
      finish({ outcome: 'unexpected', detail: `slow headers: ${error.message}` }),
    );
    socket.on('close', () => {
      if (/^HTTP\/1\.1 200 /.test(reply) && reply.includes('"slow"')) finish('answered');
      else
        finish({
          outcome: 'unexpected',
          detail: `slow headers: ${reply.slice(0, 200) || 'closed without a reply'}`,
        });
    });
    let next = 0;
    const writeLine = () => {
      if (next < lines.length) {
        socket.write(`${lines[next++]}\r\n`);
        timer = setTimeout(writeLine, lineGapMs);
      } else socket.write(`\r\n${body}`);
    };
    socket.once('connect', writeLine);
  });
}

/**
 * Opens a listen stream, reads its first chunk (status line and headers), then never reads
 * again for `holdMs` while the server keeps writing to it, and drops the connection.
 */
export function neverReader(url: URL, holdMs: number): Promise<Verdict> {
  const { body, headers } = modernRequest(31, 'subscriptions/listen', {
    notifications: { toolsListChanged: true, promptsListChanged: true },
  });
  const head = [
    `POST ${url.pathname} HTTP/1.1`,
    `host: ${url.host}`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: url.hostname, port: Number(url.port) });
    let settled = false;
    const finish = (verdict: Verdict) => {
      if (settled) return;
      settled = true;
      resolve(verdict);
    };
    socket.on('error', (error) =>
      finish({ outcome: 'unexpected', detail: `never-reader: ${error.message}` }),
    );
    socket.on('close', () => finish({ outcome: 'unexpected', detail: 'never-reader: closed by the server' }));
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      const text = chunk.toString('utf8');
      if (!/^HTTP\/1\.1 200 /.test(text) || !text.includes('text/event-stream')) {
        socket.destroy();
        finish({ outcome: 'unexpected', detail: `never-reader: ${text.slice(0, 200)}` });
        return;
      }
      setTimeout(() => {
        finish('answered');
        socket.destroy();
      }, holdMs);
    });
    socket.write(`${head}\r\n\r\n${body}`);
  });
}

/**
 * A 2025-11-25 session opened by hand (initialize, initialized, one tool call) and then
 * left without DELETE: the server must end it when it has been idle long enough.
 */
export async function abandonedSession(url: URL): Promise<Verdict> {
  const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const opened = await new Promise<{ status: number; session: string | undefined }>((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: json, agent }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, session: response.headers['mcp-session-id'] as string }),
      );
    });
    request.on('error', reject);
    request.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'soak', version: '1' },
        },
      }),
    );
  });
  if (opened.status !== 200 || !opened.session) {
    return { outcome: 'unexpected', detail: `initialize: ${opened.status}` };
  }
  const session = { ...json, 'mcp-session-id': opened.session, 'mcp-protocol-version': '2025-11-25' };
  const initialized = await post(
    url,
    session,
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  );
  if (initialized.status !== 202)
    return { outcome: 'unexpected', detail: `initialized: ${initialized.status}` };
  const call = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'soak_echo', arguments: { text: 'abandoned' } },
  });
  const reply = await post(url, session, call);
  return reply.status === 200 && reply.text.includes('abandoned')
    ? 'answered'
    : {
        outcome: 'unexpected',
        detail: `tools/call in a session: ${reply.status} ${reply.text.slice(0, 200)}`,
      };
}

/** Closes the pooled keep-alive sockets, so the server sees them go. */
export function closeRawConnections(): void {
  agent.destroy();
}
