/**
 * Prompts: templates a user picks from a menu. Arguments declared with JSON Schema
 * or zod, completion while the user types, and messages that embed a resource.
 *
 *   node --import tsx examples/prompts.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { InvalidParamsError } from '../src/entries/protocol.js';
import { McpServer } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

const LANGUAGES = ['go', 'javascript', 'python', 'rust', 'typescript'];

/** Style guides per language: the completion of `guide` depends on the `language` already chosen. */
const STYLE_GUIDES: Record<string, string[]> = {
  go: ['effective-go'],
  javascript: ['airbnb', 'standard'],
  python: ['black', 'pep8'],
  rust: ['rustfmt'],
  typescript: ['biome', 'google'],
};

/** Files the `explain_file` prompt can embed; a real server would read a workspace. */
const FILES: Record<string, string> = {
  'src/add.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'src/greet.ts': 'export function greet(name: string) {\n  return "Hello, " + name;\n}\n',
  'README.md': '# Demo\n\nTwo tiny modules.\n',
};

/** Builds the example server. */
export function createPromptsServer(): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-prompts-example', version: '0.1.0' },
    { instructions: 'Example prompts: code review, summaries, and explaining a file.' },
  );

  // Arguments as plain JSON Schema: each property is listed as an argument (its
  // description shown to the user), `required` marks the ones the user must fill.
  server.registerPrompt(
    'code_review',
    {
      title: 'Review code',
      description: 'Asks the model to review a piece of code.',
      argsSchema: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'The code to review' },
          language: { type: 'string', description: 'Its language' },
          guide: { type: 'string', description: 'A style guide to follow' },
        },
        required: ['code', 'language'],
      },
      complete: {
        language: (typed) => LANGUAGES.filter((language) => language.startsWith(typed.toLowerCase())),
        // `context.arguments` holds what the user already filled in the other fields.
        guide: (typed, context) =>
          (STYLE_GUIDES[context.arguments.language ?? ''] ?? Object.values(STYLE_GUIDES).flat()).filter(
            (guide) => guide.startsWith(typed),
          ),
      },
    },
    ({ code, language, guide }) => ({
      description: `Review of ${String(language)} code`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text:
              `Review this ${String(language)} code${guide ? ` against the ${String(guide)} style guide` : ''}. ` +
              `Point out bugs first, then style.\n\n${String(code)}`,
          },
        },
      ],
    }),
  );

  // Arguments as zod: the handler's arguments are typed. Prompt arguments are strings
  // on the wire, so an enum is the natural way to offer a fixed set of choices.
  server.registerPrompt(
    'summarize',
    {
      description: 'Summarizes a text in the chosen style.',
      argsSchema: z.object({
        text: z.string().min(1).describe('The text to summarize'),
        style: z.enum(['bullets', 'paragraph', 'tweet']).optional().describe('How to summarize'),
      }),
      complete: {
        style: (typed) => ['bullets', 'paragraph', 'tweet'].filter((style) => style.startsWith(typed)),
      },
    },
    ({ text, style = 'paragraph' }) => ({
      messages: [
        { role: 'user', content: { type: 'text', text: `Summarize the following as ${style}:\n\n${text}` } },
      ],
    }),
  );

  // Embedded resource content: the prompt carries the file itself, so the model sees it
  // without a separate resources/read. A prompt's errors are protocol errors (the user
  // picked it, not the model), so an unknown path is reported as bad params (-32602).
  server.registerPrompt(
    'explain_file',
    {
      description: 'Asks the model to explain a file from the workspace.',
      argsSchema: z.object({ path: z.string().describe('Path of the file') }),
      complete: { path: (typed) => Object.keys(FILES).filter((path) => path.startsWith(typed)) },
    },
    ({ path }) => {
      const text = FILES[path];
      if (text === undefined) {
        throw new InvalidParamsError(`No file ${path}; completion of "path" lists the files there are`);
      }
      return {
        messages: [
          {
            role: 'user',
            content: {
              type: 'resource',
              resource: {
                uri: `file:///workspace/${path}`,
                mimeType: path.endsWith('.md') ? 'text/markdown' : 'text/x-typescript',
                text,
              },
            },
          },
          { role: 'user', content: { type: 'text', text: `Explain what ${path} does, briefly.` } },
        ],
      };
    },
  );

  return server;
}

/** `node --import tsx examples/prompts.ts [--port N | --stdio]` */
export function main(argv: readonly string[]) {
  return serveFromCommandLine(createPromptsServer(), argv, 'prompts example');
}

runIfMain(import.meta.url, main);
