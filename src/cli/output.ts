/**
 * Human-readable output of the CLI: aligned lists, summarised schemas, and
 * content blocks as text (binary content as a one-line note). Every function
 * here is pure and returns the text to print, without a trailing newline.
 */
import type { ServerDescription } from '../client/client.js';
import type { TaskState } from '../client/tasks.js';

type Loose = Record<string, unknown>;

/**
 * A listed item (tool, resource, template, prompt) as the client types it. The
 * formatters still read every field defensively: a server may send anything.
 */
type Listed = object;

/** The same items, seen field by field. */
function loose(items: ReadonlyArray<Listed>): ReadonlyArray<Loose> {
  return items as ReadonlyArray<Loose>;
}

/**
 * Aligns rows into columns (every column but the last is padded).
 *
 * @example
 * table([['echo', 'Returns its text.'], ['add', 'Adds.']]);
 * // 'echo  Returns its text.\nadd   Adds.'
 */
export function table(rows: ReadonlyArray<readonly string[]>, gap = 2): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1
            ? cell
            : cell + ' '.repeat((widths[column] ?? 0) - [...cell].length + gap),
        )
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * A schema's type in one short expression: `string`, `number[]`, `"a"|"b"`,
 * `{ sum: number }`.
 *
 * @example
 * typeOf({ type: 'array', items: { type: 'string' } }); // 'string[]'
 * typeOf({ enum: ['red', 'green'] }); // '"red"|"green"'
 */
export function typeOf(schema: unknown, depth = 0): string {
  const s = record(schema);
  if (!s) return 'any';
  if (Array.isArray(s.enum)) {
    const shown = s.enum.slice(0, 6).map((value) => JSON.stringify(value));
    return s.enum.length > 6 ? `${shown.join('|')}|… (${s.enum.length} options)` : shown.join('|');
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (branches) return [...new Set(branches.map((branch) => typeOf(branch, depth)))].join('|');
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return types
    .map((type) => {
      switch (type) {
        case 'array':
          return `${wrapUnion(typeOf(s.items, depth + 1))}[]`;
        case 'object': {
          const properties = record(s.properties);
          if (!properties || Object.keys(properties).length === 0 || depth >= 2) return 'object';
          return `{ ${summariseProperties(s, depth + 1)} }`;
        }
        case 'string':
          return typeof s.format === 'string' ? `string (${s.format})` : 'string';
        case undefined:
          return 'any';
        default:
          return String(type);
      }
    })
    .join('|');
}

/**
 * The properties of an object schema as `name: type`, optional ones marked
 * with `?` and defaults shown.
 *
 * @example
 * summariseProperties({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } }, required: ['a'] });
 * // 'a: number, b?: string'
 */
export function summariseProperties(schema: unknown, depth = 0): string {
  const s = record(schema);
  const properties = record(s?.properties);
  if (!properties) return '';
  const required = new Set(Array.isArray(s?.required) ? s.required : []);
  return Object.entries(properties)
    .map(([name, property]) => {
      const fallback = record(property)?.default;
      const shownDefault = fallback === undefined ? '' : ` = ${JSON.stringify(fallback)}`;
      return `${name}${required.has(name) ? '' : '?'}: ${typeOf(property, depth)}${shownDefault}`;
    })
    .join(', ');
}

/**
 * What `discover` prints: who the server is, its revision and capabilities.
 * `spoken` lists every revision the server was found to speak (both eras);
 * without it, the revisions its `server/discover` listed.
 *
 * @example
 * console.log(formatServer(client.server, ['2026-07-28', '2025-11-25']));
 */
export function formatServer(server: ServerDescription, spoken?: readonly string[]): string {
  const rows: string[][] = [];
  const info = server.serverInfo;
  rows.push(['Server', info ? `${info.name} ${info.version}` : '(did not say)']);
  if (typeof info?.title === 'string') rows.push(['Title', info.title]);
  rows.push([
    'Protocol',
    `${server.protocolVersion} (${server.era}); supports ${(spoken ?? server.supportedVersions).join(', ') || server.protocolVersion}`,
  ]);
  rows.push(['Capabilities', formatCapabilities(server.capabilities) || '(none)']);
  if (server.instructions) rows.push(['Instructions', server.instructions.replace(/\s*\n\s*/g, ' ')]);
  return table(rows);
}

/**
 * Capabilities as `tools (listChanged), logging`.
 *
 * @example
 * formatCapabilities({ tools: { listChanged: true }, logging: {} }); // 'tools (listChanged), logging'
 */
export function formatCapabilities(capabilities: Record<string, unknown>): string {
  return Object.entries(capabilities)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => {
      const details = Object.entries(record(value) ?? {})
        .filter(([, flag]) => flag !== false && flag !== undefined)
        .map(([flag]) => flag);
      return details.length > 0 ? `${name} (${details.join(', ')})` : name;
    })
    .join(', ');
}

