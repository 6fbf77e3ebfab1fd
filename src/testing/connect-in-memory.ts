/**
 * The test kit: mcpkit's `Client` connected to an `McpServer` in the same process, with the
 * client's answers to the server's questions (elicitation, sampling, roots) scripted in advance
 * and every question the server asked recorded, so a test can check both what the server did
 * and what it asked. Framework-neutral: nothing here knows vitest, jest or node:test.
 */
import type { AuthPrincipal } from '../auth/server/principal.js';
import { Client, type ClientOptions } from '../client/client.js';
import type { InputContext, Root, RootsSource } from '../client/input-handlers.js';
import { McpkitLocalError } from '../protocol/errors.js';
import type { ElicitRequestParams, ElicitResult } from '../protocol/types/modern/elicitation.js';
import type { CreateMessageRequestParams, CreateMessageResult } from '../protocol/types/modern/sampling.js';
import type { McpServer } from '../server/mcp-server.js';
import { HttpStatusError } from '../transport/http/errors.js';
import { createInMemoryTransportPair } from '../transport/memory/in-memory.js';

/**
 * One scripted answer: the answer itself, or a function that gives it from what was asked.
 *
 * @example
 * const fixed: ScriptedAnswer<ElicitRequestParams, ElicitResult> = { action: 'decline' };
 * const computed: ScriptedAnswer<ElicitRequestParams, ElicitResult> = (params) =>
 *   params.message.includes('delete') ? { action: 'decline' } : { action: 'accept', content: {} };
 */
export type ScriptedAnswer<P, R> = R | ((params: P, ctx: InputContext) => R | Promise<R>);

/**
 * The answers to one kind of question: a list used in order, one answer per question (a
 * question past the end of the list fails with {@link UnscriptedInputError}), or a function
 * that answers every question.
 *
 * @example
 * const twoAnswers: Script<ElicitRequestParams, ElicitResult> = [
 *   { action: 'accept', content: { city: 'Paris' } },
 *   { action: 'cancel' },
 * ];
 * const always: Script<ElicitRequestParams, ElicitResult> = () => ({ action: 'decline' });
 */
export type Script<P, R> =
  | readonly ScriptedAnswer<P, R>[]
  | ((params: P, ctx: InputContext) => R | Promise<R>);

/**
 * A question the server asked the client, in the order asked, with the answer the script gave
 * (absent when the script had none left).
 *
 * @example
 * const asked: AskedInput = {
 *   method: 'elicitation/create',
 *   params: { message: 'Which city?', requestedSchema: { type: 'object', properties: {} } },
 *   answer: { action: 'accept', content: { city: 'Paris' } },
 * };
 */
export type AskedInput =
  | { method: 'elicitation/create'; params: ElicitRequestParams; answer?: ElicitResult }
  | { method: 'sampling/createMessage'; params: CreateMessageRequestParams; answer?: CreateMessageResult }
  | { method: 'roots/list'; answer: readonly Root[] };

/**
 * Options of {@link connectInMemory}.
 *
 * @example
 * const options: InMemoryOptions = {
 *   protocolVersion: '2025-11-25',
 *   elicit: [{ action: 'accept', content: { city: 'Oslo' } }, { action: 'decline' }],
 *   client: { clientInfo: { name: 'my-tests', version: '1.0.0' } },
 * };
 */
