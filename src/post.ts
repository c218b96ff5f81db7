import { rmSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Post step: removes the per-run Helm home (credentials, registry logins, plugins) even when
 * the main step crashed or was killed. It reads the state directly (STATE_<name>, as
 * @actions/core does) and imports only Node built-ins, so the build transpiles it alone to
 * CommonJS (dist/post.cjs) rather than bundling it: that starts 5–10 ms sooner on every run.
 * The prefix is HOME_PREFIX of src/helm/home.ts, which this file must not import
 * (__tests__/post.test.ts runs it on a home made by createHelmHome).
 */
const HOME_PREFIX = 'helm-publish-';

const home = process.env.STATE_home ?? '';
if (home !== '' && basename(home).startsWith(HOME_PREFIX)) {
  rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  console.log(`Removed the Helm home ${home}`);
}