/**
 * The tool list: name and description, then the arguments (and result shape)
 * on an indented line.
 *
 * @example
 * formatTools([{ name: 'add', description: 'Adds.', inputSchema: { type: 'object', properties: { a: { type: 'number' } } } }]);
 * // 'add  Adds.\n     a?: number'
 */
export function formatTools(listed: ReadonlyArray<Listed>): string {
  const tools = loose(listed);
  if (tools.length === 0) return '(no tools)';
  const width = Math.max(...tools.map((tool) => [...String(tool.name)].length));
  const indent = ' '.repeat(width + 2);
  return tools
    .map((tool) => {
      const name = String(tool.name);
      const heading = table([[name.padEnd(width), describe(tool)]]);
      const args = summariseProperties(tool.inputSchema) || '(no arguments)';
      const output = tool.outputSchema === undefined ? '' : ` → ${typeOf(tool.outputSchema)}`;
      const hints = [taskMark(tool), toolHints(record(tool.annotations))].filter(Boolean).join(', ');
      return `${heading}\n${indent}${args}${output}${hints ? `  [${hints}]` : ''}`;
    })
    .join('\n');
}

/**
 * How a listed tool runs as a task, from its `execution.taskSupport`
 * (2025-11-25 listings): `task-only`, `task-capable`, or `''` (no task, or
 * the listing does not say, as on 2026-07-28).
 *
 * @example
 * taskMark({ name: 'purge', execution: { taskSupport: 'required' } }); // 'task-only'
 */
export function taskMark(tool: Listed): string {
  const support = record((tool as Loose).execution)?.taskSupport;
  if (support === 'required') return 'task-only';
  if (support === 'optional') return 'task-capable';
  return '';
}

/**
 * A task's state as a table: id, status and message, times, TTL, poll
 * interval, the questions it waits on, and its error or result.
 *
 * @example
 * formatTaskState({ taskId: 't1', status: 'working', statusMessage: 'Q3: rendering', createdAt, lastUpdatedAt, ttlMs: 60000 });
 * // 'Task     t1\nStatus   working: Q3: rendering\nCreated  ...'
 */
export function formatTaskState(state: TaskState): string {
  const rows: string[][] = [
    ['Task', state.taskId],
    ['Status', describeTaskStatus(state)],
    ['Created', state.createdAt || '(not said)'],
    ['Updated', state.lastUpdatedAt || '(not said)'],
    ['TTL', state.ttlMs === null ? 'no limit' : formatDuration(state.ttlMs)],
  ];
  if (state.pollIntervalMs !== undefined) rows.push(['Poll every', formatDuration(state.pollIntervalMs)]);
  for (const [key, request] of Object.entries(state.inputRequests ?? {})) {
    const message = record(request.params)?.message;
    rows.push(['Asks', `${key}: ${request.method}${typeof message === 'string' ? ` "${message}"` : ''}`]);
  }
  if (state.error) rows.push(['Error', `${state.error.message} (${state.error.code})`]);
  const lines = table(rows);
  return state.result ? `${lines}\nResult:\n${formatToolResult(state.result)}` : lines;
}

/**
 * A task's status with its message: `working: Q3: rendering`.
 *
 * @example
 * describeTaskStatus({ taskId: 't1', status: 'input_required', createdAt: '', lastUpdatedAt: '', ttlMs: null }); // 'input_required'
 */
export function describeTaskStatus(state: Pick<TaskState, 'status' | 'statusMessage'>): string {
  return state.statusMessage ? `${state.status}: ${state.statusMessage}` : state.status;
}

/**
 * The task list: id, status (with message), last update.
 *
 * @example
 * formatTaskList([{ taskId: 't1', status: 'completed', createdAt: '', lastUpdatedAt: '2025-11-25T10:00:00Z', ttlMs: null }]);
 * // 't1  completed  2025-11-25T10:00:00Z'
 */
export function formatTaskList(tasks: ReadonlyArray<TaskState>): string {
  if (tasks.length === 0) return '(no tasks)';
  return table(tasks.map((task) => [task.taskId, describeTaskStatus(task), task.lastUpdatedAt]));
}

