/**
 * The input options of a proxy's upstream Client, apart from the proxy itself so the CLI can set
 * them up without loading the server.
 */
import { ErrorCode, McpError } from '../../protocol/errors.js';
import type { ClientOptions } from '../client.js';

/**
 * The input handlers of a Client made to be a proxy's upstream: a 2025 server asks its
 * questions with requests, which a client answers only for capabilities declared at
 * `initialize`. These declare elicitation (form and URL), sampling (with tools) and roots; each
 * question goes to the handlers of the forwarded call it belongs to (`CallOptions`), and one that
 * belongs to none is refused. Give them to a Client you connect yourself for `createProxy`.
 *
 * @example
 * const upstream = await Client.connect(url, { ...proxyClientInput(), headers });
 * const proxy = await createProxy(upstream);
 */
export function proxyClientInput(): ClientOptions {
  const outsideCalls = (what: string) => () => {
    throw new McpError(
      ErrorCode.MethodNotFound,
      `No client behind this proxy answers ${what} here: only a forwarded call's caller that declared it`,
    );
  };
  return {
    onElicit: outsideCalls('elicitation'),
    elicitUrl: true,
    onSample: outsideCalls('sampling'),
    sampleWithTools: true,
    roots: outsideCalls('roots requests'),
  };
}
