/**
 * The host page's script, bundled for the browser on the fly: connects mcpkit's Client to an
 * MCP server (through the page origin's relay), lists the tools that have an app, and when one is
 * run renders its app with mcpkit/apps-host, sends it the input and the result, and logs what
 * the app asks of the host.
 */
import { Client } from '../../src/client/client.js';
import {
  APP_MIME_TYPE,
  APPS_EXTENSION,
  type AppView,
  appResourceUri,
  renderApp,
} from '../../src/entries/apps-host.js';
import type { Tool } from '../../src/entries/protocol.js';
import type { HostPageConfig } from './page-html.js';

const config = JSON.parse(element('config').textContent ?? '{}') as HostPageConfig;
const serverUrl = new URLSearchParams(location.search).get('server') ?? config.defaultServer;
let view: AppView | undefined;

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The host page has no #${id}`);
  return found as T;
}

/** One line in the event log (the tests read it too). */
function log(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  element('log').append(item);
}

function status(text: string): void {
  element('status').textContent = text;
}

function shownToModel(tool: Tool): boolean {
  const ui = tool._meta?.ui as { visibility?: unknown } | undefined;
  return !Array.isArray(ui?.visibility) || ui.visibility.includes('model');
}

async function closeView(): Promise<void> {
  const closing = view;
  if (!closing) return;
  view = undefined;
  element<HTMLButtonElement>('close').disabled = true;
  const { answered } = await closing.teardown('closed by the user');
  log(answered ? 'teardown answered' : 'teardown unanswered');
}

async function run(client: Client, tool: Tool, argsText: string): Promise<void> {
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(argsText || '{}') as Record<string, unknown>;
  } catch (error) {
    log(`bad arguments: ${String(error)}`);
    return;
  }
  await closeView();
  const current = await renderApp({
    client,
    container: element('view'),
    tool,
    toolInput: args,
    sandboxProxyUrl: config.sandboxProxyUrl,
    hostInfo: { name: 'mcpkit-apps-host-demo', version: '0.1.0' },
    hostContext: {
      theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
      displayMode: 'inline',
      availableDisplayModes: ['inline'],
      containerDimensions: { maxHeight: 800, width: element('view').clientWidth },
      locale: navigator.language,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      userAgent: navigator.userAgent,
      platform: 'web',
      deviceCapabilities: {
        touch: navigator.maxTouchPoints > 0,
        hover: matchMedia('(hover: hover)').matches,
      },
    },
    onSizeChange: ({ width, height }) => log(`size ${width ?? '?'}x${height ?? '?'}`),
    onLog: ({ level, data }) =>
      log(`app log ${level}: ${typeof data === 'string' ? data : JSON.stringify(data)}`),
    onOpenLink: (url) => {
      log(`open link ${url}`);
      window.open(url, '_blank', 'noopener');
    },
    onMessage: ({ content }) =>
      log(
        `message: ${content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join(' ')}`,
      ),
    onRequestTeardown: () => void closeView(),
    onError: (error) => log(`error: ${error.message}`),
  });
  view = current;
  element<HTMLButtonElement>('close').disabled = false;
  log(`rendering ${tool.name}`);
  current.ready.then(
    (app) => log(`app initialized: ${app.appInfo.name}`),
    () => {},
  );
  try {
    const result = await client.callTool(tool.name, args);
    await current.sendToolResult(result);
    log(`tool result sent for ${tool.name}`);
  } catch (error) {
    log(`${tool.name} failed: ${(error as Error).message}`);
    await current.sendToolCancelled((error as Error).message).catch(() => {});
  }
}

function showTools(client: Client, tools: Tool[]): void {
  const list = element('tools');
  list.replaceChildren();
  for (const tool of tools) {
    const item = document.createElement('li');
    const title = document.createElement('strong');
    title.textContent = tool.name;
    const description = document.createElement('p');
    description.textContent = `${tool.description ?? ''} (app: ${appResourceUri(tool)})`;
    const args = document.createElement('textarea');
    args.rows = 2;
    args.value = '{}';
    args.setAttribute('aria-label', `${tool.name} arguments`);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Run ${tool.name}`;
    button.addEventListener('click', () => {
      run(client, tool, args.value).catch((error: Error) =>
        log(`cannot render ${tool.name}: ${error.message}`),
      );
    });
    item.append(title, description, args, button);
    list.append(item);
  }
  if (tools.length === 0) list.textContent = 'This server has no app tools.';
}

async function main(): Promise<void> {
  element<HTMLInputElement>('server').value = serverUrl;
  element('server-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const next = element<HTMLInputElement>('server').value.trim();
    location.search = `?server=${encodeURIComponent(next)}`;
  });
  element('close').addEventListener('click', () => void closeView());
  status(`Connecting to ${serverUrl}…`);
  const relayed = new URL('/mcp', location.origin);
  relayed.searchParams.set('target', serverUrl);
  const client = await Client.connect(relayed, {
    clientInfo: { name: 'mcpkit-apps-host-demo', version: '0.1.0' },
    capabilities: { extensions: { [APPS_EXTENSION]: { mimeTypes: [APP_MIME_TYPE] } } },
  });
  const tools = (await client.listAllTools()).filter((tool) => appResourceUri(tool) && shownToModel(tool));
  showTools(client, tools);
  status(`Connected to ${serverUrl} (${client.server.serverInfo?.name ?? 'unnamed server'})`);
}

main().catch((error: Error) => status(`Cannot connect to ${serverUrl}: ${error.message}`));
