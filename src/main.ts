import { enableCompileCache } from 'node:module';
import path from 'node:path';
import type * as Engine from './engine.js';

// Node's compile cache lives beside the tool cache, which survives between jobs on self-hosted
// runners; the bundle is a separate file so that it is compiled after this line (docs/adr/0002).
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
