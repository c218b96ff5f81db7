#!/usr/bin/env node
// `helm-publish` on the command line: a loader for the bundle the action uses too.
import type * as Engine from './engine.js';

const engine: typeof Engine = await import(/* webpackIgnore: true */ './engine.js');

process.exitCode = await engine.runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
