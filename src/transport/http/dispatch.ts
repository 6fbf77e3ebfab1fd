/**
 * The one bridge from Streamable HTTP to the engine: each POSTed request is served by a
 * {@link Dispatcher} on its own, with its response stream as the channel for related
 * notifications, its disconnect as cancellation (2026-07-28), and the HTTP status the
 * dispatcher's serving edge reports for its outcome (200 without an edge).
 */
import type { Dispatcher } from '../../session/dispatcher.js';
import type { StreamableHttpHandlers } from './endpoint.js';

/**
 * Endpoint handlers that serve requests and notifications with a dispatcher. McpServer's
 * endpoint is built on them (2025 sessions wrap them).
 *
 * @example
 * const dispatcher = new Dispatcher();
 * dispatcher.setRequestHandler('tools/list', () => ({ tools: [] }));
 * const endpoint = new StreamableHttpEndpoint(dispatcherHandlers(dispatcher));
 */
export function dispatcherHandlers(dispatcher: Dispatcher): StreamableHttpHandlers {
  return {
    async onRequest(request, exchange) {
      let status = 200;
      const message = await dispatcher.handleRequest(
        request,
        {
          notify: exchange.notify,
          binding: { http: exchange.info },
          reportStatus: (reported) => {
            status = reported;
          },
        },
        exchange.cancellation ?? exchange.signal,
      );
      return { message, status };
    },
    async onNotification(notification, info) {
      await dispatcher.handleNotification(notification, { http: info });
      return 202;
    },
  };
}
