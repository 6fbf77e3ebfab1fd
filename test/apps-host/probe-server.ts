/**
 * The MCP server behind the host tests: the probe app (CSP, refusal, resize, teardown), the
 * official ext-apps App, a model-only tool no app may call, and an app-only echo.
 */
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { z } from 'zod';
import { McpServer, registerAppResource, registerAppTool } from '../../src/entries/server.js';
import { type ProbeTargets, probeAppHtml } from './probe-app.js';

/** The probe server, and how often its model-only tool ran (an app must never get it to run). */
export interface ProbeServer {
  readonly server: McpServer;
  readonly secretCalls: () => number;
}

/** The official App test script, bundled for the browser into one inline script. */
export async function officialAppHtml(): Promise<string> {
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./official-app.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    minify: true,
    logLevel: 'silent',
  });
  const script = built.outputFiles[0]?.text ?? '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Official App</title></head>
<body>
<button id="echo" type="button">echo</button>
<pre id="out"></pre>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

/** Builds the probe server; `allowedOrigin` is the one origin the probe app may fetch. */
export async function createProbeServer(targets: ProbeTargets, allowedOrigin: string): Promise<ProbeServer> {
  let secretCalls = 0;
  const server = new McpServer({ name: 'apps-host-probe', version: '1.0.0' });
  registerAppResource(server, 'Probe app', 'ui://probe/app.html', {
    html: probeAppHtml(targets),
    csp: { connectDomains: [allowedOrigin] },
  });
  registerAppTool(
    server,
    'probe',
    { description: 'The probe app', resourceUri: 'ui://probe/app.html' },
    () => ({ content: [{ type: 'text', text: 'probe shown' }], structuredContent: { probe: true } }),
  );
  // Visibility defaults to both model and app; this one leaves apps out.
  const modelOnly = { ui: { visibility: ['model'] } };
  server.registerTool(
    'secret',
    { description: 'For the model only: no app may call it', _meta: modelOnly },
    () => {
      secretCalls += 1;
      return { content: [{ type: 'text', text: 'the secret' }] };
    },
  );

  const official = await officialAppHtml();
  registerAppResource(server, 'Official app', 'ui://probe/official.html', { html: official, csp: {} });
  registerAppTool(
    server,
    'official',
    {
      description: 'An app built with the official ext-apps App class',
      inputSchema: z.object({ word: z.string() }),
      resourceUri: 'ui://probe/official.html',
    },
    ({ word }) => ({
      content: [{ type: 'text', text: word }],
      structuredContent: { upper: word.toUpperCase() },
    }),
  );
  registerAppTool(
    server,
    'app_echo',
    {
      description: 'Echoes text back to the app that asked',
      inputSchema: z.object({ text: z.string() }),
      resourceUri: 'ui://probe/official.html',
      visibility: ['app'],
    },
    ({ text }) => ({ content: [{ type: 'text', text }], structuredContent: { echoed: text } }),
  );
  return { server, secretCalls: () => secretCalls };
}
