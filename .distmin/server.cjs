'use strict';

var chunk2O5OMDZ2_cjs = require('./chunk-2O5OMDZ2.cjs');
var chunk3H42QMP3_cjs = require('./chunk-3H42QMP3.cjs');



Object.defineProperty(exports, "AUTH_EXTRA_KEY", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.AUTH_EXTRA_KEY; }
});
Object.defineProperty(exports, "BearerGuard", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.BearerGuard; }
});
Object.defineProperty(exports, "DEFAULT_DPOP_ALGORITHMS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_DPOP_ALGORITHMS; }
});
Object.defineProperty(exports, "DEFAULT_DPOP_MAX_AGE_SECONDS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_DPOP_MAX_AGE_SECONDS; }
});
Object.defineProperty(exports, "DEFAULT_MAX_INPUT_ROUNDS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_MAX_INPUT_ROUNDS; }
});
Object.defineProperty(exports, "DEFAULT_MAX_RESOURCE_SUBSCRIPTIONS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_MAX_RESOURCE_SUBSCRIPTIONS; }
});
Object.defineProperty(exports, "DEFAULT_MAX_SESSIONS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_MAX_SESSIONS; }
});
Object.defineProperty(exports, "DEFAULT_MAX_TASKS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_MAX_TASKS; }
});
Object.defineProperty(exports, "DEFAULT_MAX_TASKS_PER_OWNER", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_MAX_TASKS_PER_OWNER; }
});
Object.defineProperty(exports, "DEFAULT_PAGE_SIZE", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_PAGE_SIZE; }
});
Object.defineProperty(exports, "DEFAULT_SESSION_IDLE_TIMEOUT_MS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_SESSION_IDLE_TIMEOUT_MS; }
});
Object.defineProperty(exports, "DEFAULT_STATE_TTL_MS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_STATE_TTL_MS; }
});
Object.defineProperty(exports, "DEFAULT_TASK_POLL_INTERVAL_MS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_TASK_POLL_INTERVAL_MS; }
});
Object.defineProperty(exports, "DEFAULT_TASK_SWEEP_INTERVAL_MS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_TASK_SWEEP_INTERVAL_MS; }
});
Object.defineProperty(exports, "DEFAULT_TASK_TTL_MS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DEFAULT_TASK_TTL_MS; }
});
Object.defineProperty(exports, "DpopReplayCache", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.DpopReplayCache; }
});
Object.defineProperty(exports, "InMemoryEventBus", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.InMemoryEventBus; }
});
Object.defineProperty(exports, "InMemoryEventLog", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.InMemoryEventLog; }
});
Object.defineProperty(exports, "InMemoryTaskStore", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.InMemoryTaskStore; }
});
Object.defineProperty(exports, "InvalidTokenError", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.InvalidTokenError; }
});
Object.defineProperty(exports, "MAX_COMPLETION_VALUES", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.MAX_COMPLETION_VALUES; }
});
Object.defineProperty(exports, "MAX_LISTENED_TASKS", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.MAX_LISTENED_TASKS; }
});
Object.defineProperty(exports, "McpServer", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.McpServer; }
});
Object.defineProperty(exports, "NO_TASK", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.NO_TASK; }
});
Object.defineProperty(exports, "ProtectedHttpEndpoint", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.ProtectedHttpEndpoint; }
});
Object.defineProperty(exports, "ResourceTemplate", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.ResourceTemplate; }
});
Object.defineProperty(exports, "StateKeyRing", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.StateKeyRing; }
});
Object.defineProperty(exports, "TASKS_EXTENSION", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.TASKS_EXTENSION; }
});
Object.defineProperty(exports, "TaskCancelledError", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.TaskCancelledError; }
});
Object.defineProperty(exports, "TaskLimitError", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.TaskLimitError; }
});
Object.defineProperty(exports, "UriTemplate", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.UriTemplate; }
});
Object.defineProperty(exports, "bearerRefusal", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.bearerRefusal; }
});
Object.defineProperty(exports, "checkToolExecution", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.checkToolExecution; }
});
Object.defineProperty(exports, "createdTaskResult", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.createdTaskResult; }
});
Object.defineProperty(exports, "declaresTasks", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.declaresTasks; }
});
Object.defineProperty(exports, "detailedTask", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.detailedTask; }
});
Object.defineProperty(exports, "formatBearerChallenge", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.formatBearerChallenge; }
});
Object.defineProperty(exports, "gateModernRequest", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.gateModernRequest; }
});
Object.defineProperty(exports, "inputRequired", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.inputRequired; }
});
Object.defineProperty(exports, "introspectionVerifier", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.introspectionVerifier; }
});
Object.defineProperty(exports, "isFinalStatus", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.isFinalStatus; }
});
Object.defineProperty(exports, "jwtVerifier", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.jwtVerifier; }
});
Object.defineProperty(exports, "missingScopes", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.missingScopes; }
});
Object.defineProperty(exports, "missingTasksCapability", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.missingTasksCapability; }
});
Object.defineProperty(exports, "modernHttpHandlers", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.modernHttpHandlers; }
});
Object.defineProperty(exports, "modernServingMiddleware", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.modernServingMiddleware; }
});
Object.defineProperty(exports, "parseScope", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.parseScope; }
});
Object.defineProperty(exports, "principalFromClaims", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.principalFromClaims; }
});
Object.defineProperty(exports, "principalIdentity", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.principalIdentity; }
});
Object.defineProperty(exports, "principalOf", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.principalOf; }
});
Object.defineProperty(exports, "readAccessToken", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.readAccessToken; }
});
Object.defineProperty(exports, "readBearerToken", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.readBearerToken; }
});
Object.defineProperty(exports, "scopeHierarchy", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.scopeHierarchy; }
});
Object.defineProperty(exports, "toolError", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.toolError; }
});
Object.defineProperty(exports, "unionScopes", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.unionScopes; }
});
Object.defineProperty(exports, "verifyDpopProof", {
	enumerable: true,
	get: function () { return chunk2O5OMDZ2_cjs.verifyDpopProof; }
});
Object.defineProperty(exports, "LOGGING_LEVELS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.LOGGING_LEVELS; }
});
Object.defineProperty(exports, "PROTECTED_RESOURCE_WELL_KNOWN", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.PROTECTED_RESOURCE_WELL_KNOWN; }
});
Object.defineProperty(exports, "buildResourceMetadata", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.buildResourceMetadata; }
});
Object.defineProperty(exports, "canonicalResourceUri", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.canonicalResourceUri; }
});
Object.defineProperty(exports, "resourceMetadataUrl", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.resourceMetadataUrl; }
});
//# sourceMappingURL=server.cjs.map
//# sourceMappingURL=server.cjs.map