/**
 * The client the conformance suite drives: `npm run everything-client -- <url>`.
 *
 * Built on mcpkit's `Client`, it behaves like a small application: it connects
 * (pinning the revision from MCP_CONFORMANCE_PROTOCOL_VERSION when that is a
 * 2025 one, negotiating otherwise), answers elicitation, sampling and roots
 * with simple handlers, and exercises what the server offers. The scenario
 * (MCP_CONFORMANCE_SCENARIO) only picks which operations to perform, as an
 * application would; the protocol behaviour itself is the library's.
 */
import { createHash } from 'node:crypto';
import { Client, type ClientOptions, headlessRedirect, OAuthClientAuth } from '../src/entries/client.js';
import type { Tool } from '../src/protocol/types/modern/tool-definition.js';
import { LEGACY_PROTOCOL_VERSIONS } from '../src/protocol/versions.js';
import { extensionAuthFor } from './auth-extensions.js';

const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';

interface ScenarioContext {
  name?: string;
  /** Tool calls the scenario asks for, with their arguments. */
  toolCalls?: { name: string; arguments?: Record<string, unknown> }[];
  [key: string]: unknown;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  items?: JsonSchema;
  [key: string]: unknown;
};

/** A value that satisfies a simple schema. */
function sampleValue(schema: JsonSchema | undefined, index: number): unknown {
  if (schema?.default !== undefined) return schema.default;
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case 'number':
    case 'integer':
      return index + 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return sampleArguments(schema);
    case 'null':
      return null;
    default:
      return 'mcpkit';
  }
}

/** Arguments for an object schema: every property gets a plausible value. */
function sampleArguments(schema: JsonSchema | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  let index = 0;
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    args[name] = sampleValue(property, index++);
  }
  return args;
}

/** The application's answer to an elicitation form: omit defaulted fields (the client fills them), fill the rest. */
function answerForm(schema: JsonSchema | undefined): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  let index = 0;
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    if (property.default === undefined) content[name] = sampleValue(property, index++);
  }
  return content;
}

function readContext(): ScenarioContext {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  if (!raw) return {};
  try {
    return JSON.parse(raw) as ScenarioContext;
  } catch {
    return {};
  }
}

/** The application's options; a 2025 revision is pinned, anything else is negotiated. */
function options(version: string | undefined): ClientOptions {
  const legacy = version !== undefined && (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version);
  return {
    clientInfo: { name: 'mcpkit-everything-client', version: '0.1.0' },
    protocolVersion: legacy ? version : undefined,
    capabilities: { extensions: { [SKILLS_EXTENSION]: {} } },
    // The suite gives each scenario 120 s (run.mjs passes --timeout 120000), and starts the auth
    // scenarios all at once: on a loaded 2-core machine the first request, which carries the whole
    // OAuth flow (discovery, registration, authorization, token), took over 30 s. The scenarios
    // check what the client does, not how fast; 90 s keeps a hung request from outliving its scenario.
    timeoutMs: 90_000,
    onElicit: (params) =>
      params.mode === 'url'
        ? { action: 'decline' }
        : { action: 'accept', content: answerForm(params.requestedSchema as JsonSchema) as never },
    onSample: () => ({
      role: 'assistant',
      content: { type: 'text', text: 'mcpkit everything-client' },
      model: 'mcpkit-test-model',
      stopReason: 'endTurn',
    }),
    roots: [],
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  };
}

/** Lists the tools and calls each: with the scenario's arguments when it gave some, else sample ones. */
async function exerciseTools(client: Client, context: ScenarioContext): Promise<Tool[]> {
  const tools = await client.listAllTools();
  const requested = context.toolCalls;
  if (requested && requested.length > 0) {
    const listed = new Set(tools.map((tool) => tool.name));
    for (const call of requested) {
      if (listed.has(call.name)) await client.callTool(call.name, call.arguments ?? {});
    }
    return tools;
  }
  for (const tool of tools) {
    await client.callTool(tool.name, sampleArguments(tool.inputSchema as JsonSchema));
  }
  return tools;
}

/** Lists resources and prompts when the server offers them, and reads or renders each. */
async function exerciseResourcesAndPrompts(client: Client): Promise<void> {
  const capabilities = client.server.capabilities;
  if (capabilities.resources) {
    for (const resource of await client.listAllResources()) {
      await client.readResource(String(resource.uri));
    }
  }
  if (capabilities.prompts) {
    for (const prompt of await client.listAllPrompts()) {
      const args: Record<string, string> = {};
      for (const argument of (prompt.arguments as { name: string; required?: boolean }[] | undefined) ?? []) {
        if (argument.required) args[argument.name] = 'mcpkit';
      }
      await client.getPrompt(String(prompt.name), args);
    }
  }
}

/** Round-trips a tool's input schema through an echo tool, exactly as received. */
async function echoSchemas(client: Client): Promise<void> {
  const tools = await client.listAllTools();
  const echo = tools.find((tool) => tool.name === 'json_schema_echo');
  if (!echo) return;
  for (const tool of tools) {
    if (tool === echo) continue;
    await client.callTool(echo.name, { schema: tool.inputSchema });
  }
}

