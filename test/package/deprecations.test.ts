/**
 * What SEP-2577 deprecates is marked `@deprecated` where users meet it, so editors strike it
 * through: the handler context's `log`, `sample` and `listRoots`, and the client's options for
 * sampling, roots and logging. Checked the way an editor does, with the TypeScript language
 * service's suggestions on a file that uses each one, plus one of each kind it must not flag
 * (`ctx.progress`, `timeoutMs`).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const probe = join(root, 'test/package/__deprecation-probe.ts');
const source = `
import type { ClientOptions } from '../../src/entries/client.js';
import { McpServer } from '../../src/entries/server.js';
const server = new McpServer({ name: 'probe', version: '1' });
server.registerTool('t', {}, async (ctx) => {
  await ctx.log('info', 'x');
  await ctx.sample({ messages: [], maxTokens: 1 });
  await ctx.listRoots();
  await ctx.progress(1);
  return { content: [] };
});
// TypeScript flags a deprecated property where it is read, not in an object literal.
declare const options: ClientOptions;
void [options.onSample, options.sampleWithTools, options.roots, options.logLevel, options.onLog, options.timeoutMs];
`;

it('editors flag ctx.log, ctx.sample, ctx.listRoots and the client options onSample, sampleWithTools, roots, logLevel, onLog as deprecated', () => {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [probe],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = name === probe ? source : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === probe || ts.sys.fileExists(name),
    readFile: (name) => (name === probe ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  // The probe must compile, or the service reports nothing about it.
  expect(service.getSemanticDiagnostics(probe).map((d) => d.messageText)).toEqual([]);
  const flagged = service
    .getSuggestionDiagnostics(probe)
    .filter((d) => d.reportsDeprecated)
    .map((d) => source.slice(d.start, d.start + d.length))
    .sort();
  expect(flagged).toEqual(
    ['listRoots', 'log', 'logLevel', 'onLog', 'onSample', 'roots', 'sample', 'sampleWithTools'].sort(),
  );
  service.dispose();
}, 60_000);
