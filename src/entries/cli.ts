#!/usr/bin/env node
/**
 * The `mcpkit` executable (package.json `bin`). The one entry that does more
 * than re-export: an executable has to start, so it calls the CLI's `main`.
 */
import { main } from '../cli/main.js';

main(process.argv.slice(2));