/**
 * A duration in ms for people: `500 ms`, `2.5 s`, `10 min`, `1 h`.
 *
 * @example
 * formatDuration(3_600_000); // '1 h'
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

/**
 * The resource list: URI, name, MIME type, description.
 *
 * @example
 * formatResources([{ uri: 'demo://about', name: 'about', mimeType: 'text/plain' }]);
 * // 'demo://about  about  text/plain'
 */
export function formatResources(listed: ReadonlyArray<Listed>): string {
  const resources = loose(listed);
  if (resources.length === 0) return '(no resources)';
  return table(
    resources.map((resource) => [
      String(resource.uri),
      String(resource.name ?? ''),
      String(resource.mimeType ?? ''),
      describe(resource),
    ]),
  );
}

/**
 * The resource template list: URI template, name, MIME type, description.
 *
 * @example
 * formatTemplates([{ uriTemplate: 'demo://greetings/{language}', name: 'greeting' }]);
 * // 'demo://greetings/{language}  greeting'
 */
export function formatTemplates(listed: ReadonlyArray<Listed>): string {
  const templates = loose(listed);
  if (templates.length === 0) return '(no resource templates)';
  return table(
    templates.map((template) => [
      String(template.uriTemplate),
      String(template.name ?? ''),
      String(template.mimeType ?? ''),
      describe(template),
    ]),
  );
}

/**
 * The prompt list: name and description, then the arguments.
 *
 * @example
 * formatPrompts([{ name: 'haiku', arguments: [{ name: 'topic', required: true }] }]);
 * // 'haiku\n       topic'
 */
export function formatPrompts(listed: ReadonlyArray<Listed>): string {
  const prompts = loose(listed);
  if (prompts.length === 0) return '(no prompts)';
  const width = Math.max(...prompts.map((prompt) => [...String(prompt.name)].length));
  const indent = ' '.repeat(width + 2);
  return prompts
    .map((prompt) => {
      const name = String(prompt.name);
      const args = (Array.isArray(prompt.arguments) ? prompt.arguments : [])
        .map(record)
        .filter((arg): arg is Loose => arg !== undefined)
        .map((arg) => `${String(arg.name)}${arg.required === true ? '' : '?'}`);
      const heading = table([[name.padEnd(width), describe(prompt)]]);
      return `${heading}\n${indent}${args.length > 0 ? args.join(', ') : '(no arguments)'}`;
    })
    .join('\n');
}

/**
 * One content block as text: text as is, binary content as a one-line note.
 *
 * @example
 * formatContentBlock({ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }); // '[image: image/png, 8 B]'
 */
export function formatContentBlock(block: unknown): string {
  const b = record(block);
  if (!b) return JSON.stringify(block);
  switch (b.type) {
    case 'text':
      return String(b.text ?? '');
    case 'image':
    case 'audio':
      return `[${b.type}: ${String(b.mimeType ?? 'unknown type')}, ${formatBytes(base64Size(b.data))}]`;
    case 'resource_link':
      return `[resource link: ${String(b.uri)}${b.name ? ` (${String(b.name)})` : ''}${b.mimeType ? `, ${String(b.mimeType)}` : ''}]`;
    case 'resource': {
      const contents = record(b.resource);
      return contents ? formatResourceContents(contents, true) : '[resource]';
    }
    default:
      return `[${String(b.type)} content] ${JSON.stringify(b)}`;
  }
}

/**
 * A tool result: its content blocks, or its structured content when it has
 * no content.
 *
 * @example
 * formatToolResult({ content: [{ type: 'text', text: 'Hello' }] }); // 'Hello'
 */
export function formatToolResult(result: Loose): string {
  const content = Array.isArray(result.content) ? result.content : [];
  if (content.length === 0) {
    return result.structuredContent === undefined
      ? '(no content)'
      : JSON.stringify(result.structuredContent, null, 2);
  }
  return content.map(formatContentBlock).join('\n');
}

/**
 * A `resources/read` result: the text of each item, binary items as notes;
 * with several items, each gets a header line.
 *
 * @example
 * formatReadResult({ contents: [{ uri: 'demo://about', text: 'About' }] }); // 'About'
 */
export function formatReadResult(result: Loose): string {
  const contents = (Array.isArray(result.contents) ? result.contents : [])
    .map(record)
    .filter((item): item is Loose => item !== undefined);
  if (contents.length === 0) return '(no contents)';
  if (contents.length === 1) return formatResourceContents(contents[0]!, false);
  return contents.map((item) => formatResourceContents(item, true)).join('\n');
}

