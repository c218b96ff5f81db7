import { enableCompileCache } from 'node:module';
import path from 'node:path';
import type * as Engine from './engine.js';

// Most of a warm run's start-up is V8 compiling the bundle. Node keeps its code cache (keyed by
// Node version and each file's hash) beside the runner's tool cache, which is private to the
// runner and survives between jobs on self-hosted runners; without a tool cache, none is kept.
// The bundle is a separate file (dist/engine.js) so that it is compiled after this line.
const toolCache = process.env.RUNNER_TOOL_CACHE;
if (toolCache !== undefined && toolCache !== '' && process.env.NODE_COMPILE_CACHE === undefined) {
  try {
    enableCompileCache(path.join(toolCache, 'helm-publish-compile-cache'));
  } catch {
    // A cache that cannot be used only costs start-up time.
  }
}

const engine: typeof Engine = await import(/* webpackIgnore: true */ './engine.js');
await engine.runAction();
