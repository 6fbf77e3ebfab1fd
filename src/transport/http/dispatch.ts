/**
 * Connects a {@link Dispatcher} to the Streamable HTTP endpoint: each POSTed
 * request is served on its own, with its response stream as the channel for
 * related notifications and its disconnect as cancellation.
 */
import type { Dispatcher } from '../../session/dispatcher.js';
import type { StreamableHttpHandlers } from './endpoint.js';

/**
 * Endpoint handlers that serve requests and notifications with a dispatcher.
 *
 * @example
 * const dispatcher = new Dispatcher();
 * dispatcher.setRequestHandler('tools/list', () => ({ tools: [] }));
 * const endpoint = new StreamableHttpEndpoint(dispatcherHandlers(dispatcher));
 */
export function dispatcherHandlers(dispatcher: Dispatcher): StreamableHttpHandlers {
  return {
    async onRequest(request, exchange) {
      const message = await dispatcher.handleRequest(
        request,
        { notify: exchange.notify, binding: { http: exchange.info } },
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