export interface InMemoryOptions {
  /**
   * The revision to speak: `'2026-07-28'` (questions come back as Multi Round-Trip input
   * requests, answered on the call's next round) or a 2025 one such as `'2025-11-25'` (a session
   * opened with `initialize`; questions are real server-to-client requests). Default: negotiated,
   * the newest the server speaks.
   */
  protocolVersion?: string;
  /**
   * Answers to elicitation. Declares the `elicitation` capability (form mode; add
   * `client: { elicitUrl: true }` for URL mode). Without it the client declares none, as a
   * client without a user interface would.
   */
  elicit?: Script<ElicitRequestParams, ElicitResult>;
  /**
   * Answers to sampling. Declares the `sampling` capability.
   *
   * @deprecated Sampling is deprecated as of MCP 2026-07-28 (SEP-2577); see `ClientOptions.onSample`.
   */
  sample?: Script<CreateMessageRequestParams, CreateMessageResult>;
  /**
   * The client's roots. Declares the `roots` capability.
   *
   * @deprecated Roots are deprecated as of MCP 2026-07-28 (SEP-2577); see `ClientOptions.roots`.
   */
  roots?: RootsSource;
  /**
   * Connect as this verified principal, as if an authorization layer in front of the server had
   * checked a token: handlers see it as `ctx.auth`, middleware as `bindingOf(ctx).principal`. The
   * requests then go through `server.fetch` (Streamable HTTP in process, still without a socket)
   * rather than a message transport, since only HTTP requests carry a principal. For a server
   * without `auth` of its own (something in front authenticates); a server with `auth` wants a
   * bearer token on every HTTP request, so test it with tokens (docs/auth.md). Without this
   * option the server's `auth` does not apply, as on stdio: handlers see no `ctx.auth`.
   */
  auth?: AuthPrincipal;
  /** Any other client option (`clientInfo`, `middleware`, `elicitUrl`, `timeoutMs`, ...). */
  client?: Omit<ClientOptions, 'onElicit' | 'onSample' | 'roots' | 'protocolVersion'>;
}

/**
 * What {@link connectInMemory} gives: the connected client, the record of questions, and `close`.
 *
 * @example
 * const connection: InMemoryConnection = await connectInMemory(server, { elicit: [{ action: 'cancel' }] });
 * await connection.client.callTool('forecast', {});
 * console.log(connection.asked.map((question) => question.method));
 * await connection.close();
 */
export interface InMemoryConnection {
  /** The connected client. */
  readonly client: Client;
  /** Every question the server asked, in order. */
  readonly asked: readonly AskedInput[];
  /**
   * Closes the client's connection (the server stays as it is). Rejects with the first
   * {@link UnscriptedInputError} if the server asked something the script had no answer for, so
   * a test that never looked at the failed call still fails.
   */
  close(): Promise<void>;
}

/**
 * The server asked the client something the script has no answer for: a question past the end
 * of a scripted list, named in the message.
 *
 * @example
 * try {
 *   await client.callTool('book_flight', {});
 * } catch (error) {
 *   if (error instanceof UnscriptedInputError) console.error(error.method, error.params);
 * }
 */
export class UnscriptedInputError extends McpkitLocalError {
  override name = 'UnscriptedInputError';
  constructor(
    /** What the server asked: `elicitation/create` or `sampling/createMessage`. */
    readonly method: 'elicitation/create' | 'sampling/createMessage',
    /** The question as the server sent it. */
    readonly params: ElicitRequestParams | CreateMessageRequestParams,
    scripted: number,
  ) {
    super(
      `The server asked ${method} ${describeQuestion(method, params)}, but the script has no answer left ` +
        `(${scripted} scripted, all used): add one to the test kit's ${method === 'elicitation/create' ? 'elicit' : 'sample'} list`,
    );
  }
}

/**
 * Connects mcpkit's `Client` to `server` in the same process, on either era, and answers the
 * server's questions from scripts. Calls go through the server's serving edge exactly as from a
 * remote client (the same gate, middleware, codec and error handling); nothing is mocked.
 *
 * @example
 * import { connectInMemory } from 'mcpkit/testing';
 *
 * const { client, asked, close } = await connectInMemory(server, {
 *   protocolVersion: '2025-11-25',
 *   elicit: [{ action: 'accept', content: { city: 'Paris' } }],
 * });
 * const result = await client.callTool('forecast', {});
 * console.log(result.content, asked[0]?.method); // elicitation/create
 * await close();
 */
