/**
 * Validators for the shapes both eras share (content blocks, resources, prompts,
 * tools' metadata, elicitation schemas, …) and factories for the few shapes that
 * differ by revision (tools, sampling). Written from the MCP schema facts; every
 * object lets unknown fields through.
 */
import {
  anyValue,
  array,
  at,
  boolean,
  custom,
  discriminated,
  enumOf,
  fail,
  type Infer,
  integer,
  literal,
  number,
  object,
  preview,
  record,
  select,
  string,
  union,
  type Validator,
} from './validator.js';

/** Any object; used for `_meta`, capability sub-objects and other open bags. */
export const anyObject = record(anyValue());

/** A JSON-RPC request id: a string or an integer (never null, never fractional). */
export const requestId = union(string(), integer());

/** A progress token: a string or a number. */
export const progressToken = union(string(), number());

/** The eight RFC 5424 log levels MCP uses, lowest first. */
export const LOGGING_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] as const;

/** One of {@link LOGGING_LEVELS}. */
export const loggingLevel = enumOf(LOGGING_LEVELS);

/** `user` or `assistant`. */
export const role = enumOf(['user', 'assistant']);

/** A cursor: an opaque string (the empty string is a valid cursor). */
export const cursor = string();

/** An icon a client may show. */
export const icon = object(
  { src: string() },
  { mimeType: string(), sizes: array(string()), theme: enumOf(['light', 'dark']) },
);

/** `name`, `version` and optional display fields of a client or server. */
export const implementation = object(
  { name: string(), version: string() },
  {
    title: string(),
    description: string(),
    websiteUrl: string(),
    icons: array(icon),
  },
);

/** Hints about audience, priority (0..1) and freshness. */
export const annotations = object(
  {},
  {
    audience: array(role),
    priority: number({ min: 0, max: 1 }),
    lastModified: string(),
  },
);

const withMeta = { _meta: anyObject } as const;

/** A text content block. */
export const textContent = object({ type: literal('text'), text: string() }, { annotations, ...withMeta });

/** An image content block (base64 data plus MIME type). */
export const imageContent = object(
  { type: literal('image'), data: string(), mimeType: string() },
  { annotations, ...withMeta },
);

/** An audio content block (base64 data plus MIME type). */
export const audioContent = object(
  { type: literal('audio'), data: string(), mimeType: string() },
  { annotations, ...withMeta },
);

const resourceFields = {
  description: string(),
  mimeType: string(),
  annotations,
  size: integer(),
  title: string(),
  icons: array(icon),
  ...withMeta,
} as const;

/** A resource a server can read. */
export const resource = object({ uri: string(), name: string() }, resourceFields);

/** A link to a resource, as a content block. */
export const resourceLink = object(
  { type: literal('resource_link'), uri: string(), name: string() },
  resourceFields,
);

/** A parameterized resource (RFC 6570 URI template). */
export const resourceTemplate = object(
  { uriTemplate: string(), name: string() },
  {
    description: string(),
    mimeType: string(),
    annotations,
    title: string(),
    icons: array(icon),
    ...withMeta,
  },
);

/** Resource contents carried as text. */
export const textResourceContents = object(
  { uri: string(), text: string() },
  { mimeType: string(), ...withMeta },
);

/** Resource contents carried as base64 `blob`. */
export const blobResourceContents = object(
  { uri: string(), blob: string() },
  { mimeType: string(), ...withMeta },
);

/** Text or blob resource contents, told apart by which of `text` / `blob` is present. */
export const resourceContents = select<
  Infer<typeof textResourceContents> | Infer<typeof blobResourceContents>
>(
  'resource contents with uri and text or blob',
  (v) =>
    v.text !== undefined ? textResourceContents : v.blob !== undefined ? blobResourceContents : undefined,
  () => fail('expected resource contents with either text or blob, got neither'),
  'resource contents (an object with uri and text or blob)',
);

/** A resource embedded in a message or result. */
export const embeddedResource = object(
  { type: literal('resource'), resource: resourceContents },
  { annotations, ...withMeta },
);

/** Any content block a tool result or prompt message may hold, by `type`. */
export const contentBlock = discriminated(
  'type',
  {
    text: textContent,
    image: imageContent,
    audio: audioContent,
    resource_link: resourceLink,
    resource: embeddedResource,
  },
  'a content block',
);

