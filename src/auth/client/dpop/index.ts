/**
 * DPoP (RFC 9449) for the OAuth client: proofs at the token endpoint and on
 * every request to the MCP server.
 *
 * @packageDocumentation
 */
export {
  DPOP_ALGORITHMS,
  type DPoPAlgorithm,
  DPoPProver,
  dpopAlgorithmFor,
  withDPoP,
} from './dpop-prover.js';