interface SkillEntry {
  uri: string;
  frontmatter?: Record<string, unknown>;
  resources?: { uri: string; digest?: string; size?: number }[];
}

/** Parses the simple `key: value` YAML frontmatter of a SKILL.md. */
function parseFrontmatter(text: string): Record<string, string> | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!match?.[1]) return undefined;
  const fields: Record<string, string> = {};
  for (const line of match[1].split(/\r?\n/)) {
    const [, key, value] = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line) ?? [];
    if (key !== undefined && value !== undefined) fields[key] = value.replace(/^(['"])(.*)\1$/, '$2').trim();
  }
  return fields;
}

/** Reads one file of a skill and checks it against the entry's size and digest. */
async function readVerified(client: Client, file: { uri: string; digest?: string; size?: number }) {
  const result = await client.readResource(file.uri);
  const content = (result.contents as { text?: string; blob?: string }[] | undefined)?.[0];
  const bytes =
    content?.text !== undefined
      ? Buffer.from(content.text, 'utf8')
      : Buffer.from(content?.blob ?? '', 'base64');
  if (file.size !== undefined && bytes.byteLength !== file.size)
    throw new Error(`${file.uri}: ${bytes.byteLength} bytes, the entry says ${file.size}`);
  if (file.digest !== undefined) {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (digest !== file.digest)
      throw new Error(`${file.uri}: digest ${digest}, the entry says ${file.digest}`);
  }
  return bytes.toString('utf8');
}

/**
 * Loads a skill (SEP-2640): SKILL.md first, verified by size, digest and
 * frontmatter; its other files only once SKILL.md passed.
 */
async function loadSkill(client: Client, skill: SkillEntry): Promise<void> {
  const files = skill.resources ?? [];
  const main = files.find((file) => file.uri === skill.uri) ?? { uri: skill.uri };
  const text = await readVerified(client, main);
  const frontmatter = parseFrontmatter(text) ?? {};
  for (const [key, value] of Object.entries(skill.frontmatter ?? {})) {
    if (frontmatter[key] !== String(value))
      throw new Error(`${skill.uri}: frontmatter ${key} differs from the listed entry`);
  }
  for (const file of files) if (file !== main) await readVerified(client, file);
}

async function exerciseSkills(client: Client, load: boolean): Promise<void> {
  const extensions = client.server.capabilities.extensions as Record<string, unknown> | undefined;
  if (!extensions?.[SKILLS_EXTENSION]) return;
  const listed = await client.request('skills/list', {});
  if (!load) return; // Listing alone must not fetch any file.
  for (const skill of (listed.skills as SkillEntry[] | undefined) ?? []) {
    try {
      await loadSkill(client, skill);
    } catch (error) {
      process.stderr.write(`skill rejected: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

/** The client's metadata document URL (SEP-991) the suite's authorization servers expect. */
const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';

/**
 * OAuth as a headless application does it: the suite's authorization servers
 * approve at once, so the redirect is read from `Location` instead of a
 * browser. Pre-registered credentials come from the scenario context.
 */
function authFor(context: ScenarioContext): OAuthClientAuth {
  const clientId = typeof context.client_id === 'string' ? context.client_id : undefined;
  const clientSecret = typeof context.client_secret === 'string' ? context.client_secret : undefined;
  return new OAuthClientAuth({
    ...headlessRedirect('http://localhost:3000/callback'),
    clientName: 'mcpkit-everything-client',
    clientMetadataUrl: CLIENT_METADATA_URL,
    clients: clientId ? [{ clientId, clientSecret }] : [],
  });
}

export async function run(url: string, scenario: string, version: string | undefined): Promise<void> {
  const context = readContext();
  const client = await Client.connect(url, {
    ...options(version),
    ...(scenario.startsWith('auth/')
      ? { auth: extensionAuthFor(scenario, context) ?? authFor(context) }
      : {}),
  });
  try {
    switch (scenario) {
      case 'initialize':
        break;
      case 'json-schema-2020-12-preservation':
        await echoSchemas(client);
        break;
      case 'http-standard-headers':
        await exerciseTools(client, context);
        await exerciseResourcesAndPrompts(client);
        break;
      case 'sep-2640-client-no-prefetch':
        await exerciseSkills(client, false);
        break;
      case 'sep-2640-client-verify-digest':
      case 'sep-2640-client-verify-size':
      case 'sep-2640-client-verify-frontmatter':
        await exerciseSkills(client, true);
        break;
      default:
        await exerciseTools(client, context);
    }
  } finally {
    await client.close();
  }
}

const url = process.argv[process.argv.length - 1];
if (!url || !/^https?:\/\//.test(url)) {
  process.stderr.write('usage: npm run everything-client -- <server url>\n');
  process.exit(2);
}
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
run(url, scenario, process.env.MCP_CONFORMANCE_PROTOCOL_VERSION).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `everything-client (${scenario || 'no scenario'}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
