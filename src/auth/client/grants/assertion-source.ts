/**
 * Where a JWT the client presents (a workload identity token, an ID token)
 * comes from. Platforms rotate these: Kubernetes rewrites a projected token
 * file, CI systems mint one per job. So the value is read again each time a
 * grant needs it, never cached here.
 */
import { AuthorizationError } from '../errors.js';

/**
 * A JWT, or how to get the current one.
 *
 * @example
 * const fromFile: JwtSource = { file: '/var/run/secrets/tokens/mcp' };
 * const fromPlatform: JwtSource = () => platform.identityToken();
 */
export type JwtSource = string | (() => string | Promise<string>) | { file: string } | { env: string };

/**
 * The current JWT of a source: the string itself, the function's result, the
 * trimmed content of the file, or the environment variable.
 *
 * @example
 * await readJwt({ file: '/var/run/secrets/tokens/mcp-token' });
 * await readJwt({ env: 'MCP_WORKLOAD_TOKEN' });
 */
export async function readJwt(source: JwtSource): Promise<string> {
  let value: string | undefined;
  if (typeof source === 'string') value = source;
  else if (typeof source === 'function') value = await source();
  else if ('file' in source) {
    try {
      // Imported here: only a file source needs it, and mcpkit/client must not load it up front.
      const { readFile } = await import('node:fs/promises');
      value = await readFile(source.file, 'utf8');
    } catch (error) {
      throw new AuthorizationError(`Cannot read the token file ${source.file}: ${(error as Error).message}`);
    }
  } else {
    value = process.env[source.env];
    if (value === undefined)
      throw new AuthorizationError(`The environment variable ${source.env} is not set`);
  }
  const jwt = value.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(jwt)) {
    throw new AuthorizationError('The assertion source did not produce a JWT (three base64url parts)');
  }
  return jwt;
}
