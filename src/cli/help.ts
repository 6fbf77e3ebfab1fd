/**
 * The text of `mcpkit --help`.
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from '../protocol/versions.js';

/**
 * The usage text, for `mcpkit --help`.
 *
 * @example
 * process.stdout.write(helpText());
 */
export function helpText(): string {
  return `mcpkit: talk to a Model Context Protocol server from the command line.

Usage:
  mcpkit <verb> [options] <url>
  mcpkit <verb> [options] -- <command> [args...]     start the server (stdio)
  mcpkit dev [--watch <path>] [--port N] <server-file> [-- args...]
  mcpkit dev [--watch <path>] [--port N] -- <command> [args...]

Verbs:
  discover                          who the server is, what it can do, and every revision
                                    it speaks (over HTTP each 2025 revision is tried too)
  tools                             list tools with their arguments (and which run as tasks:
                                    task-only, task-capable, where the listing says)
  call <tool>                       call a tool (--arg key=value ..., --json-args '{...}');
                                    a call the server runs as a task shows its status on
                                    stderr until it ends, and Ctrl-C cancels the task
  resources                         list resources
  read <uri>                        read a resource
  templates                         list resource templates
  prompts                           list prompts
  prompt <name>                     render a prompt (--arg key=value ...)
  complete <prompt|template> <argument> <value>
                                    suggest values (--arg key=value: arguments already chosen)
  listen                            print change notifications until Ctrl-C
                                    (--tools --prompts --resources --resource <uri> ...;
                                    default: all lists; --count N: stop after N)
  tasks get <task-id>               show a task's status
  tasks result <task-id>            wait for a task and print its result (Ctrl-C stops waiting)
  tasks cancel <task-id>            cancel a task
  tasks list                        list your tasks (2025-11-25 servers only: the
                                    2026-07-28 tasks extension has no listing)
  proxy                             serve the server as a server of mcpkit's own, everything
                                    forwarded (progress, cancellation, questions, list changes):
                                    --stdio (the default for a URL: for a desktop host) or
                                    --port N (the default for a command: HTTP, any free port)

Developing a server:
  dev <server-file>                 run your stdio server for a host (configure the host to
                                    start "mcpkit dev server.ts") and restart it whenever a
                                    file in its folder changes (node_modules, .git and dist
                                    aside; --watch <path> adds more, repeatable). The host
                                    stays connected: mcpkit dev replays its handshake,
                                    listen streams and subscriptions to the new process and
                                    sends list_changed for the lists that changed. A request
                                    in flight during a restart gets an error saying to retry.
                                    .ts files run through your project's tsx (else Node's
                                    --experimental-strip-types on Node 22.6+), .js with Node;
                                    -- <command> runs anything (watching the current folder
                                    unless --watch is given). --port N serves it over HTTP
                                    on 127.0.0.1:N instead (0: any free port; the URL goes to
                                    stderr) to any number of hosts of either revision, each
                                    keeping its session across restarts.

Options:
  --json                    machine-readable output: one JSON document per result
                            (listen: one JSON line per notification; call: a call that
                            ran as a task prints the task's final state, the tool's
                            result under "result")
  --arg key=value           an argument; JSON when the tool's schema says it is not a string
  --json-args '{...}'       all arguments as a JSON object (call)
  --elicit-json '{...}'     answer the server's questions (elicitation) with this content
                            (a URL-mode question is accepted: its URL is printed first)
  --elicit decline|cancel   decline or cancel the server's questions
  --sample-text '...'       answer sampling requests with this text
  --roots file:///a,...     expose these roots
  --log-level <level>       show server log messages at this level and above
                            (debug, info, notice, warning, error, critical, alert, emergency)
  --header 'Name: value'    an HTTP header on every request (URL only)
  --ssrf-allow <host>       let the server send the client to this internal host, address
                            or range (10.0.0.0/8) (URL only; repeatable)
  --token <token>           send this OAuth access token instead of signing in (URL only)
  --no-auth                 never sign in: a server that asks for credentials is an error
  --client-id <id>          sign in as this pre-registered OAuth client
  --client-secret <secret>  its secret, if it has one
  --scope '<scopes>'        ask for these scopes too when signing in
  --no-browser              print the sign-in URL instead of opening a browser
  --callback-port <port>    where the browser returns after signing in (default 8976)
  --env NAME=value          an environment variable for the command (command only)
  --timeout <ms>            timeout of each request (default 60000)
  --protocol-version <rev>  use this revision instead of negotiating (one of
                            ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})
  -y, --yes                 start the command without asking
  --stdio                   proxy: serve over stdio
  --port <n>                proxy: serve over HTTP on 127.0.0.1:<n> (0: any free port)
  -h, --help                this help
  --version                 mcpkit's version

When a server answers 401, mcpkit signs in with OAuth: it prints the sign-in
URL, opens the browser, and waits on http://127.0.0.1:<callback-port>/callback.
Registrations and tokens are kept in ~/.mcpkit/auth.json (owner-only; set
MCPKIT_AUTH_FILE to use another file), so later runs reuse them. --timeout
also bounds the time to sign in.

On a terminal, the server's questions and sampling requests are asked
interactively; otherwise use the flags above (without them, questions are
cancelled and sampling is refused). Before a command is started, mcpkit prints
a warning (it runs as you, with your files and network), the whole command
line, every variable --env sets (values included) and the names it inherits;
it starts only after you confirm, or with --yes.

call checks --arg names and required arguments against the tool's schema
before calling: a misspelled name or a missing argument is a usage error that
names what the tool takes.

Exit codes: 0 ok; 1 the server answered with an error, the tool reported one,
or a task failed or was cancelled by the server; 2 usage error; 3 the server
could not be started or reached; 130 interrupted with Ctrl-C (a task that call
started is cancelled first).

Examples:
  mcpkit tools http://127.0.0.1:3000/mcp
  mcpkit call add --arg a=1 --arg b=2 http://127.0.0.1:3000/mcp
  mcpkit call greet --elicit-json '{"name":"Ada"}' --yes -- node server.js --stdio
  mcpkit listen --tools --json http://127.0.0.1:3000/mcp
  mcpkit call purge_archive --arg olderThanDays=90 --elicit-json '{"confirm":true}' http://127.0.0.1:3000/mcp
  mcpkit tasks get 5f0c2b1e http://127.0.0.1:3000/mcp
  mcpkit proxy --stdio https://mcp.example.com/mcp
  mcpkit proxy --port 3000 --yes -- node server.js --stdio
`;
}
