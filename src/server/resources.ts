/**
 * Resources and resource templates: registration, listing, reading, and
 * completion of template variables.
 */
import { resourceNotFound } from '../protocol/codec/index.js';
import { InternalError } from '../protocol/errors.js';
import type {
  BlobResourceContents,
  HandlerResult,
  ReadResourceResult as ProtocolReadResourceResult,
  ResourceTemplate as ProtocolResourceTemplate,
  Resource,
  TextResourceContents,
} from '../protocol/types/index.js';
import type { ServerContext } from './context.js';
import type { ArgumentCompleter } from './prompts.js';
import type { RegisteredEntry } from './registry.js';
import { UriTemplate } from './uri-template.js';

/**
 * The contents of a resource: text, or base64 bytes in `blob`, with its URI.
 * (In `mcpkit/protocol`, `ResourceContents` names the fields both kinds share;
 * here it is the union a read returns, as it has always been.)
 *
 * @example
 * const contents: ResourceContents[] = [
 *   { uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Notes' },
 *   { uri: 'file:///logo.png', mimeType: 'image/png', blob: 'iVBORw0KGgo=' },
 * ];
 */
export type ResourceContents = TextResourceContents | BlobResourceContents;

/**
 * What a read returns: the protocol's `ReadResourceResult` as a handler writes
 * it. `resultType` is stamped by the codec; `ttlMs` and `cacheScope` override
 * the server's caching defaults for this read (2026-07-28).
 *
 * @example
 * const read: ReadResourceResult = {
 *   contents: [{ uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Notes' }],
 *   ttlMs: 60_000,
 * };
 */
export type ReadResourceResult = HandlerResult<ProtocolReadResourceResult>;

/**
 * Optional facts about a resource, listed with it: the protocol `Resource`'s
 * display fields, plus the scopes a token needs to read it.
 *
 * @example
 * const metadata: ResourceMetadata = { mimeType: 'text/markdown', annotations: { audience: ['user'] } };
 */
export interface ResourceMetadata
  extends Partial<
    Pick<Resource, 'title' | 'description' | 'mimeType' | 'size' | 'icons' | 'annotations' | '_meta'>
  > {
  /** OAuth scopes a token needs to read it, on a server with `auth` (never listed). */
  scopes?: readonly string[];
}

/** A listed resource. */
export interface ResourceListing extends ResourceMetadata {
  uri: string;
  name: string;
}

/** Reads a fixed resource. */
export type ReadResourceCallback = (
  uri: URL,
  ctx: ServerContext,
) => ReadResourceResult | Promise<ReadResourceResult>;

/** Reads a resource that matched a template, with the template's variables. */
export type ReadTemplateCallback = (
  uri: URL,
  variables: Record<string, string | string[]>,
  ctx: ServerContext,
) => ReadResourceResult | Promise<ReadResourceResult>;

/** Lists the concrete resources a template currently stands for. */
export type ListTemplateResourcesCallback = (
  ctx: ServerContext,
) => { resources: ResourceListing[] } | Promise<{ resources: ResourceListing[] }>;

/**
 * A URI template (RFC 6570) a server reads resources through, with optional
 * listing and completion of its variables.
 *
 * @example
 * const users = new ResourceTemplate('users://{id}/profile', {
 *   list: async () => ({ resources: [{ uri: 'users://1/profile', name: 'Ada' }] }),
 *   complete: { id: (value) => ['1', '2', '3'].filter((id) => id.startsWith(value)) },
 * });
 * server.registerResource('user-profile', users, { mimeType: 'application/json' }, async (uri, { id }) => ({
 *   contents: [{ uri: uri.href, text: JSON.stringify(await loadUser(id)) }],
 * }));
 */
export class ResourceTemplate {
  readonly uriTemplate: UriTemplate;

  constructor(
    uriTemplate: string | UriTemplate,
    readonly callbacks: {
      list?: ListTemplateResourcesCallback;
      complete?: Record<string, ArgumentCompleter>;
    } = {},
  ) {
    this.uriTemplate = typeof uriTemplate === 'string' ? new UriTemplate(uriTemplate) : uriTemplate;
  }
}

/** A registered fixed resource. */
export interface ResourceEntry {
  readonly kind: 'resource';
  readonly name: string;
  readonly uri: string;
  readonly config: ResourceMetadata;
  readonly read: ReadResourceCallback;
  readonly listing: ResourceListing;
}

/** A registered template. */
export interface TemplateEntry {
  readonly kind: 'template';
  readonly name: string;
  readonly template: ResourceTemplate;
  readonly config: ResourceMetadata;
  readonly read: ReadTemplateCallback;
  /** The `ResourceTemplate` object `resources/templates/list` returns, built once. */
  readonly listing: ProtocolResourceTemplate;
}

/** The handle `registerResource` returns. */
export type RegisteredResource = RegisteredEntry<ResourceMetadata>;

/** Builds a fixed resource entry. */
export function createResourceEntry(
  name: string,
  uri: string,
  metadata: ResourceMetadata,
  read: ReadResourceCallback,
): ResourceEntry {
  if (!URL.canParse(uri))
    throw new TypeError(`Resource ${JSON.stringify(name)}: ${JSON.stringify(uri)} is not an absolute URI`);
  const { scopes: _scopes, ...listed } = metadata;
  return { kind: 'resource', name, uri, config: metadata, read, listing: { uri, name, ...listed } };
}

/** Builds a template entry. */
export function createTemplateEntry(
  name: string,
  template: ResourceTemplate,
  metadata: ResourceMetadata,
  read: ReadTemplateCallback,
): TemplateEntry {
  const { size: _size, scopes: _scopes, ...templateMetadata } = metadata;
  return {
    kind: 'template',
    name,
    template,
    config: metadata,
    read,
    listing: { uriTemplate: template.uriTemplate.toString(), name, ...templateMetadata },
  };
}

/** Checks what a read callback returned; an empty `contents` means the resource is not there (SEP-2164). */
export function checkReadResult(uri: string, result: ReadResourceResult): ReadResourceResult {
  if (result === null || typeof result !== 'object' || !Array.isArray(result.contents)) {
    throw new InternalError(`The read callback for ${uri} returned no contents array`);
  }
  if (result.contents.length === 0) throw resourceNotFound(uri);
  return result;
}
