/**
 * The demo server plus what the CLI tests need and the demo lacks: progress,
 * sampling, roots, logging, binary content, a tool that fails, a form with
 * every field type, and a tool that changes the tool list.
 *
 *   node --import tsx test/cli/fixture-server.ts --stdio
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createDemoServer } from '../../examples/demo-server.js';
import type { McpServer, RegisteredTool } from '../../src/entries/server.js';
import { serveStdio } from '../../src/entries/stdio.js';

/** A one-pixel PNG, base64. */
export const PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/**
 * Builds the fixture server.
 *
 * @example
 * const running = await serveHttp(createFixtureServer(), { port: 0 });
 */
export function createFixtureServer(): McpServer {
  const server = createDemoServer();

  server.registerTool(
    'slow',
    { description: 'Reports progress in steps.', inputSchema: z.object({ steps: z.number().int() }) },
    async ({ steps }, ctx) => {
      for (let step = 1; step <= steps; step++) await ctx.progress(step, steps, `step ${step}`);
      return { content: [{ type: 'text', text: `done in ${steps} steps` }] };
    },
  );

  server.registerTool('fail', { description: 'Always fails.' }, () => {
    throw new Error('this tool always fails');
  });

  server.registerTool('picture', { description: 'Returns an image and some audio.' }, () => ({
    content: [
      { type: 'text', text: 'a picture:' },
      { type: 'image', data: PIXEL_PNG, mimeType: 'image/png' },
      { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
    ],
  }));

  server.registerTool('ask-model', { description: 'Asks the client model a question.' }, async (ctx) => {
    const answer = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: 'Say something nice.' } }],
      maxTokens: 50,
    });
    const content = answer.content as { type: string; text?: string };
    return { content: [{ type: 'text', text: `model said: ${content.text ?? '(no text)'}` }] };
  });

  server.registerTool('where', { description: 'Lists the client roots.' }, async (ctx) => {
    const { roots } = await ctx.listRoots();
    return { content: [{ type: 'text', text: roots.map((root) => root.uri).join(' ') }] };
  });

  server.registerTool('chatty', { description: 'Logs at every level it may.' }, async (ctx) => {
    await ctx.log('debug', 'debug detail', 'fixture');
    await ctx.log('warning', 'careful now', 'fixture');
    return { content: [{ type: 'text', text: 'logged' }] };
  });

  server.registerTool(
    'order',
    { description: 'Takes an order through a form with every kind of field.' },
    async (ctx) => {
      const answer = await ctx.elicit({
        message: 'Your order',
        requestedSchema: {
          type: 'object',
          properties: {
            dish: { type: 'string', title: 'Dish', enum: ['soup', 'salad'] },
            count: { type: 'integer', title: 'How many', minimum: 1, maximum: 5, default: 1 },
            spicy: { type: 'boolean', title: 'Spicy' },
            extras: {
              type: 'array',
              title: 'Extras',
              items: { type: 'string', enum: ['bread', 'cheese', 'olives'] },
            },
            note: { type: 'string', title: 'Note', maxLength: 20 },
          },
          required: ['dish', 'count'],
        },
      });
      return {
        content: [{ type: 'text', text: `${answer.action} ${JSON.stringify(answer.content ?? {})}` }],
      };
    },
  );

  server.registerTool(
    'typed',
    {
      description: 'Echoes its arguments as JSON.',
      inputSchema: z.object({
        n: z.number(),
        flag: z.boolean(),
        tags: z.array(z.string()),
        label: z.string(),
        maybe: z.union([z.string(), z.number()]).optional(),
      }),
    },
    (args) => ({ content: [{ type: 'text', text: JSON.stringify(args) }] }),
  );

  let extra: RegisteredTool | undefined;
  server.registerTool('toggle', { description: 'Adds or removes the tool "extra".' }, () => {
    if (extra) {
      extra.remove();
      extra = undefined;
    } else {
      extra = server.registerTool('extra', { description: 'Comes and goes.' }, () => ({ content: [] }));
    }
    return { content: [{ type: 'text', text: extra ? 'added' : 'removed' }] };
  });

  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--stdio')) {
  serveStdio(createFixtureServer()).then(
    (running) => running.closed.then(() => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
