#!/usr/bin/env node
// `helm-publish` on the command line: checks the Node version, then loads the bundle the action
// uses too. This file must parse on any Node that may run it, so the check comes before anything
// newer than promises and arrow functions (no top-level await, no import statement).
import type * as Engine from './engine.js';

const MINIMUM_NODE_MAJOR = 22;

if (Number(process.versions.node.split('.')[0]) < MINIMUM_NODE_MAJOR) {
  process.stderr.write(
    `helm-publish: needs Node.js ${MINIMUM_NODE_MAJOR} or newer, this is Node.js ${process.versions.node}: install Node.js ${MINIMUM_NODE_MAJOR}+ (or use a node:${MINIMUM_NODE_MAJOR} image)\n`,
  );
  process.exitCode = 1;
} else {
  void import(/* webpackIgnore: true */ './engine.js')
    .then((engine: typeof Engine) =>
      engine.runCli(process.argv.slice(2), {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
      }),
    )
    .then((code) => {
      process.exitCode = code;
    });
}
