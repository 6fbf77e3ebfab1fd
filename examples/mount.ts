/**
 * Mounting: one server that offers the tools, prompts and resources of two others, each under
 * its own namespace (docs/composition.md).
 *
 * The weather server's `forecast` becomes the gateway's `weather_forecast` (and it still asks
 * its question through the gateway's client), the notes server's `search` becomes
 * `notes_search`; resources keep their URIs. What either server registers later appears on the
 * gateway at once, announced to its clients as a list change.
 *
 *   node --import tsx examples/mount.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { McpServer } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/** A weather server: one tool that asks which units to use. */
export function createWeatherServer(): McpServer {
  const weather = new McpServer({ name: 'weather', version: '1.0.0' });
  weather.registerTool(
    'forecast',
    { description: 'Tomorrow in a city.', inputSchema: z.object({ city: z.string() }) },
    async ({ city }, ctx) => {
      const answer = await ctx.elicit({
        message: 'Celsius or Fahrenheit?',
        requestedSchema: {
          type: 'object',
          properties: { units: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
          required: ['units'],
        },
      });
      const fahrenheit = answer.action === 'accept' && answer.content?.units === 'fahrenheit';
      return { content: [{ type: 'text', text: `${city}: ${fahrenheit ? '70°F' : '21°C'}, sunny` }] };
    },
  );
  return weather;
}

/** A notes server: a search tool and its notes as resources. */
export function createNotesServer(): McpServer {
  const notes = new McpServer({ name: 'notes', version: '1.0.0' });
  const all = new Map([
    ['notes://groceries', 'milk, eggs'],
    ['notes://ideas', 'a gateway for MCP servers'],
  ]);
  notes.registerTool(
    'search',
    { description: 'Finds notes containing a word.', inputSchema: z.object({ word: z.string() }) },
    ({ word }) => ({
      content: [...all]
        .filter(([, text]) => text.includes(word))
        .map(([uri]) => ({ type: 'text', text: uri })),
    }),
  );
  for (const [uri, text] of all) {
    notes.registerResource(uri.slice('notes://'.length), uri, { mimeType: 'text/plain' }, () => ({
      contents: [{ uri, mimeType: 'text/plain', text }],
    }));
  }
  return notes;
}

/** The gateway: both servers mounted, plus a tool of its own. */
export function createGateway(): McpServer {
  const gateway = new McpServer({ name: 'gateway', version: '1.0.0' });
  gateway.registerTool('ping', { description: 'Answers pong.' }, () => ({
    content: [{ type: 'text', text: 'pong' }],
  }));
  gateway.mount('weather', createWeatherServer());
  gateway.mount('notes', createNotesServer());
  return gateway;
}

runIfMain(import.meta.url, (argv) => serveFromCommandLine(createGateway(), argv, 'mount example'));
