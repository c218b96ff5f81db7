import { rm } from 'node:fs/promises';
import path from 'node:path';
import { HOME_PREFIX } from './helm/home.js';

/**
 * Post step: removes the per-run Helm home (credentials, registry logins, plugins) even when
 * the main step crashed. Reads the state directly (STATE_<name>, as @actions/core does) to keep
 * this entry tiny and fast.
 */
const home = process.env.STATE_home ?? '';
const base = path.basename(home);
if (home !== '' && base.startsWith(HOME_PREFIX)) {
  await rm(home, { recursive: true, force: true, maxRetries: 3 });
  console.log(`Removed the Helm home ${home}`);
}
