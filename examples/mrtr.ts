/**
 * Multi Round-Trip Requests (2026-07-28): a tool that needs something from the
 * client (the user's answer, the client's model, its roots) ends its round with
 * `input_required`; the client answers and sends the request again with
 * `inputResponses` and the `requestState` it was given. No session, no open
 * stream: any server process holding the state keys can serve the retry.
 *
 * Two ways to write such a handler:
 * - write-once: `await ctx.elicit(...)`, `ctx.sample(...)`, `ctx.listRoots()`. On a
 *   retry the handler runs again from the top and those calls return the recorded
 *   answers. The same code serves a 2025 session, where they are real requests.
 * - explicit: return `inputRequired({ key: request }, state)` and read
 *   `ctx.inputResponses` and `ctx.requestState` on the retry.
 *
 *   node --import tsx examples/mrtr.ts [--port N | --stdio]
 */
import { z } from 'zod';
import type { ElicitResult } from '../src/entries/protocol.js';
import { inputRequired, McpServer } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

interface DeployPlan {
  service: string;
  version: string;
  plannedAt: string;
}

/** Builds the example server. */
export function createMrtrServer(): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-mrtr-example', version: '0.1.0' },
    // Sampling and roots are deprecated in 2026-07-28 (SEP-2577); the server warns once on first use.
    { instructions: 'Example tools that ask the client for input: a form, a model completion, its roots.' },
  );

  // Write-once elicitation (form mode). Because the handler is replayed from the top on
  // the retry, anything before the await must be repeatable: no side effects up there.
  server.registerTool(
    'book_table',
    {
      description: 'Books a table, asking the user for the party size and time.',
      inputSchema: z.object({ restaurant: z.string() }),
    },
    async ({ restaurant }, ctx) => {
      const answer = await ctx.elicit({
        mode: 'form',
        message: `Booking at ${restaurant}: how many people, and when?`,
        requestedSchema: {
          type: 'object',
          properties: {
            people: { type: 'integer', title: 'People', minimum: 1, maximum: 12 },
            time: { type: 'string', title: 'Time', enum: ['18:00', '19:30', '21:00'] },
          },
          required: ['people', 'time'],
        },
      });
      if (answer.action !== 'accept' || !answer.content) {
        return { content: [{ type: 'text', text: `No booking made (${answer.action}).` }] };
      }
      const { people, time } = answer.content;
      return {
        content: [
          { type: 'text', text: `Booked ${String(restaurant)} for ${String(people)} at ${String(time)}.` },
        ],
      };
    },
  );

  // Write-once sampling: borrow the client's model instead of holding an API key.
  server.registerTool(
    'name_project',
    {
      description: "Suggests a project name using the client's model.",
      inputSchema: z.object({ topic: z.string() }),
    },
    async ({ topic }, ctx) => {
      const reply = await ctx.sample({
        messages: [
          { role: 'user', content: { type: 'text', text: `One short project name about: ${topic}` } },
        ],
        maxTokens: 20,
      });
      const block = Array.isArray(reply.content) ? reply.content[0] : reply.content;
      const name = block?.type === 'text' ? block.text.trim() : '(no text)';
      return { content: [{ type: 'text', text: `Suggested name: ${name} (by ${reply.model})` }] };
    },
  );

  // Write-once roots: which directories the user has shared with this server.
  server.registerTool(
    'list_workspace',
    { description: 'Lists the roots the client shares.' },
    async (ctx) => {
      const { roots } = await ctx.listRoots();
      const lines = roots.map((root) => `${root.name ?? '(unnamed)'}: ${root.uri}`);
      return { content: [{ type: 'text', text: lines.length ? lines.join('\n') : 'No roots shared.' }] };
    },
  );

  // Explicit form with state. Round 1 does the expensive planning once and carries the
  // plan in requestState; the server seals it (encrypted, bound to this request), so the
  // client can carry it but neither read nor change it, and round 2 trusts it as is.
  server.registerTool(
    'deploy',
    {
      description: 'Deploys a service after the user confirms the plan.',
      inputSchema: z.object({ service: z.string() }),
    },
    ({ service }, ctx) => {
      const plan = ctx.requestState as DeployPlan | undefined;
      const confirmation = ctx.inputResponses?.confirm as ElicitResult | undefined;
      if (plan && confirmation) {
        if (confirmation.action === 'accept' && confirmation.content?.proceed === true) {
          return { content: [{ type: 'text', text: `Deployed ${plan.service} ${plan.version}.` }] };
        }
        return { content: [{ type: 'text', text: `Deployment of ${plan.service} cancelled.` }] };
      }
      const next: DeployPlan = {
        service,
        version: `v${service.length * 7}`, // stands in for a slow lookup
        plannedAt: new Date().toISOString(),
      };
      return inputRequired(
        {
          confirm: {
            method: 'elicitation/create',
            params: {
              message: `Deploy ${service} ${next.version}?`,
              requestedSchema: {
                type: 'object',
                properties: { proceed: { type: 'boolean', title: 'Proceed' } },
                required: ['proceed'],
              },
            },
          },
        },
        next,
      );
    },
  );

  return server;
}

/** `node --import tsx examples/mrtr.ts [--port N | --stdio]` */
export function main(argv: readonly string[]) {
  return serveFromCommandLine(createMrtrServer(), argv, 'MRTR example');
}

runIfMain(import.meta.url, main);
