// `npm run bench`: side-by-side measurements on 127.0.0.1 with real Helm binaries and the
// project's chart server. Every figure is a ratio of two runs made here, in this process, one
// after the other; absolute seconds depend on the machine and are printed only for context.
// Results go to stdout as Markdown (paste into docs/PERFORMANCE.md).
import { readFile } from 'node:fs/promises';
import { benchCold } from './cold.js';
import { benchFanOut } from './fan-out.js';
import { benchHugeIndex } from './huge-index.js';
import {
  benchServer,
  closeContext,
  HELM,
  openContext,
  PASSWORD,
  RUNS,
  USER,
  warmUp,
  type Context,
} from './context.js';
import { benchSingle } from './single.js';
import { benchStartup } from './startup.js';

/** Each scenario by the name `npm run bench -- <name>` runs it alone. */
const SCENARIOS: Record<string, (ctx: Context) => Promise<string[]>> = {
  single: benchSingle,
  fanout: benchFanOut,
  index: benchHugeIndex,
  cold: coldRunner,
  startup: () => benchStartup(),
};

/** An empty tool cache every run, against the same mirrors. */
async function coldRunner(ctx: Context): Promise<string[]> {
  const server = await benchServer(['team-a']);
  const cold = { helm: HELM, plugin: '0.10.4', user: USER, password: PASSWORD, runs: RUNS };
  const urls = { helmMirrorUrl: ctx.helmMirror.url, pushMirrorUrl: ctx.pushMirror.url };
  return benchCold({ ...cold, ...urls, work: ctx.work }, server).finally(() => server.close());
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== undefined && !(only in SCENARIOS))
    throw new Error(`unknown scenario ${only}: use one of ${Object.keys(SCENARIOS).join(', ')}`);
  const ctx = await openContext();
  try {
    await warmUp(ctx);
    const rows = ['| measurement | result | ratio |', '|---|---|---|'];
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (only !== undefined && only !== name) continue;
      const lines = await scenario(ctx);
      rows.push(...lines);
      for (const line of lines) console.log(`ROW ${line}`);
    }
    console.log(
      `\n${rows.join('\n')}\n\n(${RUNS} runs each, medians; node ${process.version}; ${new Date().toISOString()})`,
    );
    console.log(
      (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1] ?? '',
    );
  } finally {
    await closeContext(ctx);
  }
}

await main();
