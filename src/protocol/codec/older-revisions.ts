/**
 * What each 2025-era revision's wire can carry, and how a result shaped for
 * 2025-11-25 is brought down to an older revision (2025-06-18, 2025-03-26,
 * 2024-11-05) so that its clients accept it. The facts come from each
 * revision's schema; `../types/older.ts` has the same differences as types.
 *
 * Rules: a field a revision does not define is left out; content a revision
 * does not define becomes content it does (a text block that says what it
 * stands for), never silently nothing. Every function here returns its input
 * itself when nothing changes, so a result that needs no change costs no copy.
 */
import { isObject } from '../validation/validator.js';

/** What one revision's wire defines, where revisions differ. */
export interface RevisionFeatures {
  /** `audio` content blocks (2025-03-26). */
  readonly audioContent: boolean;
  /** `message` on progress notifications (2025-03-26). */
  readonly progressMessage: boolean;
  /** Tool `annotations` (2025-03-26). */
  readonly toolAnnotations: boolean;
  /** The `completions` server capability (2025-03-26). */
  readonly completionsCapability: boolean;
  /** `resource_link` content blocks (2025-06-18). */
  readonly resourceLinks: boolean;
  /** Tool `outputSchema` and result `structuredContent` (2025-06-18). */
  readonly structuredOutput: boolean;
  /** `title` on tools, prompts, prompt arguments, resources, templates and implementations (2025-06-18). */
  readonly titles: boolean;
  /** `_meta` on content blocks, tools, prompts, resources, templates and resource contents (2025-06-18). */
  readonly entityMeta: boolean;
  /** `lastModified` in content and resource annotations (2025-06-18). */
  readonly lastModified: boolean;
  /** `icons` on named things, `description`/`websiteUrl` on implementations, tool `execution`, the `tasks` capability (2025-11-25). */
  readonly icons: boolean;
  /** The `mode` field of `elicitation/create` (form or URL, 2025-11-25). */
  readonly elicitationModes: boolean;
  /** `$schema` on tool input and output schemas and on elicitation forms (SEP-1613, 2025-11-25). */
  readonly schemaDialect: boolean;
  /** SSE request streams opened with a priming event and closable by the server mid-request (SEP-1699, 2025-11-25). */
  readonly resumableStreams: boolean;
}

/**
 * The features of a revision, judged by date so that a revision between the
 * known ones is treated as the newest known one before it.
 *
 * @example
 * featuresOf('2024-11-05').audioContent; // false
 * featuresOf('2025-11-25').resumableStreams; // true
 */
export function featuresOf(version: string): RevisionFeatures {
  const since = (revision: string) => version >= revision;
  return {
    audioContent: since('2025-03-26'),
    progressMessage: since('2025-03-26'),
    toolAnnotations: since('2025-03-26'),
    completionsCapability: since('2025-03-26'),
    resourceLinks: since('2025-06-18'),
    structuredOutput: since('2025-06-18'),
    titles: since('2025-06-18'),
    entityMeta: since('2025-06-18'),
    lastModified: since('2025-06-18'),
    icons: since('2025-11-25'),
    elicitationModes: since('2025-11-25'),
    schemaDialect: since('2025-11-25'),
    resumableStreams: since('2025-11-25'),
  };
}

type Fields = Record<string, unknown>;

/**
 * Brings results down to one revision. Made once per revision (codecs are
 * shared), so the lists of fields to leave out are computed once.
 */
export class ResultDowngrade {
  /** True when the revision defines everything 2025-11-25 does: results pass untouched. */
  readonly identity: boolean;
  /** Fields of tools, prompts, resources and templates the revision does not define. */
  private readonly entityDrops: readonly string[];
  private readonly toolDrops: readonly string[];
  private readonly implementationDrops: readonly string[];
  private readonly capabilityDrops: readonly string[];

  constructor(
    readonly version: string,
    readonly features: RevisionFeatures = featuresOf(version),
  ) {
    this.identity = Object.values(features).every(Boolean);
    const entity: string[] = [];
    if (!features.titles) entity.push('title');
    if (!features.entityMeta) entity.push('_meta');
    if (!features.icons) entity.push('icons');
    this.entityDrops = entity;
    const tool = [...entity];
    if (!features.toolAnnotations) tool.push('annotations');
    if (!features.structuredOutput) tool.push('outputSchema');
    if (!features.icons) tool.push('execution');
    this.toolDrops = tool;
    const implementation: string[] = [];
    if (!features.titles) implementation.push('title');
    if (!features.icons) implementation.push('icons', 'description', 'websiteUrl');
    this.implementationDrops = implementation;
    const capabilities: string[] = [];
    if (!features.completionsCapability) capabilities.push('completions');
    if (!features.icons) capabilities.push('tasks');
    this.capabilityDrops = capabilities;
  }

  /**
   * The result of `method` as this revision defines it; `result` itself when
   * nothing changes.
   */
  result(method: string, result: Fields): Fields {
    if (this.identity) return result;
    if (method === 'initialize') {
      const out = replaceField(result, 'serverInfo', drop(result.serverInfo, this.implementationDrops));
      return replaceField(out, 'capabilities', drop(out.capabilities, this.capabilityDrops));
    }
    if (method === 'tools/call') {
      const out = replaceField(result, 'content', mapList(result.content, this.block));
      return this.features.structuredOutput ? out : drop(out, ['structuredContent']);
    }
    const list = this.lists.get(method);
    return list ? replaceField(result, list[0], mapList(result[list[0]], list[1])) : result;
  }