export async function connectInMemory(
  server: McpServer,
  options: InMemoryOptions = {},
): Promise<InMemoryConnection> {
  const asked: AskedInput[] = [];
  const unscripted: UnscriptedInputError[] = [];
  const clientOptions: ClientOptions = { ...options.client };
  if (options.protocolVersion !== undefined) clientOptions.protocolVersion = options.protocolVersion;

  if (options.elicit !== undefined) {
    const answer = answerer('elicitation/create', options.elicit, unscripted);
    clientOptions.onElicit = async (params, ctx) => {
      const entry: AskedInput = { method: 'elicitation/create', params };
      asked.push(entry);
      entry.answer = await answer(params, ctx);
      return entry.answer;
    };
  }
  // The deprecated options are taken on purpose: servers may still ask for sampling and roots.
  const sample = options.sample;
  if (sample !== undefined) {
    const answer = answerer('sampling/createMessage', sample, unscripted);
    clientOptions.onSample = async (params, ctx) => {
      const entry: AskedInput = { method: 'sampling/createMessage', params };
      asked.push(entry);
      entry.answer = await answer(params, ctx);
      return entry.answer;
    };
  }
  const roots = options.roots;
  if (roots !== undefined) {
    clientOptions.roots = async (ctx) => {
      const answer = typeof roots === 'function' ? [...(await roots(ctx))] : [...roots];
      asked.push({ method: 'roots/list', answer });
      return answer;
    };
  }

  let client: Client;
  const principal = options.auth;
  if (principal !== undefined) {
    try {
      client = await Client.connect('http://localhost/mcp', {
        ...clientOptions,
        // `extra.auth` is where server.fetch takes a principal an authenticating framework verified.
        fetch: (input, init) => server.fetch(new Request(input, init), { auth: principal }),
      });
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 401) {
        throw new McpkitLocalError(
          "connectInMemory: the server answered 401 to a request connected with `auth`: a server built with its own `auth` checks a bearer token on every HTTP request, and the test kit's principal is no token. Test such a server with tokens (docs/auth.md), or leave out the kit's `auth` to connect over a message transport, where the server's `auth` does not apply",
          { cause: error },
        );
      }
      throw error;
    }
  } else {
    const [clientSide, serverSide] = createInMemoryTransportPair();
    await server.connect(serverSide);
    client = await Client.connect(clientSide, clientOptions);
  }
  return {
    client,
    asked,
    async close() {
      await client.close();
      if (unscripted.length > 0) throw unscripted[0];
    },
  };
}

/** Turns a script into a handler that gives the next answer, or fails naming the question. */
function answerer<P extends ElicitRequestParams | CreateMessageRequestParams, R>(
  method: 'elicitation/create' | 'sampling/createMessage',
  script: Script<P, R>,
  unscripted: UnscriptedInputError[],
): (params: P, ctx: InputContext) => Promise<R> {
  if (typeof script === 'function') return async (params, ctx) => script(params, ctx);
  const answers = [...script];
  let used = 0;
  return async (params, ctx) => {
    if (used >= answers.length) {
      const error = new UnscriptedInputError(method, params, answers.length);
      unscripted.push(error);
      throw error;
    }
    const next = answers[used++] as ScriptedAnswer<P, R>;
    return typeof next === 'function'
      ? (next as (params: P, ctx: InputContext) => R | Promise<R>)(params, ctx)
      : next;
  };
}

/** A short, readable form of a question for error messages. */
function describeQuestion(
  method: 'elicitation/create' | 'sampling/createMessage',
  params: ElicitRequestParams | CreateMessageRequestParams,
): string {
  if (method === 'elicitation/create') {
    const ask = params as ElicitRequestParams;
    return ask.mode === 'url'
      ? `(URL mode: ${JSON.stringify(ask.message)}, ${ask.url})`
      : `(${JSON.stringify(ask.message)})`;
  }
  const messages = (params as CreateMessageRequestParams).messages ?? [];
  const last = messages[messages.length - 1];
  const blocks = last === undefined ? [] : Array.isArray(last.content) ? last.content : [last.content];
  const text = blocks.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join(' ');
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `(${messages.length} message${messages.length === 1 ? '' : 's'}, the last ${JSON.stringify(short)})`;
}
