/**
 * mcpkit's version, for `mcpkit --version`.
 */
import packageJson from '../../package.json' with { type: 'json' };

/**
 * The version of the installed mcpkit package.
 *
 * @example
 * process.stdout.write(`${cliVersion()}\n`); // '0.1.0'
 */
export function cliVersion(): string {
  return packageJson.version;
}
