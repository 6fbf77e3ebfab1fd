/**
 * Building blocks whose shape is the same in 2026-07-28 and 2025-11-25:
 * identities, icons, annotations, content blocks, resource contents, prompt
 * descriptions, completion references, sampling hints and roots.
 *
 * Anything whose shape differs between the two revisions lives in `./modern/`
 * or `./legacy/` instead.
 */
import type { ErrorCode } from '../errors.js';
import type {
  JSONRPCErrorObject,
  JSONRPCErrorResponse,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResultResponse,
} from '../jsonrpc.js';
import type { META_BAGGAGE, META_TRACEPARENT, META_TRACESTATE } from '../meta.js';

// --- Envelopes

/**
 * The JSON-RPC fields of a request other than `method` and `params`; each
 * typed request adds its own literal `method` and `params` shape on top.
 */
export interface RequestEnvelope extends Omit<JSONRPCRequest, 'method' | 'params'> {}

/** The JSON-RPC fields of a notification other than `method` and `params`. */
export interface NotificationEnvelope extends Omit<JSONRPCNotification, 'method' | 'params'> {}

/** A successful response whose `result` is narrowed to `R`. */
export interface ResultResponseOf<R> extends Omit<JSONRPCResultResponse, 'result'> {
  result: R;
}

// --- Scalars

/**
 * Free-form metadata attached under `_meta`. Keys follow the `_meta` naming
 * rules (see `isValidMetaKey` in `../meta.ts`); unknown keys must be passed through.
 */
export type MetaObject = Record<string, unknown>;

/**
 * The W3C trace-context keys MCP allows in any `_meta` without a prefix (SEP-414).
 * Values use the W3C Trace Context and Baggage text formats.
 */
export interface TraceContextMeta {
  /** W3C `traceparent` header value, e.g. `00-<trace-id>-<span-id>-01`. */
  [META_TRACEPARENT]?: string;
  /** W3C `tracestate` header value (vendor-specific trace data). */
  [META_TRACESTATE]?: string;
  /** W3C `baggage` header value (application key/value pairs). */
  [META_BAGGAGE]?: string;
}

/** Opaque value a caller puts in `_meta.progressToken` to receive progress updates for that request. */
export type ProgressToken = string | number;

/** Opaque pagination position handed back by a server; send it unchanged to get the next page. */
export type Cursor = string;

/** Who speaks a message, or who a piece of content is meant for. */
export type Role = 'user' | 'assistant';

/** Log severities, ordered from least to most severe as in syslog (RFC 5424). */
export type LoggingLevel =
  | 'debug'
  | 'info'
  | 'notice'
  | 'warning'
  | 'error'
  | 'critical'
  | 'alert'
  | 'emergency';

// --- Identity and icons

/**
 * An image a client may show next to a server, tool, prompt or resource.
 *
 * @example
 * const icon: Icon = { src: 'https://example.com/weather.png', mimeType: 'image/png', sizes: ['48x48'] };
 */
export interface Icon {
  /** Where to load the image: an `http(s):` URL or a base64 `data:` URI. Treat SVG as untrusted. */
  src: string;
  /** The image's MIME type, when the source does not state it reliably (e.g. `image/png`). */
  mimeType?: string;
  /** Sizes the image suits, as `WxH` strings (`"48x48"`) or `"any"`; absent means any size. */
  sizes?: string[];
  /** Background the icon was drawn for; absent means it works on either. */
  theme?: 'light' | 'dark';
}

/** Mixin for things that can carry icons. */
export interface Icons {
  /** Icons to display; clients that show icons handle at least PNG and JPEG. */
  icons?: Icon[];
}

/** Mixin for things with a machine name and an optional display title. */
export interface BaseMetadata {
  /** Stable identifier used in requests; also the display fallback when `title` is missing. */
  name: string;
  /** Human-friendly label for UIs. */
  title?: string;
}

/**
 * Who a client or server says it is. Self-reported: fine for display and logs,
 * never for security decisions.
 *
 * @example
 * const info: Implementation = { name: 'weather-server', version: '1.4.0', title: 'Weather' };
 */
export interface Implementation extends BaseMetadata, Icons {
  /** The software's version string. */
  version: string;
  /** A sentence or two about what this software does. */
  description?: string;
  /** Home page of the software. */
  websiteUrl?: string;
}

// --- Annotations and content

