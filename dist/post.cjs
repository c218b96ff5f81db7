"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
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
if (home !== '' && (0, node_path_1.basename)(home).startsWith(HOME_PREFIX)) {
    (0, node_fs_1.rmSync)(home, { recursive: true, force: true, maxRetries: 3 });
    console.log(`Removed the Helm home ${home}`);
}