  /**
   * The params of a server-to-client request as this revision defines them;
   * `params` itself when nothing changes.
   */
  request(method: string, params: Fields | undefined): Fields | undefined {
    if (this.identity || params === undefined) return params;
    switch (method) {
      case 'elicitation/create': {
        let out = !this.features.elicitationModes && params.mode === 'form' ? drop(params, ['mode']) : params;
        if (!this.features.schemaDialect)
          out = replaceField(out, 'requestedSchema', drop(out.requestedSchema, ['$schema']));
        return out;
      }
      case 'sampling/createMessage':
        return replaceField(params, 'messages', mapList(params.messages, this.samplingMessage));
      default:
        return params;
    }
  }

  private readonly samplingMessage = (message: unknown): unknown => {
    if (!isObject(message)) return message;
    const content = Array.isArray(message.content)
      ? mapList(message.content, this.block)
      : this.block(message.content);
    return replaceField(message, 'content', content);
  };

  /**
   * One content block (of a tool result or a prompt message) as this revision
   * defines it. Audio before 2025-03-26 and resource links before 2025-06-18
   * become text blocks that say what they stand for.
   */
  readonly block = (block: unknown): unknown => {
    if (!isObject(block)) return block;
    if (block.type === 'audio' && !this.features.audioContent) return this.audioAsText(block);
    if (block.type === 'resource_link' && !this.features.resourceLinks) return this.linkAsText(block);
    let out = this.annotated(block);
    if (!this.features.entityMeta) {
      out = drop(out, ['_meta']);
      if (out.type === 'resource') out = replaceField(out, 'resource', drop(out.resource, ['_meta']));
    }
    return out;
  };

  private readonly tool = (tool: unknown): unknown => {
    if (!isObject(tool)) return tool;
    let out = drop(tool, this.toolDrops);
    if (!this.features.schemaDialect) {
      out = replaceField(out, 'inputSchema', drop(out.inputSchema, ['$schema']));
      if (out.outputSchema !== undefined)
        out = replaceField(out, 'outputSchema', drop(out.outputSchema, ['$schema']));
    }
    return out;
  };

  private readonly entity = (entity: unknown): unknown =>
    isObject(entity) ? this.annotated(drop(entity, this.entityDrops)) : entity;

  private readonly prompt = (prompt: unknown): unknown => {
    if (!isObject(prompt)) return prompt;
    const out = drop(prompt, this.entityDrops);
    if (this.features.titles) return out;
    return replaceField(
      out,
      'arguments',
      mapList(out.arguments, (argument) => drop(argument, ['title'])),
    );
  };

  private readonly promptMessage = (message: unknown): unknown =>
    isObject(message) ? replaceField(message, 'content', this.block(message.content)) : message;

  private readonly resourceContents = (contents: unknown): unknown =>
    this.features.entityMeta ? contents : drop(contents, ['_meta']);

  /** The list field of each other result that changes, and how one element is brought down. */
  private readonly lists = new Map<string, [string, (item: unknown) => unknown]>([
    ['tools/list', ['tools', this.tool]],
    ['prompts/list', ['prompts', this.prompt]],
    ['prompts/get', ['messages', this.promptMessage]],
    ['resources/list', ['resources', this.entity]],
    ['resources/templates/list', ['resourceTemplates', this.entity]],
    ['resources/read', ['contents', this.resourceContents]],
  ]);

  /** Drops `lastModified` from `annotations` where the revision has none. */
  private annotated(item: Fields): Fields {
    if (this.features.lastModified || !isObject(item.annotations)) return item;
    return replaceField(item, 'annotations', drop(item.annotations, ['lastModified']));
  }

  private audioAsText(block: Fields): Fields {
    const mimeType = typeof block.mimeType === 'string' ? block.mimeType : 'audio';
    const size = typeof block.data === 'string' ? `, ${base64Bytes(block.data)} bytes` : '';
    return this.textBlock(
      block,
      `[Audio content omitted (${mimeType}${size}): protocol revision ${this.version} cannot carry audio.]`,
    );
  }

  private linkAsText(block: Fields): Fields {
    const name = typeof block.title === 'string' ? block.title : block.name;
    const parts = [`Resource link: ${String(name ?? block.uri)} <${String(block.uri)}>`];
    if (typeof block.mimeType === 'string') parts.push(` (${block.mimeType})`);
    if (typeof block.description === 'string') parts.push(`: ${block.description}`);
    parts.push('. Read it with resources/read.');
    return this.textBlock(block, parts.join(''));
  }

  /** A text block standing for `block`, keeping its audience and priority. */
  private textBlock(block: Fields, text: string): Fields {
    const out: Fields = { type: 'text', text };
    if (isObject(block.annotations)) {
      const annotations = this.features.lastModified
        ? block.annotations
        : drop(block.annotations, ['lastModified']);
      if (Object.keys(annotations).length > 0) out.annotations = annotations;
    }
    return out;
  }
}

/** `value` without `keys`; `value` itself when it has none of them (or is not an object). */
function drop(value: unknown, keys: readonly string[]): Fields {
  if (!isObject(value) || !keys.some((key) => key in value)) return value as Fields;
  const out: Fields = {};
  for (const key of Object.keys(value)) if (!keys.includes(key)) out[key] = value[key];
  return out;
}

/** `object` with `key` set to `value`; `object` itself when it already holds that value. */
function replaceField(object: Fields, key: string, value: unknown): Fields {
  if (object[key] === value) return object;
  const out: Fields = {};
  for (const name of Object.keys(object)) out[name] = object[name];
  out[key] = value;
  return out;
}

/** `list` mapped; `list` itself when no element changed (or when it is not an array). */
function mapList(list: unknown, map: (item: unknown) => unknown): unknown {
  if (!Array.isArray(list)) return list;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const mapped = map(item);
    if (out === undefined && mapped !== item) out = list.slice(0, i);
    out?.push(mapped);
  }
  return out ?? list;
}

/** The decoded size of base64 `data`, in bytes. */
function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}
