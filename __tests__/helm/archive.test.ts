// Archive safety and checksum files: what the installers refuse before extracting anything.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartArchivesIn, parseChecksumFile } from '../../src/helm/archive.js';
import { isUnsafeEntryPath } from '../../src/helm/archive-audit.js';
import { auditTarGz, extractTarGzSafely } from '../../src/helm/unpack.js';

const HEX = 'ab'.repeat(32);

describe('chartArchivesIn', () => {
  it('finds each chart by <name>-<version>.tgz; alone, any single archive is it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'archives-'));
    try {
      await writeFile(path.join(dir, 'a-1.0.0.tgz'), 'a');
      await writeFile(path.join(dir, 'b-1.0.0.tgz'), 'b');
      await writeFile(path.join(dir, 'notes.txt'), 'x');
      const both = await chartArchivesIn(dir, ['a-1.0.0.tgz', 'b-1.0.0.tgz', 'c-1.0.0.tgz']);
      expect([...both]).toEqual([
        ['a-1.0.0.tgz', path.join(dir, 'a-1.0.0.tgz')],
        ['b-1.0.0.tgz', path.join(dir, 'b-1.0.0.tgz')],
      ]);
      // Two archives there: a single chart is found only by its own name.
      expect((await chartArchivesIn(dir, ['c-1.0.0.tgz'])).size).toBe(0);
      await rm(path.join(dir, 'b-1.0.0.tgz'));
      // A pulled file named after its URL, not the chart.
      expect(await chartArchivesIn(dir, ['other-2.0.0.tgz'])).toEqual(
        new Map([['other-2.0.0.tgz', path.join(dir, 'a-1.0.0.tgz')]]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parseChecksumFile', () => {
  const HELM_318 = 'helm-v3.18.0-linux-amd64.tar.gz';

  it('reads sha256sum lines (two spaces or *name) and goreleaser checksums.txt', () => {
    expect(parseChecksumFile(`${HEX}  ${HELM_318}\n`, HELM_318, false)).toBe(HEX);
    expect(parseChecksumFile(`${HEX} *helm.tar.gz\n`, 'helm.tar.gz', false)).toBe(HEX);
    const many = `${'cd'.repeat(32)}  helm-push_0.10.4_darwin_amd64.tar.gz\n${HEX}  helm-push_0.10.4_linux_amd64.tar.gz\n`;
    expect(parseChecksumFile(many, 'helm-push_0.10.4_linux_amd64.tar.gz', false)).toBe(HEX);
  });

  it('refuses a .sha256sum that names another file', () => {
    const other = `${HEX}  helm-v3.17.0-linux-amd64.tar.gz\n`;
    expect(parseChecksumFile(other, HELM_318, false)).toBeUndefined();
  });

  it('accepts a bare digest only where allowed (.sha256)', () => {
    expect(parseChecksumFile(`${HEX}\n`, 'x.tar.gz', true)).toBe(HEX);
    expect(parseChecksumFile(`${HEX}\n`, 'x.tar.gz', false)).toBeUndefined();
    expect(parseChecksumFile('not a digest\n', 'x.tar.gz', true)).toBeUndefined();
  });
});

describe('archive audit', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'archive-'));
    await mkdir(path.join(dir, 'src', 'linux-amd64'), { recursive: true });
    await writeFile(path.join(dir, 'src', 'linux-amd64', 'helm'), '#!/bin/sh\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes an archive with raw entry names (preservePaths keeps `..` and absolute paths). */
  async function archive(
    name: string,
    entries: string[],
    cwd = path.join(dir, 'src'),
  ): Promise<string> {
    const file = path.join(dir, name);
    await tar.c({ gzip: true, file, cwd, preservePaths: true }, entries);
    return file;
  }

  it('extracts a normal archive, links inside included', async () => {
    await symlink('helm', path.join(dir, 'src', 'linux-amd64', 'helm-link'));
    const file = await archive('ok.tar.gz', ['linux-amd64']);
    expect(await auditTarGz(file)).toEqual([]);
    await extractTarGzSafely(file, path.join(dir, 'out'), 'ok.tar.gz');
    expect((await readdir(path.join(dir, 'out', 'linux-amd64'))).sort()).toEqual([
      'helm',
      'helm-link',
    ]);
  });

  it('refuses entries with ..', async () => {
    await mkdir(path.join(dir, 'src', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'escape'), 'x');
    const file = await archive(
      'dots.tar.gz',
      ['linux-amd64/helm', 'sub/../../escape'],
      path.join(dir, 'src'),
    );
    const out = path.join(dir, 'out');
    await expect(extractTarGzSafely(file, out, 'dots.tar.gz')).rejects.toThrow(
      /refusing to extract dots\.tar\.gz: entry "sub\/\.\.\/\.\.\/escape" points outside the archive/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses absolute paths', async () => {
    const file = await archive('abs.tar.gz', [path.join(dir, 'src', 'linux-amd64', 'helm')], '/');
    await expect(extractTarGzSafely(file, path.join(dir, 'out'), 'abs.tar.gz')).rejects.toThrow(
      /points outside the archive/,
    );
  });

  it('refuses symlinks pointing outside, absolute or relative', async () => {
    await symlink('/etc/passwd', path.join(dir, 'src', 'linux-amd64', 'abs-link'));
    const abs = await archive('abs-link.tar.gz', ['linux-amd64']);
    expect((await auditTarGz(abs)).join()).toMatch(
      /link "linux-amd64\/abs-link" -> "\/etc\/passwd" points outside the archive/,
    );
    await rm(path.join(dir, 'src', 'linux-amd64', 'abs-link'));
    await symlink('../../outside', path.join(dir, 'src', 'linux-amd64', 'rel-link'));
    const rel = await archive('rel-link.tar.gz', ['linux-amd64']);
    await expect(extractTarGzSafely(rel, path.join(dir, 'out'), 'rel-link.tar.gz')).rejects.toThrow(
      /rel-link" -> "\.\.\/\.\.\/outside" points outside/,
    );
  });

  it('knows unsafe entry paths', () => {
    const paths = ['a/../../b', '/abs', 'C:\\x', 'linux-amd64/helm', 'a/..b'];
    expect(paths.filter((p) => isUnsafeEntryPath(p))).toEqual(['a/../../b', '/abs', 'C:\\x']);
  });
});
