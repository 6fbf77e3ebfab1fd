/**
 * A parser for the `WWW-Authenticate` header (RFC 9110 §11.6.1): one or more
 * challenges, each a scheme followed by either a token68 or comma-separated
 * `name=value` parameters whose values may be quoted strings. Commas separate
 * both challenges and parameters, so the parser tracks which one it is in.
 */

/**
 * One challenge of a `WWW-Authenticate` header.
 *
 * @example
 * const [challenge]: AuthChallenge[] = parseWwwAuthenticate('Bearer scope="files:read"');
 */
export interface AuthChallenge {
  /** The scheme as sent (`Bearer`, `DPoP`, ...); compare it case-insensitively. */
  scheme: string;
  /** Parameters with lower-cased names; quoted values are unescaped. */
  params: Record<string, string>;
  /** The token68 form, when the challenge used it instead of parameters. */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * Parses a `WWW-Authenticate` value into its challenges. Malformed input never
 * throws: the parser keeps what it could read.
 *
 * @example
 * parseWwwAuthenticate('Bearer scope="a b", resource_metadata="https://x/.well-known/oauth-protected-resource"');
 * // [{ scheme: 'Bearer', params: { scope: 'a b', resource_metadata: 'https://x/...' } }]
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header;
  const skipSpace = () => {
    rest = rest.replace(/^[ \t]+/, '');
  };
  const skipSeparators = () => {
    rest = rest.replace(/^[ \t,]+/, '');
  };
  skipSeparators();
  while (rest.length > 0) {
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) {
      // Not a token: skip to the next comma and try again there.
      const comma = rest.indexOf(',');
      if (comma === -1) break;
      rest = rest.slice(comma + 1);
      skipSeparators();
      continue;
    }
    rest = rest.slice(scheme.length);
    const challenge: AuthChallenge = { scheme, params: {} };
    challenges.push(challenge);
    skipSpace();
    // token68 (`Basic dXNlcg==`): the whole run is followed by a comma or the end, not by a value.
    const token68 = TOKEN68.exec(rest)?.[0];
    if (token68 && /^[ \t]*(,|$)/.test(rest.slice(token68.length))) {
      challenge.token68 = token68;
      rest = rest.slice(token68.length);
      skipSeparators();
      continue;
    }
    // Parameters, until a token that is followed by something other than '=' (the next scheme).
    for (;;) {
      skipSeparators();
      const name = TOKEN.exec(rest)?.[0];
      if (!name) break;
      const afterName = rest.slice(name.length).replace(/^[ \t]*/, '');
      if (!afterName.startsWith('=')) break; // The next challenge's scheme.
      rest = afterName.slice(1).replace(/^[ \t]*/, '');
      let value: string;
      if (rest.startsWith('"')) {
        let index = 1;
        value = '';
        while (index < rest.length && rest[index] !== '"') {
          if (rest[index] === '\\' && index + 1 < rest.length) index++;
          value += rest[index];
          index++;
        }
        rest = rest.slice(index + 1);
      } else {
        value = TOKEN.exec(rest)?.[0] ?? '';
        rest = rest.slice(value.length);
      }
      const key = name.toLowerCase();
      if (!(key in challenge.params)) challenge.params[key] = value;
      skipSpace();
      if (rest.startsWith(',')) continue;
      break;
    }
    skipSeparators();
  }
  return challenges;
}

/**
 * The first challenge with this scheme (case-insensitive), if any.
 *
 * @example
 * findChallenge(parseWwwAuthenticate(response.headers.get('www-authenticate') ?? ''), 'Bearer')?.params.scope;
 */
export function findChallenge(
  challenges: readonly AuthChallenge[],
  scheme: string,
): AuthChallenge | undefined {
  const wanted = scheme.toLowerCase();
  return challenges.find((challenge) => challenge.scheme.toLowerCase() === wanted);
}
