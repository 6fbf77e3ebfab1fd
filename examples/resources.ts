/**
 * Resources: fixed text and binary resources, a URI template whose resources are
 * listed and whose variable completes, and telling subscribers a resource changed.
 *
 *   node --import tsx examples/resources.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { McpServer, ResourceTemplate } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/** Sixteen bytes standing in for any binary file (blobs travel base64-encoded). */
export const SAMPLE_BYTES = Uint8Array.from({ length: 16 }, (_, i) => i * 16);

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

interface Note {
  title: string;
  body: string;
}

/** Builds the example server. */
export function createResourcesServer(): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-resources-example', version: '0.1.0' },
    { instructions: 'Example resources: a readme, a binary sample, and notes by id (notes://{id}).' },
  );

  // A fixed text resource. The metadata is what resources/list shows before anyone reads it.
  server.registerResource(
    'readme',
    'docs://readme',
    { title: 'Read me', description: 'What this server offers', mimeType: 'text/markdown' },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'text/markdown',
          text: '# Notes server\n\nRead notes at `notes://{id}`; subscribe to one to hear when it changes.\n',
        },
      ],
    }),
  );

  // A fixed binary resource: `blob` (base64) instead of `text`.
  server.registerResource(
    'sample-bytes',
    'docs://sample.bin',
    { description: 'Sixteen sample bytes', mimeType: 'application/octet-stream', size: SAMPLE_BYTES.length },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'application/octet-stream', blob: base64(SAMPLE_BYTES) }],
    }),
  );

  // Stand-in for a database.
  const notes = new Map<string, Note>([
    ['1', { title: 'Groceries', body: 'eggs, flour, milk' }],
    ['2', { title: 'Ideas', body: 'a tiny MCP server for notes' }],
    ['12', { title: 'Travel', body: 'book the train to Lyon' }],
  ]);

  // A template stands for many resources. `list` makes them appear in resources/list
  // (without it, clients only see the template); `complete` helps a user type an id.
  const noteTemplate = new ResourceTemplate('notes://{id}', {
    list: () => ({
      resources: [...notes].map(([id, note]) => ({ uri: `notes://${id}`, name: note.title })),
    }),
    complete: { id: (typed) => [...notes.keys()].filter((id) => id.startsWith(typed)) },
  });
  server.registerResource(
    'note',
    noteTemplate,
    { description: 'A note by id', mimeType: 'text/plain' },
    (uri, { id }) => {
      const note = notes.get(String(id));
      // No contents means "not found": the server answers with the not-found error for us.
      if (!note) return { contents: [] };
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: `${note.title}\n\n${note.body}` }] };
    },
  );

  // Changing data: tell clients subscribed to the note (subscriptions/listen with
  // resourceSubscriptions) so they read it again instead of polling.
  server.registerTool(
    'edit_note',
    {
      description: 'Replaces the body of a note.',
      inputSchema: z.object({ id: z.string(), body: z.string() }),
    },
    ({ id, body }) => {
      const note = notes.get(id);
      if (!note) return { content: [{ type: 'text', text: `No note ${id}` }], isError: true };
      note.body = body;
      server.notifyResourceUpdated(`notes://${id}`);
      return { content: [{ type: 'text', text: `Updated notes://${id}` }] };
    },
  );

  return server;
}

/** `node --import tsx examples/resources.ts [--port N | --stdio]` */
export function main(argv: readonly string[]) {
  return serveFromCommandLine(createResourcesServer(), argv, 'resources example');
}

runIfMain(import.meta.url, main);
