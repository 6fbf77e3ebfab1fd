/**
 * URL-mode elicitation end to end, mcpkit client against mcpkit server:
 * - 2025-11-25 sessions: `elicitation/create` carries an `elicitationId`
 *   (minted when the handler gave none) and `server.completeElicitation`
 *   sends `notifications/elicitation/complete` to the session that was asked;
 * - -32042 (`UrlElicitationRequiredError`): the client shows the pages,
 *   waits for the completion notices where they can arrive, and retries;
 * - stateless 2025 HTTP cannot carry `elicitation/create`, so `ctx.elicit`
 *   in URL mode answers -32042 there;
 * - 2026-07-28: the same handlers work, as `input_required` rounds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type ClientOptions } from '../../src/entries/client.js';
import { type RunningHttpServer, serveHttp } from '../../src/entries/node.js';
import { McpServer, type McpServerOptions } from '../../src/entries/server.js';
import { McpError, UrlElicitationRequiredError } from '../../src/protocol/errors.js';
import type { ElicitRequestParams } from '../../src/protocol/types/modern/elicitation.js';

interface Fixture {
  server: McpServer;
  /** Set once the user "finished" the page of the files account. */
  linked: { value: boolean };
}

function buildServer(options: McpServerOptions = {}): Fixture {
  const server = new McpServer({ name: 'pages', version: '1.0.0' }, { warn: () => {}, ...options });
  const linked = { value: false };
  server.registerTool('connect-account', {}, async (ctx) => {
    const answer = await ctx.elicit({
      mode: 'url',
      message: 'Link your account',
      url: 'https://example.com/link',
    });
    return { content: [{ type: 'text', text: answer.action }] };
  });
  server.registerTool('read-files', {}, async () => {
    if (!linked.value) {
      throw new UrlElicitationRequiredError('Link your files account first', {
        elicitations: [
          {
            mode: 'url',
            elicitationId: 'files-1',
            url: 'https://example.com/link?e=files-1',
            message: 'Link your files account',
          },
        ],
      });
    }
    return { content: [{ type: 'text', text: 'files: a, b' }] };
  });
  return { server, linked };
}

let running: RunningHttpServer | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await running?.close();
  client = undefined;
  running = undefined;
});

async function connect(fixture: Fixture, options: ClientOptions): Promise<Client> {
  running = await serveHttp(fixture.server, { port: 0 });
  client = await Client.connect(running.url, { warn: () => {}, ...options });
  return client;
}

function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text: string }>)[0]!.text;
}

describe('URL-mode elicitation on a 2025-11-25 session', () => {
  it('mints an elicitationId and notifies only that session when the page is done', async () => {
    const fixture = buildServer();
    const shown: ElicitRequestParams[] = [];
    const completed: string[] = [];
    let notified!: () => void;
    const arrived = new Promise<void>((resolve) => {
      notified = resolve;
    });
    const c = await connect(fixture, {
      protocolVersion: '2025-11-25',
      elicitUrl: true,
      onElicit: (params) => {
        shown.push(params);
        return { action: 'accept' };
      },
      onElicitationComplete: (id) => {
        completed.push(id);
        notified();
      },
    });
    expect(textOf(await c.callTool('connect-account'))).toBe('accept');
    const id = (shown[0] as { elicitationId?: unknown }).elicitationId;
    expect(shown[0]).toMatchObject({
      mode: 'url',
      url: 'https://example.com/link',
      message: 'Link your account',
    });
    expect(typeof id).toBe('string');

    expect(fixture.server.completeElicitation(id as string)).toBe(true);
    await arrived;
    expect(completed).toEqual([id]);
    // Once only; unknown ids are refused.
    expect(fixture.server.completeElicitation(id as string)).toBe(false);
    expect(fixture.server.completeElicitation('never-sent')).toBe(false);
  });

  it('shows the pages of a -32042 answer, waits for the notice, and retries', async () => {
    const fixture = buildServer();
    const shown: ElicitRequestParams[] = [];
    const c = await connect(fixture, {
      protocolVersion: '2025-11-25',
      elicitUrl: true,
      onElicit: (params) => {
        shown.push(params);
        // The user finishes in the browser a little later; the server then says so.
        setTimeout(() => {
          fixture.linked.value = true;
          fixture.server.completeElicitation('files-1');
        }, 50);
        return { action: 'accept' };
      },
    });
    expect(textOf(await c.callTool('read-files'))).toBe('files: a, b');
    expect(shown).toEqual([
      {
        mode: 'url',
        elicitationId: 'files-1',
        url: 'https://example.com/link?e=files-1',
        message: 'Link your files account',
      },
    ]);
  });

  it('hands the -32042 error to the caller when the user declines', async () => {
    const fixture = buildServer();
    const c = await connect(fixture, {
      protocolVersion: '2025-11-25',
      elicitUrl: true,
      onElicit: () => ({ action: 'decline' }),
    });
    const failure = await c.callTool('read-files').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UrlElicitationRequiredError);
    expect((failure as McpError).data).toMatchObject({ elicitations: [{ elicitationId: 'files-1' }] });
  });
});

