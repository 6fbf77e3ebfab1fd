'use strict';

var chunkAIRZRY7C_cjs = require('./chunk-AIRZRY7C.cjs');
require('./chunk-2O5OMDZ2.cjs');
var chunk3H42QMP3_cjs = require('./chunk-3H42QMP3.cjs');

async function serveStdio(server,options={}){let connection={session:void 0},peer=new chunk3H42QMP3_cjs.JsonRpcPeer(new chunk3H42QMP3_cjs.StdioServerTransport(options),{dispatcher:server.dispatcher,origin:{connection}});return connection.sink=notification=>{peer.notify(notification.method,notification.params).catch(()=>{});},await peer.start(),peer.closed.then(()=>connection.session?.close()),{peer,closed:peer.closed,async close(){server.close(),await peer.close();}}}

Object.defineProperty(exports, "DEFAULT_INHERITED_ENV_VARS", {
	enumerable: true,
	get: function () { return chunkAIRZRY7C_cjs.DEFAULT_INHERITED_ENV_VARS; }
});
Object.defineProperty(exports, "StdioClientTransport", {
	enumerable: true,
	get: function () { return chunkAIRZRY7C_cjs.StdioClientTransport; }
});
Object.defineProperty(exports, "defaultChildEnvironment", {
	enumerable: true,
	get: function () { return chunkAIRZRY7C_cjs.defaultChildEnvironment; }
});
Object.defineProperty(exports, "DEFAULT_MAX_STDIO_MESSAGE_BYTES", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.DEFAULT_MAX_STDIO_MESSAGE_BYTES; }
});
Object.defineProperty(exports, "LineDecoder", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.LineDecoder; }
});
Object.defineProperty(exports, "StdioServerTransport", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.StdioServerTransport; }
});
Object.defineProperty(exports, "StreamTransport", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.StreamTransport; }
});
exports.serveStdio = serveStdio;
//# sourceMappingURL=stdio.cjs.map
//# sourceMappingURL=stdio.cjs.map