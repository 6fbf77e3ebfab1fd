/**
 * A JSON file store for command-line clients: readable only by its owner
 * (file 0600, directory 0700), and replaced atomically (write a temporary
 * file, then rename) so a crash never leaves half a file of secrets. `node:fs/promises` and
 * `node:path` are imported on first read or write: `mcpkit/client` exports this class, and a
 * client that keeps no file must not load them.
 */
import { type AuthStoreContents, MemoryAuthStore } from './store.js';

/**
 * Registrations and tokens in one JSON file.
 *
 * @example
 * const store = new FileAuthStore(join(homedir(), '.mcpkit', 'auth.json'));
 * const auth = new OAuthClientAuth({ store, ...loopbackBrowserRedirect() });
 */
export class FileAuthStore extends MemoryAuthStore {
  private loaded = false;
  /** Writes happen one at a time, in order. */
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {
    super();
  }

  protected override async read(): Promise<AuthStoreContents> {
    if (this.loaded) return this.contents;
    try {
      const { readFile } = await import('node:fs/promises');
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as Partial<AuthStoreContents>;
      this.contents = {
        clients: typeof parsed.clients === 'object' && parsed.clients ? parsed.clients : {},
        tokens: typeof parsed.tokens === 'object' && parsed.tokens ? parsed.tokens : {},
      };
      const bindings = parsed.preRegisteredIssuers;
      if (typeof bindings === 'object' && bindings !== null) {
        // Only client id -> issuer strings count; anything else in a hand-edited file is ignored.
        this.contents.preRegisteredIssuers = Object.fromEntries(
          Object.entries(bindings).filter(([, issuer]) => typeof issuer === 'string'),
        );
      }
    } catch (error) {
      // A missing file is an empty store; an unreadable one must not be silently overwritten.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`Cannot read the auth store ${this.path}: ${(error as Error).message}`);
      }
    }
    this.loaded = true;
    return this.contents;
  }

  protected override async update(change: (contents: AuthStoreContents) => void): Promise<void> {
    change(await this.read());
    const text = `${JSON.stringify(this.contents, null, 2)}\n`;
    const write = this.writing.then(() => this.persist(text));
    this.writing = write.catch(() => {});
    await write;
  }

  private async persist(text: string): Promise<void> {
    const [{ chmod, mkdir, rename, writeFile }, { dirname, join }] = await Promise.all([
      import('node:fs/promises'),
      import('node:path'),
    ]);
    const directory = dirname(this.path);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temporary = join(directory, `.${process.pid}.${Date.now()}.auth.tmp`);
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, this.path);
    // rename keeps the temporary file's mode; chmod covers a umask that narrowed or a file that pre-existed.
    await chmod(this.path, 0o600);
  }
}
