/**
 * Streamable HTTP endpoint handlers over a bare Dispatcher, for tests of the endpoint and the
 * HTTP client transport without an McpServer: each POSTed request is dispatched on its own,
 * with its response stream as the channel for related notifications and its disconnect as
 * cancellation. (McpServer has its own handlers, with its request gate.)
 */
import type { StreamableHttpHandlers } from '../../src/entries/http.js';
import type { Dispatcher } from '../../src/entries/session.js';

export function dispatcherHandlers(dispatcher: Dispatcher): StreamableHttpHandlers {
  return {
    async onRequest(request, exchange) {
      const message = await dispatcher.handleRequest(
        request,
        { notify: exchange.notify, origin: { http: exchange.info } },
        exchange.cancellation ?? exchange.signal,
      );
      return { message };
    },
    async onNotification(notification, info) {
      await dispatcher.handleNotification(notification, { http: info });
      return 202;
    },
  };
}
