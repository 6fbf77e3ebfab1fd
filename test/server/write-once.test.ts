/**
 * One handler, written once with `await ctx.elicit(...)`, served on a
 * 2026-07-28 request (a Multi Round-Trip round) and on a 2025-11-25 session (a
 * real elicitation/create request on the call's stream), with the same result.
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';

describe('a write-once handler on both eras', () => {
  it('asks the same question and returns the same answer on 2026-07-28 and on 2025-11-25', async () => {
    const server = new McpServer({ name: 'both-eras', version: '1.0.0' }, { warn: () => {} });
    const asked: string[] = [];
    server.registerTool(
      'book_table',
      { inputSchema: { type: 'object', properties: { guests: { type: 'integer' } }, required: ['guests'] } },
      async ({ guests }, ctx) => {
        const answer = await ctx.elicit({
          message: `Book a table for ${String(guests)}?`,
          requestedSchema: { type: 'object', properties: { time: { type: 'string', default: '19:00' } } },
        });
        asked.push(ctx.protocolVersion);
        if (answer.action !== 'accept') return { content: [{ type: 'text', text: 'not booked' }] };
        return {
          content: [
            { type: 'text', text: `booked for ${String(guests)} at ${String(answer.content?.time)}` },
          ],
        };
      },
    );
    const running = await serveHttp(server, { port: 0 });
    const questions: string[] = [];
    const onElicit = async (params: { message: string }) => {
      questions.push(params.message);
      return { action: 'accept' as const, content: {} };
    };
    try {
      const modern = await Client.connect(running.url, { onElicit, warn: () => {} });
      const legacy = await Client.connect(running.url, {
        onElicit,
        protocolVersion: '2025-11-25',
        warn: () => {},
      });
      expect([modern.server.era, legacy.server.era]).toEqual(['modern', 'legacy']);
      const expected = { content: [{ type: 'text', text: 'booked for 4 at 19:00' }] };
      await expect(modern.callTool('book_table', { guests: 4 })).resolves.toMatchObject(expected);
      await expect(legacy.callTool('book_table', { guests: 4 })).resolves.toMatchObject(expected);
      expect(questions).toEqual(['Book a table for 4?', 'Book a table for 4?']);
      // The modern call ran the handler twice (the round, then the replay); only runs that got an answer finish.
      expect(asked).toEqual(['2026-07-28', '2025-11-25']);
      await modern.close();
      await legacy.close();
    } finally {
      await running.close();
    }
  });
});
