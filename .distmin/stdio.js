export { DEFAULT_INHERITED_ENV_VARS, StdioClientTransport, defaultChildEnvironment } from './chunk-PNCVFHLM.js';
import './chunk-YNMJ7REL.js';
import { JsonRpcPeer, StdioServerTransport } from './chunk-DFK35OFH.js';
export { DEFAULT_MAX_STDIO_MESSAGE_BYTES, LineDecoder, StdioServerTransport, StreamTransport } from './chunk-DFK35OFH.js';

async function serveStdio(server,options={}){let connection={session:void 0},peer=new JsonRpcPeer(new StdioServerTransport(options),{dispatcher:server.dispatcher,origin:{connection}});return connection.sink=notification=>{peer.notify(notification.method,notification.params).catch(()=>{});},await peer.start(),peer.closed.then(()=>connection.session?.close()),{peer,closed:peer.closed,async close(){server.close(),await peer.close();}}}

export { serveStdio };
//# sourceMappingURL=stdio.js.map
//# sourceMappingURL=stdio.js.map