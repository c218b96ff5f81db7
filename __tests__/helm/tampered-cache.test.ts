// A tampered tool cache: with a pinned checksum the cached copy must prove it came from the pinned
// archive (its per-file record), or the tool is fetched again; a wrong pin installs nothing.
import { readFile, mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHelm } from '../../src/helm/install.js';
import { detectPlatform } from '../../src/helm/platform.js';
import { HttpClient } from '../../src/http/client.js';
import { cacheHelmPush } from '../../src/repo/plugin.js';
import {
  HELM_MIRROR_DIR,
  HELM_PUSH_MIRROR_DIR,
  helmArchivePath,
  pluginChecksumsPath,
} from '../../test/support/fixtures.js';
import { recordingLogger } from '../../test/support/logger.js';
import { startStaticServer, type StaticServer } from '../../test/support/static-server.js';

const HELM = 'v3.18.0';
const PLUGIN = '0.10.4';
let helmMirror: StaticServer;
let pushMirror: StaticServer;
let toolCache: string;
let temp: string;
const previousCache = process.env.RUNNER_TOOL_CACHE;

beforeAll(async () => {
  helmMirror = await startStaticServer(HELM_MIRROR_DIR);
  pushMirror = await startStaticServer(HELM_PUSH_MIRROR_DIR);
  toolCache = await mkdtemp(path.join(tmpdir(), 'tampered-tools-'));
  temp = await mkdtemp(path.join(tmpdir(), 'tampered-temp-'));
  process.env.RUNNER_TOOL_CACHE = toolCache;
});
afterAll(async () => {
  await helmMirror.close();
  await pushMirror.close();
  await rm(toolCache, { recursive: true, force: true });
  await rm(temp, { recursive: true, force: true });
  if (previousCache === undefined) delete process.env.RUNNER_TOOL_CACHE;
  else process.env.RUNNER_TOOL_CACHE = previousCache;
});

function client(): HttpClient {
  return new HttpClient({ timeoutSeconds: 30, retries: 0, logger: recordingLogger([]) });
}

async function tamper(file: string): Promise<void> {
  await writeFile(file, '#!/bin/sh\necho tampered\n');
  await chmod(file, 0o755);
}

describe('Helm in a tampered tool cache', () => {
  it('with helm-checksum pinned, is fetched again; unpinned, the cache is trusted', async () => {
    const pin = (await readFile(`${helmArchivePath(HELM)}.sha256`, 'utf8')).trim();
    const http = client();
    const lines: string[] = [];
    const options = {
      mirror: helmMirror.url,
      http,
      platform: detectPlatform(),
      logger: recordingLogger(lines),
      tempDir: temp,
    };
    try {
      const first = await installHelm(HELM, { ...options, checksum: pin });
      const original = await readFile(first.path);
      await tamper(first.path);

      const unpinned = await installHelm(HELM, options);
      expect(unpinned.fromCache).toBe(true);

      const again = await installHelm(HELM, { ...options, checksum: pin });
      expect(again.fromCache).toBe(false);
      expect((await readFile(again.path)).equals(original)).toBe(true);
      expect(lines.join('\n')).toMatch(
        /does not prove it came from the archive `helm-checksum` pins \(linux-amd64\/helm changed after it was verified\); downloading it again/,
      );

      // Proven now: served from the cache without a download.
      helmMirror.requests.length = 0;
      expect((await installHelm(HELM, { ...options, checksum: pin })).fromCache).toBe(true);
      expect(helmMirror.requests).toEqual([]);
    } finally {
      await http.close();
    }
  });
});

describe('helm-push in a tampered tool cache', () => {
  it('with a wrong helm-push-checksum, installs nothing; with the right one, is fetched again', async () => {
    const http = client();
    const lines: string[] = [];
    const options = {
      version: PLUGIN,
      mirror: pushMirror.url,
      http,
      platform: detectPlatform(),
      logger: recordingLogger(lines),
      tempDir: temp,
    };
    try {
      const dir = await cacheHelmPush(options);
      const binary = path.join(dir, 'bin', 'helm-cm-push');
      const original = await readFile(binary);
      await tamper(binary);

      await expect(cacheHelmPush({ ...options, checksum: 'a'.repeat(64) })).rejects.toThrow(
        /^checksum mismatch for helm-push_0\.10\.4_linux_amd64\.tar\.gz: expected sha256 a{64} \(`helm-push-checksum`\), got [0-9a-f]{64}; nothing was installed$/,
      );

      const sums = await readFile(pluginChecksumsPath(PLUGIN), 'utf8');
      const pin = sums.split(/\s+/)[0] ?? '';
      const again = await cacheHelmPush({ ...options, checksum: pin });
      expect((await readFile(path.join(again, 'bin', 'helm-cm-push'))).equals(original)).toBe(true);
      expect(lines.join('\n')).toMatch(/bin\/helm-cm-push changed after it was verified/);
    } finally {
      await http.close();
    }
  });
});
