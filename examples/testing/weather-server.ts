/**
 * The server docs/testing.md tests: one tool, `forecast`, that asks the user for the city
 * (elicitation) when the call names none. The same code asks on every revision: on 2026-07-28
 * the question travels back in an `input_required` result, on a 2025 session as an
 * `elicitation/create` request.
 */
import { z } from 'zod';
import { McpServer } from '../../src/entries/server.js';

const FORECASTS: Record<string, string> = {
  Oslo: 'snow, -3°C',
  Paris: 'sunny, 21°C',
};

/** Builds a fresh server, so each test starts from nothing. */
export function createWeatherServer(): McpServer {
  const server = new McpServer({ name: 'weather', version: '1.0.0' });
  server.registerTool(
    'forecast',
    {
      description: "Tomorrow's weather for a city; asks for the city when none is given.",
      inputSchema: z.object({ city: z.string().optional() }),
    },
    async ({ city }, ctx) => {
      if (city === undefined) {
        const answer = await ctx.elicit({
          message: 'Which city?',
          requestedSchema: {
            type: 'object',
            properties: { city: { type: 'string', title: 'City' } },
            required: ['city'],
          },
        });
        if (answer.action !== 'accept') {
          return { content: [{ type: 'text', text: 'No city, no forecast.' }] };
        }
        city = String(answer.content?.city);
      }
      const forecast = FORECASTS[city];
      if (forecast === undefined) {
        return { content: [{ type: 'text', text: `No forecast for ${city}.` }], isError: true };
      }
      return { content: [{ type: 'text', text: `${city}: ${forecast}` }] };
    },
  );
  return server;
}
