// Hostile tool archives: link chains that leave the tree, oversized entries and downloads, and
// Windows .zip entries, each refused before anything is written outside the staging folder.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVE_LIMITS, ArchiveAudit } from '../../src/helm/archive-audit.js';
import { extractTarGzSafely } from '../../src/helm/unpack.js';
import { unpackZip } from '../../src/helm/zip.js';
import { HttpClient } from '../../src/http/client.js';
import { downloadToFile } from '../../src/http/download.js';
import { recordingLogger } from '../../test/support/logger.js';
import { buildZip } from '../../test/support/zip-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hostile-'));
  await mkdir(path.join(dir, 'src', 'a'), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function archive(entries: string[]): Promise<string> {
  const file = path.join(dir, 'x.tar.gz');
  await tar.c({ gzip: true, file, cwd: path.join(dir, 'src'), preservePaths: true }, entries);
  return file;
}

describe('link chains', () => {
  it('refuses a link whose text stays inside but whose chain leaves (a/c -> b/.. with a/b -> ..)', async () => {
    await symlink('..', path.join(dir, 'src', 'a', 'b'));
    await symlink('b/..', path.join(dir, 'src', 'a', 'c'));
    const file = await archive(['a/c', 'a/b']);
    const out = path.join(dir, 'out');
    await expect(extractTarGzSafely(file, out, 'x.tar.gz')).rejects.toThrow(
      /refusing to extract x\.tar\.gz: link "a\/c" -> "b\/\.\." points outside the archive/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a symlink to a symlink that leaves the tree', async () => {
    await symlink('../l2', path.join(dir, 'src', 'a', 'l1'));
    await symlink('../..', path.join(dir, 'src', 'l2'));
    const file = await archive(['a/l1', 'l2']);
    await expect(extractTarGzSafely(file, path.join(dir, 'out'), 'x.tar.gz')).rejects.toThrow(
      /link "(a\/l1|l2)" -> .* points outside the archive/,
    );
  });

  it('refuses a hard link to a symlink and a file under a link', () => {
    const audit = new ArchiveAudit('x');
    audit.add('s', 'symlink', 0, '/etc/passwd');
    audit.add('h', 'hardlink', 0, 's');
    expect(() => audit.finish()).toThrow(/link "s" -> "\/etc\/passwd" points outside/);
    const hard = new ArchiveAudit('x');
    hard.add('d', 'symlink', 0, 'e');
    hard.add('e', 'dir', 0);
    hard.add('h', 'hardlink', 0, 'd');
    expect(() => hard.finish()).toThrow(/hard link "h" -> "d" does not name a file/);
    const under = new ArchiveAudit('x');
    under.add('l', 'symlink', 0, 'real');
    under.add('l/file', 'file', 1);
    expect(() => under.finish()).toThrow(/entry "l\/file" lies under the link or file "l"/);
  });

  it('keeps links that resolve inside, and copies a hard link from its file', async () => {
    await writeFile(path.join(dir, 'src', 'a', 'f'), 'data');
    await symlink('../a/f', path.join(dir, 'src', 'a', 'rel'));
    const file = await archive(['a/f', 'a/rel']);
    const out = path.join(dir, 'out');
    await extractTarGzSafely(file, out, 'x.tar.gz');
    expect(await readFile(path.join(out, 'a', 'rel'), 'utf8')).toBe('data');
  });
});

describe('sizes', () => {
  it('refuses a 3 GiB entry from its header, before reading it', () => {
    const audit = new ArchiveAudit('helm.tar.gz');
    expect(() => audit.add('linux-amd64/helm', 'file', 3 * 1024 ** 3)).toThrow(
      /refusing to extract helm\.tar\.gz: its entries unpack to more than 512 MiB/,
    );
    expect(ARCHIVE_LIMITS.totalBytes).toBe(512 * 1024 * 1024);
  });

  it('stops when the entries together pass the limit, leaving nothing', async () => {
    await writeFile(path.join(dir, 'src', 'a', 'one'), Buffer.alloc(600));
    await writeFile(path.join(dir, 'src', 'a', 'two'), Buffer.alloc(600));
    const file = await archive(['a/one', 'a/two']);
    const out = path.join(dir, 'out');
    await expect(
      extractTarGzSafely(file, out, 'x.tar.gz', { totalBytes: 1000, entries: 10 }),
    ).rejects.toThrow(/unpack to more than .* \(at "a\/two", 600 bytes\)/);
    expect(existsSync(out)).toBe(false);
  });

  describe('downloads', () => {
    let server: Server;
    let url: string;
    beforeEach(async () => {
      server = createServer((req, res) => {
        if (req.url === '/declared') {
          res.writeHead(200, { 'content-length': String(2 * 1024 ** 3) });
          res.write(Buffer.alloc(1024));
          return;
        }
        // No length: an endless body, cut off only by the client's limit.
        res.writeHead(200);
        const pump = (): void => {
          while (res.write(Buffer.alloc(64 * 1024)));
          res.once('drain', pump);
        };
        pump();
        res.on('close', () => res.removeAllListeners('drain'));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('refuses a declared length above the limit and cuts off an endless archive', async () => {
      const http = new HttpClient({ timeoutSeconds: 10, retries: 0, logger: recordingLogger([]) });
      try {
        const dest = path.join(dir, 'archive');
        await expect(downloadToFile(http, `${url}/declared`, dest)).rejects.toThrow(
          /is 2147483648 bytes, more than the 256 MiB an archive may have/,
        );
        await expect(
          downloadToFile(http, `${url}/endless`, dest, { maxBytes: 1024 * 1024 }),
        ).rejects.toThrow(/is larger than the 1 MiB an archive may have/);
        expect(existsSync(dest)).toBe(false);
      } finally {
        await http.close();
      }
    });
  });
});

describe('.zip (Windows releases)', () => {
  const want = (p: string): boolean => p === 'windows-amd64/helm.exe';
  async function unzip(entries: Parameters<typeof buildZip>[0]): Promise<Map<string, string>> {
    const file = path.join(dir, 'helm.zip');
    await writeFile(file, buildZip(entries));
    return unpackZip(file, path.join(dir, 'out'), { what: 'helm.zip', want });
  }

  it('writes only the wanted entries of a good archive', async () => {
    const files = await unzip([
      { name: 'windows-amd64/helm.exe', data: 'MZ binary' },
      { name: 'windows-amd64/README.md', data: 'readme' },
    ]);
    expect([...files.keys()]).toEqual(['windows-amd64/helm.exe']);
    expect(await readdir(path.join(dir, 'out', 'windows-amd64'))).toEqual(['helm.exe']);
  });

  it.each([
    ['a backslash climb', { name: 'windows-amd64\\..\\..\\evil.exe', data: 'x' }, /points outside/],
    ['a drive letter', { name: 'C:/Windows/evil.exe', data: 'x' }, /points outside/],
    [
      'a symlink',
      { name: 'windows-amd64/helm.exe', data: '/etc', unixMode: 0o120777 },
      /is a link/,
    ],
    [
      'an oversized entry',
      { name: 'windows-amd64/helm.exe', data: 'x', declaredSize: 0xfff00000 },
      /unpack to more than 512 MiB/,
    ],
  ])('refuses %s before writing anything', async (_what, entry, problem) => {
    await expect(unzip([entry])).rejects.toThrow(problem);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('holds an entry to its declared size', async () => {
    await expect(
      unzip([{ name: 'windows-amd64/helm.exe', data: Buffer.alloc(5000), declaredSize: 10 }]),
    ).rejects.toThrow(/"windows-amd64\/helm\.exe" is larger than it says/);
  });
});