/** Hints that help a client decide how to use or show an object. */
export interface Annotations {
  /** Who the object is meant for; may list both roles. */
  audience?: Role[];
  /** Importance from 0 (optional) to 1 (essential). */
  priority?: number;
  /** When the underlying data last changed, as an ISO 8601 timestamp. */
  lastModified?: string;
}

/** The hints and `_meta` every content block may carry. */
interface Annotated {
  /** Display and audience hints. */
  annotations?: Annotations;
  _meta?: MetaObject;
}

/** A piece of plain text. */
export interface TextContent extends Annotated {
  type: 'text';
  /** The text itself. */
  text: string;
}

/** An image, inlined as base64. */
export interface ImageContent extends Annotated {
  type: 'image';
  /** Base64-encoded image bytes. */
  data: string;
  /** MIME type of the image, e.g. `image/png`. */
  mimeType: string;
}

/** A clip of audio, inlined as base64. */
export interface AudioContent extends Annotated {
  type: 'audio';
  /** Base64-encoded audio bytes. */
  data: string;
  /** MIME type of the audio, e.g. `audio/wav`. */
  mimeType: string;
}

/** Fields every resource-contents object has. */
export interface ResourceContents {
  /** The URI the contents were read from. */
  uri: string;
  /** MIME type of the contents, when known. */
  mimeType?: string;
  _meta?: MetaObject;
}

/**
 * Resource contents that are text.
 *
 * @example
 * const notes: TextResourceContents = { uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Notes' };
 */
export interface TextResourceContents extends ResourceContents {
  /** The text; only used when the data really is text. */
  text: string;
}

/**
 * Resource contents that are binary.
 *
 * @example
 * const logo: BlobResourceContents = { uri: 'file:///logo.png', mimeType: 'image/png', blob: 'iVBORw0KGgo=' };
 */
export interface BlobResourceContents extends ResourceContents {
  /** Base64-encoded bytes. */
  blob: string;
}

/** A resource a server can read, as listed by `resources/list`. */
export interface Resource extends BaseMetadata, Icons {
  /** The resource's URI; its scheme is up to the server. */
  uri: string;
  /** What the resource holds; a hint for the model. */
  description?: string;
  /** MIME type, when known. */
  mimeType?: string;
  /** Display and audience hints. */
  annotations?: Annotations;
  /** Size of the raw bytes (before any base64 encoding), when known. */
  size?: number;
  _meta?: MetaObject;
}

/** A family of resources described by an RFC 6570 URI template. */
export interface ResourceTemplate extends BaseMetadata, Icons {
  /** The URI template, e.g. `file:///{path}`. */
  uriTemplate: string;
  /** What the matching resources hold; a hint for the model. */
  description?: string;
  /** MIME type shared by every matching resource, if they all have the same one. */
  mimeType?: string;
  /** Display and audience hints. */
  annotations?: Annotations;
  _meta?: MetaObject;
}

/**
 * A pointer to a resource inside a tool result or prompt. It need not appear
 * in `resources/list`.
 */
export interface ResourceLink extends Resource {
  type: 'resource_link';
}

/** A resource's contents placed directly inside a tool result or prompt. */
export interface EmbeddedResource extends Annotated {
  type: 'resource';
  /** The contents, as text or as base64 bytes. */
  resource: TextResourceContents | BlobResourceContents;
}

/**
 * Any content a tool result or prompt message may hold, told apart by `type`.
 *
 * @example
 * function describe(block: ContentBlock): string {
 *   return block.type === 'text' ? block.text : `[${block.type}]`;
 * }
 */
export type ContentBlock = TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;

// --- Tools, prompts and completion references

/**
 * Advisory hints about a tool's behaviour. Untrusted servers can say anything
 * here, so never base safety decisions on them.
 *
 * @example
 * const hints: ToolAnnotations = { title: 'Forecast', readOnlyHint: true, openWorldHint: true };
 */
export interface ToolAnnotations {
  /** Display title for the tool. */
  title?: string;
  /** True when the tool changes nothing. Assumed false. */
  readOnlyHint?: boolean;
  /** For tools that write: true when they may destroy or overwrite data. Assumed true. */
  destructiveHint?: boolean;
  /** For tools that write: true when repeating the same call changes nothing more. Assumed false. */
  idempotentHint?: boolean;
  /** True when the tool reaches outside systems (the web, say). Assumed true. */
  openWorldHint?: boolean;
}