/** One message of a prompt. */
export const promptMessage = object({ role, content: contentBlock });

/** An argument a prompt accepts. */
export const promptArgument = object(
  { name: string() },
  { title: string(), description: string(), required: boolean() },
);

/** A prompt template a server offers. */
export const prompt = object(
  { name: string() },
  {
    title: string(),
    description: string(),
    arguments: array(promptArgument),
    icons: array(icon),
    ...withMeta,
  },
);

/** Hints about a tool's behaviour (untrusted). */
export const toolAnnotations = object(
  {},
  {
    title: string(),
    readOnlyHint: boolean(),
    destructiveHint: boolean(),
    idempotentHint: boolean(),
    openWorldHint: boolean(),
  },
);

/** A completion reference: a prompt (`ref/prompt`) or a resource template (`ref/resource`). */
export const completionReference = discriminated(
  'type',
  {
    'ref/prompt': object({ type: literal('ref/prompt'), name: string() }, { title: string() }),
    'ref/resource': object({ type: literal('ref/resource'), uri: string() }),
  },
  'a prompt or resource reference',
);

/** `completion/complete` params (besides the request `_meta`). */
export const completeParamsFields = {
  ref: completionReference,
  argument: object({ name: string(), value: string() }),
} as const;

/** Optional `context` of `completion/complete`. */
export const completeContext = object({}, { arguments: record(string()) });

/** The result of `completion/complete`: at most 100 values. */
export const completion = object(
  { values: array(string(), { maxItems: 100 }) },
  { total: integer(), hasMore: boolean() },
);

/** A root the client exposes. */
export const root = object({ uri: string() }, { name: string(), ...withMeta });

/** The result of `roots/list`. */
export const listRootsResult = object({ roots: array(root) }, withMeta);

// --- Elicitation

const titledOption = object({ const: string(), title: string() });
const schemaText = { title: string(), description: string() } as const;

/** A `type: "string"` property: plain, formatted, or a single-select enum (untitled, titled, legacy titled). */
const stringProperty = object(
  { type: literal('string') },
  {
    ...schemaText,
    minLength: integer(),
    maxLength: integer(),
    format: enumOf(['email', 'uri', 'date', 'date-time']),
    default: string(),
    enum: array(string()),
    enumNames: array(string()),
    oneOf: array(titledOption),
  },
);

const numberProperty = object(
  { type: enumOf(['number', 'integer']) },
  { ...schemaText, minimum: number(), maximum: number(), default: number() },
);

const booleanProperty = object({ type: literal('boolean') }, { ...schemaText, default: boolean() });

const untitledItems = object({ type: literal('string'), enum: array(string()) });
const titledItems = object({ anyOf: array(titledOption) });
const multiSelectItems = select<unknown>('an object with enum or anyOf', (v) =>
  v.anyOf !== undefined ? titledItems : untitledItems,
);

const arrayProperty = object(
  { type: literal('array'), items: multiSelectItems },
  { ...schemaText, minItems: integer(), maxItems: integer(), default: array(string()) },
);

/** One property of an elicitation form: string, number/integer, boolean, or (multi-)select enum. */
export const primitiveSchemaDefinition = discriminated(
  'type',
  {
    string: stringProperty,
    number: numberProperty,
    integer: numberProperty,
    boolean: booleanProperty,
    array: arrayProperty,
  },
  'a primitive schema (string, number, integer, boolean or array)',
);

/** The flat object schema of a form-mode elicitation. */
export const requestedSchema = object(
  { type: literal('object'), properties: record(primitiveSchemaDefinition) },
  { $schema: string(), required: array(string()) },
);

/** A value the user returns in an accepted form: string, number, boolean or list of strings. */
const elicitValue = union(string(), number(), boolean(), array(string()));

/** The result of `elicitation/create`. */
export const elicitResult = object(
  { action: enumOf(['accept', 'decline', 'cancel']) },
  { content: record(elicitValue), ...withMeta },
);

/**
 * Picks form or URL elicitation params by `mode` (absent means form) and reports
 * an unknown mode at `mode`.
 *
 * @example
 * const params = elicitParams(object({ message: string(), requestedSchema }), object({ url: string() }));
 * params({ mode: 'popup', message: 'm' }); // { path: 'mode', message: 'expected "form" or "url" … got "popup"' }
 */
