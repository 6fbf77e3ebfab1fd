/**
 * Who a client says it is, a type of its own so that the 2025 session and the handler context
 * can both name it without importing each other.
 */

/** Who a client says it is (self-reported; never a basis for security decisions). */
export interface ClientIdentity {
  name: string;
  version: string;
  [key: string]: unknown;
}