/** One argument a prompt template takes. */
export interface PromptArgument extends BaseMetadata {
  /** What the argument is for. */
  description?: string;
  /** True when the caller must supply it. */
  required?: boolean;
}

/** A prompt or prompt template a server offers. */
export interface Prompt extends BaseMetadata, Icons {
  /** What the prompt is for. */
  description?: string;
  /** Arguments the template accepts. */
  arguments?: PromptArgument[];
  _meta?: MetaObject;
}

/**
 * One message of a rendered prompt; unlike sampling messages it may embed resources.
 *
 * @example
 * const message: PromptMessage = { role: 'user', content: { type: 'text', text: 'Review: let x = 1' } };
 */
export interface PromptMessage {
  role: Role;
  content: ContentBlock;
}

/** Names a prompt, e.g. as the target of a completion request. */
export interface PromptReference extends BaseMetadata {
  type: 'ref/prompt';
}

/** Names a resource or resource template, e.g. as the target of a completion request. */
export interface ResourceTemplateReference {
  type: 'ref/resource';
  /** The resource URI or URI template. */
  uri: string;
}

/** The argument being completed in `completion/complete`. */
export interface CompleteArgument {
  /** The argument's name. */
  name: string;
  /** What the user has typed so far. */
  value: string;
}

/** Extra context for `completion/complete`. */
export interface CompleteContext {
  /** Values of arguments the user has already filled in. */
  arguments?: { [key: string]: string };
}

/** The suggestions in a `completion/complete` result. */
export interface CompletionValues {
  /** Suggested values, at most 100. */
  values: string[];
  /** How many suggestions exist in total, which may exceed `values.length`. */
  total?: number;
  /** True when more suggestions exist than were sent. */
  hasMore?: boolean;
}

// --- Sampling building blocks

/** A tool invocation the model asks for during sampling. */
export interface ToolUseContent {
  type: 'tool_use';
  /** Id that the matching `tool_result` refers back to. */
  id: string;
  /** Name of the tool to run. */
  name: string;
  /** Arguments, shaped by the tool's input schema. */
  input: { [key: string]: unknown };
  /** Keep this when replaying the message so providers can cache. */
  _meta?: MetaObject;
}

/** A hint naming a model (or part of a name) the server would like. */
export interface ModelHint {
  /** A substring of a model name, e.g. `sonnet`; clients may map it to a comparable model. */
  name?: string;
}

/** How a server would like the client to trade off models; purely advisory. */
export interface ModelPreferences {
  /** Name hints, tried in order; they outrank the numeric priorities. */
  hints?: ModelHint[];
  /** 0..1: how much low cost matters. */
  costPriority?: number;
  /** 0..1: how much low latency matters. */
  speedPriority?: number;
  /** 0..1: how much capability matters. */
  intelligencePriority?: number;
}

/** Why sampling stopped; `toolUse` means the model wants tools run. Providers may add their own values. */
export type StopReason = 'endTurn' | 'stopSequence' | 'maxTokens' | 'toolUse' | (string & {});

/** Whether the sampled model may, must or must not call tools. */
export interface ToolChoice {
  /** `auto` (default): model decides; `required`: at least one call; `none`: no calls. */
  mode?: 'auto' | 'required' | 'none';
}

/** A directory or file the client lets the server work with. */
export interface Root {
  /** A `file://` URI. */
  uri: string;
  /** Display name for the root. */
  name?: string;
  _meta?: MetaObject;
}

// --- Standard JSON-RPC error objects

/** -32700: the message could not be parsed as JSON. */
export interface ParseErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.ParseError;
}

/** -32600: the message is JSON but not a well-formed JSON-RPC request. */
export interface InvalidRequestErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.InvalidRequest;
}

/** -32601: the method is unknown, or needs a server capability that was not advertised. */
export interface MethodNotFoundErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.MethodNotFound;
}

/**
 * -32602: the params are wrong (unknown tool or prompt, bad arguments, bad
 * cursor, missing required `_meta` key; on 2026-07-28 also an unknown resource).
 */
export interface InvalidParamsErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.InvalidParams;
}

/** -32603: the receiver failed unexpectedly. */
export interface InternalErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.InternalError;
}

/** An error response whose error object is narrowed to `E`. */
export interface ErrorResponseOf<E extends JSONRPCErrorObject> extends Omit<JSONRPCErrorResponse, 'error'> {
  error: E;
}
