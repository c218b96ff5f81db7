import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';

/**
 * The runner tool cache, shared by concurrent jobs on self-hosted runners: writes fill private
 * staging and rename it into place, so no reader sees half a tool and writers cannot interleave.
 */

export function toolCacheRoot(): string {
  const root = process.env.RUNNER_TOOL_CACHE;
  if (root === undefined || root === '') throw new Error('RUNNER_TOOL_CACHE is not set');
  return root;
}

/**
 * An exact version in @actions/tool-cache's layout (`<tool>/<version>/<arch>` + `<arch>.complete`),
 * checked directly because `tc.find` prints `::debug::` commands that would leak into the CLI.
 */
export function findInToolCache(tool: string, version: string, arch: string): string | undefined {
  const clean = semver.clean(version) ?? version;
  const dir = path.join(toolCacheRoot(), tool, clean, arch);
  return existsSync(`${dir}.complete`) && existsSync(dir) ? dir : undefined;
}

/**
 * Fills staging with `fill`, then renames it to `<cache>/<tool>/<version>/<arch>`; another job's
 * copy found there is kept if `keepExisting` accepts it, or else ours replaces it.
 */
export async function cacheAtomically(
  tool: string,
  version: string,
  arch: string,
  fill: (dir: string) => Promise<void>,
  keepExisting: (dir: string) => Promise<boolean> = () => Promise.resolve(true),
): Promise<string> {
  const clean = semver.clean(version) ?? version;
  const versionDir = path.join(toolCacheRoot(), tool, clean);
  const finalDir = path.join(versionDir, arch);
  await mkdir(versionDir, { recursive: true });
  const staging = await mkdtemp(path.join(versionDir, `.${arch}.staging-`));
  try {
    await fill(staging);
    try {
      await rename(staging, finalDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (
        !existsSync(finalDir) ||
        !['EEXIST', 'ENOTEMPTY', 'EPERM', 'EACCES'].includes(code ?? '')
      ) {
        throw error;
      }
      // Another job renamed its complete copy into place first: use that one, if it is good.
      if (!(await keepExisting(finalDir))) await replaceEntry(staging, finalDir, versionDir, arch);
    }
    await writeFile(`${finalDir}.complete`, '');
    return finalDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Swaps `finalDir` for `staging`: the old entry is renamed aside first, so that a process still
 * running a binary from it keeps it, and readers see either copy, never a mix.
 */
async function replaceEntry(
  staging: string,
  finalDir: string,
  versionDir: string,
  arch: string,
): Promise<void> {
  const stale = await mkdtemp(path.join(versionDir, `.${arch}.stale-`));
  try {
    await rename(finalDir, path.join(stale, 'entry'));
    await rename(staging, finalDir);
  } finally {
    await rm(stale, { recursive: true, force: true });
  }
}