describe('URL-mode elicitation on stateless 2025 HTTP', () => {
  it('answers ctx.elicit in URL mode with -32042, since no request can reach the client', async () => {
    const fixture = buildServer({ sessions: { mode: 'stateless' } });
    const c = await connect(fixture, {
      protocolVersion: '2025-11-25',
      elicitUrl: true,
      inputMode: 'manual',
      onElicit: () => ({ action: 'accept' }),
    });
    const failure = await c.callTool('connect-account').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UrlElicitationRequiredError);
    const [page] = ((failure as McpError).data as { elicitations: Array<Record<string, unknown>> })
      .elicitations;
    expect(page).toMatchObject({
      mode: 'url',
      url: 'https://example.com/link',
      message: 'Link your account',
    });
    expect(typeof page!.elicitationId).toBe('string');
  });

  it('retries at once after the user accepts, with no stream for notices to wait on', async () => {
    const fixture = buildServer({ sessions: { mode: 'stateless' } });
    let shown = 0;
    const c = await connect(fixture, {
      protocolVersion: '2025-11-25',
      elicitUrl: true,
      // Far beyond the test's timeout: the retry must not wait for it.
      urlElicitationWaitMs: 600_000,
      onElicit: () => {
        shown++;
        fixture.linked.value = true;
        return { action: 'accept' };
      },
    });
    expect(textOf(await c.callTool('read-files'))).toBe('files: a, b');
    expect(shown).toBe(1);
  });
});

describe('the same handlers on 2026-07-28', () => {
  it('turns a thrown -32042 into an input_required round with the page', async () => {
    const fixture = buildServer();
    const shown: ElicitRequestParams[] = [];
    const c = await connect(fixture, {
      elicitUrl: true,
      onElicit: (params) => {
        shown.push(params);
        fixture.linked.value = true;
        return { action: 'accept' };
      },
    });
    expect(c.protocolVersion).toBe('2026-07-28');
    expect(textOf(await c.callTool('read-files'))).toBe('files: a, b');
    expect(shown).toEqual([
      { mode: 'url', url: 'https://example.com/link?e=files-1', message: 'Link your files account' },
    ]);
  });

  it('sends URL mode without an elicitationId', async () => {
    const shown: ElicitRequestParams[] = [];
    const c = await connect(buildServer(), {
      elicitUrl: true,
      onElicit: (params) => {
        shown.push(params);
        return { action: 'accept' };
      },
    });
    expect(textOf(await c.callTool('connect-account'))).toBe('accept');
    expect(shown).toEqual([{ mode: 'url', url: 'https://example.com/link', message: 'Link your account' }]);
  });

  it('refuses with -32021 when the client cannot open pages', async () => {
    const c = await connect(buildServer(), { onElicit: () => ({ action: 'accept' }) });
    const failure = await c.callTool('read-files').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpError);
    expect((failure as McpError).code).toBe(-32021);
  });
});
