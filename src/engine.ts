// The bundle behind both entry points (dist/engine.js). The action (dist/index.js) and the CLI
// (dist/cli.js) are small loaders that import it, so dist/ holds one copy of every module and
// one set of chunks. Importing this module only defines things; the loaders decide what runs.
export { runAction } from './action.js';
export { runCli } from './cli/run.js';