export function elicitParams(form: Validator<unknown>, url: Validator<unknown>): Validator<unknown> {
  return select<unknown>(
    'elicitation params (form or url mode)',
    ({ mode }) => (mode === undefined || mode === 'form' ? form : mode === 'url' ? url : undefined),
    ({ mode }) =>
      at(fail(`expected "form" or "url" (or no mode, meaning form), got ${preview(mode)}`), 'mode'),
    'an object with message',
  );
}

// --- Sampling

/** Model selection hints for sampling. */
export const modelPreferences = object(
  {},
  {
    hints: array(object({}, { name: string() })),
    costPriority: number({ min: 0, max: 1 }),
    speedPriority: number({ min: 0, max: 1 }),
    intelligencePriority: number({ min: 0, max: 1 }),
  },
);

/** How the model may use tools while sampling. */
export const toolChoice = object({}, { mode: enumOf(['auto', 'required', 'none']) });

/** What varies between eras in sampling: the tool shape and what `structuredContent` may be. */
export interface SamplingOptions {
  tool: Validator<unknown>;
  structuredContent: Validator<unknown>;
  /** Extra optional fields of the request params (e.g. legacy `task`, `_meta`). */
  extraParams?: { readonly [key: string]: Validator<unknown> };
}

/** Sampling validators for one era. */
export interface SamplingValidators {
  contentBlock: Validator<unknown>;
  message: Validator<unknown>;
  params: Validator<unknown>;
  result: Validator<unknown>;
}

/**
 * Builds the sampling validators of one era.
 *
 * @example
 * const sampling = makeSampling({ tool: modernTool, structuredContent: anyValue() });
 * sampling.result({ role: 'assistant', content: { type: 'text', text: 'Hi' }, model: 'm' }); // undefined
 */
export function makeSampling(options: SamplingOptions): SamplingValidators {
  const toolUse = object(
    { type: literal('tool_use'), id: string(), name: string(), input: anyObject },
    withMeta,
  );
  const toolResult = object(
    { type: literal('tool_result'), toolUseId: string(), content: array(contentBlock) },
    { structuredContent: options.structuredContent, isError: boolean(), ...withMeta },
  );
  const samplingBlock = discriminated(
    'type',
    {
      text: textContent,
      image: imageContent,
      audio: audioContent,
      tool_use: toolUse,
      tool_result: toolResult,
    },
    'a sampling content block',
  );
  const blocks = array(samplingBlock);
  const content = custom<unknown>(
    'a sampling content block or an array of them',
    (v) => (Array.isArray(v) ? blocks.test(v) : samplingBlock.test(v)),
    (v) => (Array.isArray(v) ? blocks.explain(v) : samplingBlock.explain(v)),
  );
  const message = object({ role, content }, withMeta);
  const params = object(
    { messages: array(message), maxTokens: integer() },
    {
      modelPreferences,
      systemPrompt: string(),
      includeContext: enumOf(['none', 'thisServer', 'allServers']),
      temperature: number(),
      stopSequences: array(string()),
      metadata: anyObject,
      tools: array(options.tool),
      toolChoice,
      ...options.extraParams,
    },
  );
  const result = object({ role, content, model: string() }, { stopReason: string(), ...withMeta });
  return { contentBlock: samplingBlock, message, params, result };
}

// --- Capabilities

const listChanged = object({}, { listChanged: boolean() });

/** Server capabilities common to both eras (era files add their own keys). */
export const serverCapabilityFields = {
  experimental: record(anyObject),
  logging: anyObject,
  completions: anyObject,
  prompts: listChanged,
  resources: object({}, { subscribe: boolean(), listChanged: boolean() }),
  tools: listChanged,
} as const;

/** Client capabilities common to both eras (era files add their own keys). */
export const clientCapabilityFields = {
  experimental: record(anyObject),
  sampling: object({}, { context: anyObject, tools: anyObject }),
  elicitation: object({}, { form: anyObject, url: anyObject }),
} as const;

// --- Subscriptions (2026-07-28)

/** Which notifications a `subscriptions/listen` stream asks for (or the server acknowledges). */
export const subscriptionFilter = object(
  {},
  {
    toolsListChanged: boolean(),
    promptsListChanged: boolean(),
    resourcesListChanged: boolean(),
    resourceSubscriptions: array(string()),
  },
);
