'use strict';

var chunkS4UCVPBS_cjs = require('./chunk-S4UCVPBS.cjs');
require('./chunk-EVRKH3MW.cjs');
require('./chunk-AIRZRY7C.cjs');
require('./chunk-3H42QMP3.cjs');



Object.defineProperty(exports, "AuthorizationCancelledError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.AuthorizationCancelledError; }
});
Object.defineProperty(exports, "AuthorizationError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.AuthorizationError; }
});
Object.defineProperty(exports, "AuthorizationResponseError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.AuthorizationResponseError; }
});
Object.defineProperty(exports, "AuthorizationRetryLimitError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.AuthorizationRetryLimitError; }
});
Object.defineProperty(exports, "CLIENT_CREDENTIALS_EXTENSION", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.CLIENT_CREDENTIALS_EXTENSION; }
});
Object.defineProperty(exports, "Client", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.Client; }
});
Object.defineProperty(exports, "DEFAULT_MAX_AUTHORIZATION_ATTEMPTS", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.DEFAULT_MAX_AUTHORIZATION_ATTEMPTS; }
});
Object.defineProperty(exports, "DPOP_ALGORITHMS", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.DPOP_ALGORITHMS; }
});
Object.defineProperty(exports, "DPoPProver", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.DPoPProver; }
});
Object.defineProperty(exports, "DiscoveryError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.DiscoveryError; }
});
Object.defineProperty(exports, "ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION; }
});
Object.defineProperty(exports, "FileAuthStore", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.FileAuthStore; }
});
Object.defineProperty(exports, "ID_JAG_TOKEN_TYPE", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.ID_JAG_TOKEN_TYPE; }
});
Object.defineProperty(exports, "InputRequiredError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.InputRequiredError; }
});
Object.defineProperty(exports, "InsecureEndpointError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.InsecureEndpointError; }
});
Object.defineProperty(exports, "IssuerMismatchError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.IssuerMismatchError; }
});
Object.defineProperty(exports, "JWT_BEARER_GRANT_TYPE", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.JWT_BEARER_GRANT_TYPE; }
});
Object.defineProperty(exports, "MAX_LISTEN_REOPENS", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.MAX_LISTEN_REOPENS; }
});
Object.defineProperty(exports, "MemoryAuthStore", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.MemoryAuthStore; }
});
Object.defineProperty(exports, "OAuthClientAuth", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.OAuthClientAuth; }
});
Object.defineProperty(exports, "PRIVATE_KEY_JWT", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.PRIVATE_KEY_JWT; }
});
Object.defineProperty(exports, "PkceUnsupportedError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.PkceUnsupportedError; }
});
Object.defineProperty(exports, "RegistrationError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.RegistrationError; }
});
Object.defineProperty(exports, "ResourceMismatchError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.ResourceMismatchError; }
});
Object.defineProperty(exports, "TokenRequestError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.TokenRequestError; }
});
Object.defineProperty(exports, "applicationTypeFor", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.applicationTypeFor; }
});
Object.defineProperty(exports, "assertPkceSupported", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.assertPkceSupported; }
});
Object.defineProperty(exports, "assertSecureEndpoint", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.assertSecureEndpoint; }
});
Object.defineProperty(exports, "authorizationServerFor", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.authorizationServerFor; }
});
Object.defineProperty(exports, "authorizationServerMetadataUrls", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.authorizationServerMetadataUrls; }
});
Object.defineProperty(exports, "authorizeWithCode", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.authorizeWithCode; }
});
Object.defineProperty(exports, "callbackParameters", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.callbackParameters; }
});
Object.defineProperty(exports, "capabilitiesFor", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.capabilitiesFor; }
});
Object.defineProperty(exports, "clientAuthenticationFor", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.clientAuthenticationFor; }
});
Object.defineProperty(exports, "clientCredentialsAuth", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.clientCredentialsAuth; }
});
Object.defineProperty(exports, "clientCredentialsGrant", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.clientCredentialsGrant; }
});
Object.defineProperty(exports, "describeOAuthError", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.describeOAuthError; }
});
Object.defineProperty(exports, "discoverAuthorizationServer", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.discoverAuthorizationServer; }
});
Object.defineProperty(exports, "discoverProtectedResource", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.discoverProtectedResource; }
});
Object.defineProperty(exports, "dpopAlgorithmFor", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.dpopAlgorithmFor; }
});
Object.defineProperty(exports, "enterpriseManagedAuth", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.enterpriseManagedAuth; }
});
Object.defineProperty(exports, "enterpriseManagedGrant", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.enterpriseManagedGrant; }
});
Object.defineProperty(exports, "findChallenge", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.findChallenge; }
});
Object.defineProperty(exports, "headlessRedirect", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.headlessRedirect; }
});
Object.defineProperty(exports, "importSigningKey", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.importSigningKey; }
});
Object.defineProperty(exports, "jwtBearerGrant", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.jwtBearerGrant; }
});
Object.defineProperty(exports, "jwtBearerTokens", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.jwtBearerTokens; }
});
Object.defineProperty(exports, "legacyAuthorizationServer", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.legacyAuthorizationServer; }
});
Object.defineProperty(exports, "loopbackBrowserRedirect", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.loopbackBrowserRedirect; }
});
Object.defineProperty(exports, "obtainClientRegistration", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.obtainClientRegistration; }
});
Object.defineProperty(exports, "parseScopes", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.parseScopes; }
});
Object.defineProperty(exports, "parseWwwAuthenticate", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.parseWwwAuthenticate; }
});
Object.defineProperty(exports, "pickModernVersion", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.pickModernVersion; }
});
Object.defineProperty(exports, "privateKeyJwt", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.privateKeyJwt; }
});
Object.defineProperty(exports, "protectedResourceMetadataUrls", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.protectedResourceMetadataUrls; }
});
Object.defineProperty(exports, "readJwt", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.readJwt; }
});
Object.defineProperty(exports, "registerDynamically", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.registerDynamically; }
});
Object.defineProperty(exports, "requestIdJag", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.requestIdJag; }
});
Object.defineProperty(exports, "requestOptions", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.requestOptions; }
});
Object.defineProperty(exports, "requestTokens", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.requestTokens; }
});
Object.defineProperty(exports, "resourceCovers", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.resourceCovers; }
});
Object.defineProperty(exports, "tokenEndpointAuthMethodFor", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.tokenEndpointAuthMethodFor; }
});
Object.defineProperty(exports, "tokenEndpointOf", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.tokenEndpointOf; }
});
Object.defineProperty(exports, "unionScopes", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.unionScopes; }
});
Object.defineProperty(exports, "withDPoP", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.withDPoP; }
});
Object.defineProperty(exports, "workloadIdentityAuth", {
	enumerable: true,
	get: function () { return chunkS4UCVPBS_cjs.workloadIdentityAuth; }
});
//# sourceMappingURL=client.cjs.map
//# sourceMappingURL=client.cjs.map