/**
 * Where the OAuth client keeps what it must not lose or leak: client
 * registrations and tokens, keyed by the authorization server's issuer so one
 * server's credentials are never presented to another (SEP-2352).
 */

/**
 * How this client is known to one authorization server.
 *
 * @example
 * await store.setClient('https://auth.example.com', { client_id: 'my-app', source: 'pre-registered' });
 */
export interface ClientRegistration {
  client_id: string;
  client_secret?: string;
  /** How the client authenticates at the token endpoint (`none`, `client_secret_basic`, ...). */
  token_endpoint_auth_method?: string;
  /** The redirect URIs it was registered with (DCR), to notice when they changed. */
  redirect_uris?: string[];
  /** How the identity was obtained. */
  source: 'pre-registered' | 'metadata-document' | 'dynamic';
  /** For a pre-registered client, the issuer it was configured for, when one was given. */
  issuer?: string;
}

/**
 * Tokens for one resource from one authorization server.
 *
 * @example
 * const tokens: StoredTokens | undefined = await store.getTokens(issuer, 'https://mcp.example.com/mcp');
 */
export interface StoredTokens {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  /** When the access token expires, ms since the epoch. */
  expires_at?: number;
  /** The scopes granted (or, when the server did not say, requested). */
  scope?: string;
}

/**
 * A pluggable store for registrations and tokens. Implementations must keep
 * entries for different issuers apart; `MemoryAuthStore` and `FileAuthStore`
 * are the built-ins.
 *
 * @example
 * class KeychainStore implements AuthStore {
 *   async getClient(issuer: string) { return JSON.parse((await keychain.get(`client:${issuer}`)) ?? 'null') ?? undefined; }
 *   // ...
 * }
 */
export interface AuthStore {
  getClient(issuer: string): Promise<ClientRegistration | undefined>;
  setClient(issuer: string, registration: ClientRegistration): Promise<void>;
  deleteClient(issuer: string): Promise<void>;
  getTokens(issuer: string, resource: string): Promise<StoredTokens | undefined>;
  setTokens(issuer: string, resource: string, tokens: StoredTokens): Promise<void>;
  deleteTokens(issuer: string, resource: string): Promise<void>;
  /**
   * The authorization server a pre-registered client given without an `issuer` was first
   * used at. Optional: a store without these two methods keeps that binding in memory only,
   * so after a restart the credential binds to whichever server names it first.
   */
  getPreRegisteredIssuer?(clientId: string): Promise<string | undefined>;
  /** Records that binding (see {@link AuthStore.getPreRegisteredIssuer}). */
  setPreRegisteredIssuer?(clientId: string, issuer: string): Promise<void>;
}

/**
 * Everything a store holds, in the shape `FileAuthStore` writes.
 *
 * @example
 * const contents: AuthStoreContents = JSON.parse(await readFile(path, 'utf8'));
 */
export interface AuthStoreContents {
  clients: Record<string, ClientRegistration>;
  tokens: Record<string, Record<string, StoredTokens>>;
  /** Issuer-less pre-registered client ids and the issuer each was first used at. */
  preRegisteredIssuers?: Record<string, string>;
}

/**
 * Keeps registrations and tokens in memory, for the life of the process.
 *
 * @example
 * const auth = new OAuthClientAuth({ store: new MemoryAuthStore(), ...headlessRedirect() });
 */
export class MemoryAuthStore implements AuthStore {
  protected contents: AuthStoreContents = { clients: {}, tokens: {} };

  async getClient(issuer: string): Promise<ClientRegistration | undefined> {
    return (await this.read()).clients[issuer];
  }

  async setClient(issuer: string, registration: ClientRegistration): Promise<void> {
    await this.update((contents) => {
      contents.clients[issuer] = registration;
    });
  }

  async deleteClient(issuer: string): Promise<void> {
    await this.update((contents) => {
      delete contents.clients[issuer];
    });
  }

  async getTokens(issuer: string, resource: string): Promise<StoredTokens | undefined> {
    return (await this.read()).tokens[issuer]?.[resource];
  }

  async setTokens(issuer: string, resource: string, tokens: StoredTokens): Promise<void> {
    await this.update((contents) => {
      contents.tokens[issuer] = { ...contents.tokens[issuer], [resource]: tokens };
    });
  }

  async deleteTokens(issuer: string, resource: string): Promise<void> {
    await this.update((contents) => {
      const forIssuer = contents.tokens[issuer];
      if (forIssuer) delete forIssuer[resource];
    });
  }

  async getPreRegisteredIssuer(clientId: string): Promise<string | undefined> {
    const bindings = (await this.read()).preRegisteredIssuers;
    return bindings !== undefined && Object.hasOwn(bindings, clientId) ? bindings[clientId] : undefined;
  }

  async setPreRegisteredIssuer(clientId: string, issuer: string): Promise<void> {
    await this.update((contents) => {
      contents.preRegisteredIssuers = { ...contents.preRegisteredIssuers, [clientId]: issuer };
    });
  }

  /** The current contents; subclasses load them from elsewhere. */
  protected async read(): Promise<AuthStoreContents> {
    return this.contents;
  }

  /** Applies a change; subclasses persist it. */
  protected async update(change: (contents: AuthStoreContents) => void): Promise<void> {
    change(await this.read());
  }
}
