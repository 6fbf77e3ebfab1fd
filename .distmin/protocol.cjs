'use strict';

var chunk3H42QMP3_cjs = require('./chunk-3H42QMP3.cjs');



Object.defineProperty(exports, "CACHEABLE_METHODS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.CACHEABLE_METHODS; }
});
Object.defineProperty(exports, "CapacityExceededError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.CapacityExceededError; }
});
Object.defineProperty(exports, "ConnectionClosedError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.ConnectionClosedError; }
});
Object.defineProperty(exports, "DEFAULT_CACHE_HINTS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.DEFAULT_CACHE_HINTS; }
});
Object.defineProperty(exports, "ErrorCode", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.ErrorCode; }
});
Object.defineProperty(exports, "FIRST_MODERN_PROTOCOL_VERSION", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.FIRST_MODERN_PROTOCOL_VERSION; }
});
Object.defineProperty(exports, "HeaderMismatchError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.HeaderMismatchError; }
});
Object.defineProperty(exports, "InternalError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.InternalError; }
});
Object.defineProperty(exports, "InvalidParamsError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.InvalidParamsError; }
});
Object.defineProperty(exports, "InvalidRequestError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.InvalidRequestError; }
});
Object.defineProperty(exports, "JSONRPC_VERSION", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.JSONRPC_VERSION; }
});
Object.defineProperty(exports, "LATEST_PROTOCOL_VERSION", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.LATEST_PROTOCOL_VERSION; }
});
Object.defineProperty(exports, "LEGACY_PROTOCOL_VERSIONS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.LEGACY_PROTOCOL_VERSIONS; }
});
Object.defineProperty(exports, "MCP_META_PREFIX", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.MCP_META_PREFIX; }
});
Object.defineProperty(exports, "META_BAGGAGE", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_BAGGAGE; }
});
Object.defineProperty(exports, "META_CLIENT_CAPABILITIES", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_CLIENT_CAPABILITIES; }
});
Object.defineProperty(exports, "META_CLIENT_INFO", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_CLIENT_INFO; }
});
Object.defineProperty(exports, "META_LOG_LEVEL", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_LOG_LEVEL; }
});
Object.defineProperty(exports, "META_PROGRESS_TOKEN", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_PROGRESS_TOKEN; }
});
Object.defineProperty(exports, "META_PROTOCOL_VERSION", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_PROTOCOL_VERSION; }
});
Object.defineProperty(exports, "META_SERVER_INFO", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_SERVER_INFO; }
});
Object.defineProperty(exports, "META_SUBSCRIPTION_ID", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_SUBSCRIPTION_ID; }
});
Object.defineProperty(exports, "META_TRACEPARENT", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_TRACEPARENT; }
});
Object.defineProperty(exports, "META_TRACESTATE", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.META_TRACESTATE; }
});
Object.defineProperty(exports, "MODERN_PROTOCOL_VERSIONS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.MODERN_PROTOCOL_VERSIONS; }
});
Object.defineProperty(exports, "McpError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.McpError; }
});
Object.defineProperty(exports, "McpkitError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.McpkitError; }
});
Object.defineProperty(exports, "McpkitLocalError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.McpkitLocalError; }
});
Object.defineProperty(exports, "MessageTooLargeError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.MessageTooLargeError; }
});
Object.defineProperty(exports, "MethodNotFoundError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.MethodNotFoundError; }
});
Object.defineProperty(exports, "MissingRequiredClientCapabilityError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.MissingRequiredClientCapabilityError; }
});
Object.defineProperty(exports, "ParseError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.ParseError; }
});
Object.defineProperty(exports, "RequestCancelledError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.RequestCancelledError; }
});
Object.defineProperty(exports, "RequestTimeoutError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.RequestTimeoutError; }
});
Object.defineProperty(exports, "ResourceNotFoundError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.ResourceNotFoundError; }
});
Object.defineProperty(exports, "SUPPORTED_PROTOCOL_VERSIONS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.SUPPORTED_PROTOCOL_VERSIONS; }
});
Object.defineProperty(exports, "UnsupportedProtocolVersionError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.UnsupportedProtocolVersionError; }
});
Object.defineProperty(exports, "UrlElicitationRequiredError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.UrlElicitationRequiredError; }
});
Object.defineProperty(exports, "classifyMessage", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.classifyMessage; }
});
Object.defineProperty(exports, "codecFor", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.codecFor; }
});
Object.defineProperty(exports, "describeIssue", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.describeIssue; }
});
Object.defineProperty(exports, "eraOf", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.eraOf; }
});
Object.defineProperty(exports, "isErrorResponse", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isErrorResponse; }
});
Object.defineProperty(exports, "isLegacyProtocolVersion", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isLegacyProtocolVersion; }
});
Object.defineProperty(exports, "isModernProtocolVersion", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isModernProtocolVersion; }
});
Object.defineProperty(exports, "isNotification", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isNotification; }
});
Object.defineProperty(exports, "isRequest", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isRequest; }
});
Object.defineProperty(exports, "isReservedMetaKey", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isReservedMetaKey; }
});
Object.defineProperty(exports, "isResourceNotFound", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isResourceNotFound; }
});
Object.defineProperty(exports, "isResponse", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isResponse; }
});
Object.defineProperty(exports, "isSupportedProtocolVersion", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isSupportedProtocolVersion; }
});
Object.defineProperty(exports, "isValidMetaKey", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isValidMetaKey; }
});
Object.defineProperty(exports, "parseMessage", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.parseMessage; }
});
Object.defineProperty(exports, "resourceNotFound", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.resourceNotFound; }
});
Object.defineProperty(exports, "validateNotificationParams", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.validateNotificationParams; }
});
Object.defineProperty(exports, "validateRequestMeta", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.validateRequestMeta; }
});
Object.defineProperty(exports, "validateRequestParams", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.validateRequestParams; }
});
Object.defineProperty(exports, "validateResult", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.validateResult; }
});
Object.defineProperty(exports, "validateServerRequestParams", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.validateServerRequestParams; }
});
//# sourceMappingURL=protocol.cjs.map
//# sourceMappingURL=protocol.cjs.map