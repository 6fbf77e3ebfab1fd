/**
 * The origin a locally bound server can name for itself without being told.
 * Only a loopback bind has one: the name the caller gave (`localhost` stays
 * `localhost`, which is what clients type). A wildcard bind (`0.0.0.0`, `::`)
 * or a public name says nothing of the URL clients use, so the caller must
 * supply it (the protected resource URI, the issuer).
 */
import { isLoopbackAddress } from '../../transport/http/security.js';

/**
 * `http://<host>:<port>` for a loopback `host` as the caller spelled it, else undefined.
 *
 * @example
 * loopbackOrigin('localhost', 3000); // 'http://localhost:3000'
 * loopbackOrigin('::1', 3000); // 'http://[::1]:3000'
 * loopbackOrigin('0.0.0.0', 3000); // undefined: clients do not use that address
 */
export function loopbackOrigin(host: string, port: number): string | undefined {
  if (!isLoopbackAddress(host)) return undefined;
  const name = host.toLowerCase();
  const shown = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return `http://${shown}:${port}`;
}