/**
 * A rendered prompt: its description, then each message as `[role] text`.
 *
 * @example
 * formatPromptResult({ messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }] }); // '[user] Hi'
 */
export function formatPromptResult(result: Loose): string {
  const lines: string[] = [];
  if (typeof result.description === 'string' && result.description !== '') lines.push(result.description, '');
  for (const message of Array.isArray(result.messages) ? result.messages : []) {
    const m = record(message) ?? {};
    const blocks = Array.isArray(m.content) ? m.content : [m.content];
    lines.push(`[${String(m.role ?? '?')}] ${blocks.map(formatContentBlock).join('\n')}`);
  }
  return lines.length > 0 ? lines.join('\n') : '(no messages)';
}

/**
 * A completion's values, one a line.
 *
 * @example
 * formatCompletion({ completion: { values: ['en', 'es'] } }); // 'en\nes'
 */
export function formatCompletion(result: Loose): string {
  const values = record(result.completion)?.values;
  return Array.isArray(values) && values.length > 0 ? values.map(String).join('\n') : '(no suggestions)';
}

/**
 * A listen notification in words.
 *
 * @example
 * formatNotification({ method: 'notifications/resources/updated', params: { uri: 'demo://about' } });
 * // 'resource updated: demo://about'
 */
export function formatNotification(notification: { method: string; params?: Loose }): string {
  const params = notification.params ?? {};
  switch (notification.method) {
    case 'notifications/subscriptions/acknowledged': {
      const filter = record(params.notifications) ?? {};
      const parts: string[] = [];
      if (filter.toolsListChanged) parts.push('tool list');
      if (filter.promptsListChanged) parts.push('prompt list');
      if (filter.resourcesListChanged) parts.push('resource list');
      const uris = Array.isArray(filter.resourceSubscriptions) ? filter.resourceSubscriptions : [];
      if (uris.length > 0) parts.push(`resources ${uris.map(String).join(', ')}`);
      return `listening for changes to: ${parts.join(', ') || 'nothing'}`;
    }
    case 'notifications/tools/list_changed':
      return 'tool list changed';
    case 'notifications/prompts/list_changed':
      return 'prompt list changed';
    case 'notifications/resources/list_changed':
      return 'resource list changed';
    case 'notifications/resources/updated':
      return `resource updated: ${String(params.uri)}`;
    default:
      return `${notification.method} ${JSON.stringify(params)}`;
  }
}

/**
 * A byte count for people.
 *
 * @example
 * formatBytes(2048); // '2.0 KiB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * A log message from the server, for stderr.
 *
 * @example
 * formatLog({ level: 'warning', data: 'careful', logger: 'db' }); // '[server warning] db: careful'
 */
export function formatLog(message: { level: string; data: unknown; logger?: string }): string {
  const data = typeof message.data === 'string' ? message.data : JSON.stringify(message.data);
  return `[server ${message.level}] ${message.logger ? `${message.logger}: ` : ''}${data}`;
}

function formatResourceContents(item: Loose, withHeader: boolean): string {
  const mime = typeof item.mimeType === 'string' ? item.mimeType : undefined;
  if (typeof item.text === 'string') {
    return withHeader ? `[resource ${String(item.uri)}${mime ? ` (${mime})` : ''}]\n${item.text}` : item.text;
  }
  return `[resource ${String(item.uri)}: ${mime ?? 'binary'}, ${formatBytes(base64Size(item.blob))}]`;
}

function describe(entry: Loose): string {
  const description = typeof entry.description === 'string' ? (entry.description.split('\n')[0] ?? '') : '';
  const title = typeof entry.title === 'string' ? entry.title : undefined;
  if (title && description) return `${title}: ${description}`;
  return title ?? description;
}

function toolHints(annotations: Loose | undefined): string {
  if (!annotations) return '';
  const hints: string[] = [];
  if (annotations.readOnlyHint === true) hints.push('read-only');
  if (annotations.destructiveHint === true) hints.push('destructive');
  if (annotations.idempotentHint === true) hints.push('idempotent');
  if (annotations.openWorldHint === true) hints.push('open world');
  return hints.join(', ');
}

function wrapUnion(type: string): string {
  return type.includes('|') ? `(${type})` : type;
}

function base64Size(data: unknown): number {
  return typeof data === 'string' ? Buffer.from(data, 'base64').length : 0;
}

function record(value: unknown): Loose | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
}
