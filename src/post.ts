import { rmSync } from 'node:fs';
import path from 'node:path';
import { HOME_PREFIX } from './helm/home.js';

/**
 * Post step: removes the per-run Helm home (credentials, registry logins, plugins) even when
 * the main step crashed or was killed. Reads the state directly (STATE_<name>, as @actions/core
 * does) and removes synchronously, to keep this entry tiny and fast.
 */
const home = process.env.STATE_home ?? '';
if (home !== '' && path.basename(home).startsWith(HOME_PREFIX)) {
  rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  console.log(`Removed the Helm home ${home}`);
}
