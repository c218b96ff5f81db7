import path from 'node:path';
import { HOME_PREFIX, removeHelmHome } from './helm/home.js';

/**
 * Post step: removes the per-run Helm home (credentials, registry logins, plugins) even when the
 * main step was killed. Reads STATE_home directly, as @actions/core would, to stay a tiny entry.
 */
const home = process.env.STATE_home ?? '';
if (home !== '' && path.basename(home).startsWith(HOME_PREFIX)) {
  await removeHelmHome(home);
  console.log(`Removed the Helm home ${home}`);
}
