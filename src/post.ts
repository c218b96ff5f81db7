import path from 'node:path';
import { HOME_PREFIX, removeHelmHome } from './helm/home.js';

/**
 * Post step: removes the per-run Helm home (credentials, registry logins, plugins) even when
 * the main step crashed or was killed. Reads the state directly (STATE_<name>, as @actions/core
 * does), to keep this entry tiny and fast; the removal is the main step's (removeHelmHome).
 */
const home = process.env.STATE_home ?? '';
if (home !== '' && path.basename(home).startsWith(HOME_PREFIX)) {
  await removeHelmHome(home);
  console.log(`Removed the Helm home ${home}`);
}
