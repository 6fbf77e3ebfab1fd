/**
 * Streamable HTTP handlers for an {@link McpServer}'s dispatcher: each POSTed request is served
 * on its own, with its response stream as the channel for related notifications, its
 * disconnect as cancellation (2026-07-28), and the HTTP status the serving edge reports.
 * 2025 sessions wrap these (`legacy/http-sessions.ts`).
 */
import type { Dispatcher } from '../session/dispatcher.js';
import type { StreamableHttpHandlers } from '../transport/http/endpoint.js';

/**
 * Endpoint handlers that serve every POST through the dispatcher and its serving edge.
 *
 * @example
 * const endpoint = new StreamableHttpEndpoint(httpServingHandlers(server.dispatcher));
 */
export function httpServingHandlers(dispatcher: Dispatcher): StreamableHttpHandlers {
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
