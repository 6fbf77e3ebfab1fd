/**
 * `mcpkit/testing`: the test kit. Connects mcpkit's `Client` to an `McpServer` in the same
 * process, on either era, with scripted answers to elicitation, sampling and roots. Works with
 * any test runner (vitest, jest, node:test); see docs/testing.md.
 *
 * @packageDocumentation
 */
export {
  type AskedInput,
  connectInMemory,
  type InMemoryConnection,
  type InMemoryOptions,
  type Script,
  type ScriptedAnswer,
  UnscriptedInputError,
} from '../testing/connect-in-memory.js';
