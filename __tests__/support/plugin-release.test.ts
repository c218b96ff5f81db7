import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runFile } from '../../test/support/run-file.js';
import {
  HELM_PUSH_MIRROR_DIR,
  HOOK_SENTINEL_PATH,
  TEST_PLUGIN_VERSIONS,
  createIsolatedHelmHome,
  helmBinary,
  hookRan,
  pluginArchiveName,
  pluginArchivePath,
  pluginChecksumsPath,
  resetHookSentinel,
  type IsolatedHelmHome,
  type TestHelmVersion,
} from '../../test/support/fixtures.js';
import {
  buildPluginRelease,
  installPluginFromArchive,
  pluginLayout,
} from '../../test/support/plugin-release.js';
import {
  startStaticServer,
  type RecordedRequest,
  type StaticServer,
} from '../../test/support/static-server.js';

const run = runFile;

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

interface FormPart {
  name: string | undefined;
  filename: string | undefined;
  data: Buffer;
}

function parseMultipart(request: RecordedRequest): FormPart[] {
  const boundary = /boundary=(.+)$/.exec(request.headers['content-type'] ?? '')?.[1];
  if (boundary === undefined) throw new Error('no multipart boundary');
  const body = request.body;
  const parts: FormPart[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(delimiter, headerEnd);
    const headers = body.subarray(start + 2, headerEnd).toString();
    parts.push({
      name: /name="([^"]*)"/.exec(headers)?.[1],
      filename: /filename="([^"]*)"/.exec(headers)?.[1],
      data: body.subarray(headerEnd + 4, next - 2),
    });
    at = next;
  }
  return parts;
}

async function chartYamlInside(tgz: Buffer, scratch: string): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(scratch, 'unpacked-'));
  await writeFile(path.join(dir, 'chart.tgz'), tgz);
  await tar.x({ file: path.join(dir, 'chart.tgz'), cwd: dir });
  return parseYaml(await readFile(path.join(dir, 'demo', 'Chart.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
}

async function writeDemoChart(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'templates'), { recursive: true });
  await writeFile(
    path.join(dir, 'Chart.yaml'),
    'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n# a comment helm drops\n',
  );
  await writeFile(path.join(dir, 'values.yaml'), 'greeting: hello\n');
  await writeFile(
    path.join(dir, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: {{ .Values.greeting }}\n',
  );
}

const REPO_INDEX = `apiVersion: v1
entries: {}
generated: "2025-01-01T00:00:00Z"
serverInfo:
  contextPath: /ctx
`;

describe('contract: helm-push release archives', () => {
  it.each(TEST_PLUGIN_VERSIONS)(
    '%s has the goreleaser layout and checksum file',
    async (version) => {
      const { pluginName, binary } = pluginLayout(version);
      expect(binary).toBe(version === '0.9.0' ? 'bin/helmpush' : 'bin/helm-cm-push');

      const archive = await readFile(pluginArchivePath(version));
      expect(await readFile(pluginChecksumsPath(version), 'utf8')).toBe(
        `${sha256(archive)}  helm-push_${version}_linux_amd64.tar.gz\n`,
      );

      const entries = new Map<string, { mode: number | undefined; text: string }>();
      await tar.t({
        file: pluginArchivePath(version),
        onReadEntry: (entry) => {
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () =>
            entries.set(entry.path, { mode: entry.mode, text: Buffer.concat(chunks).toString() }),
          );
        },
      });
      expect([...entries.keys()]).toEqual(['LICENSE', 'plugin.yaml', binary]);
      expect(entries.get(binary)?.mode).toBe(0o755);
      expect(entries.get(binary)?.text.startsWith('#!/usr/bin/env node\n')).toBe(true);

      const manifest = parseYaml(entries.get('plugin.yaml')?.text ?? '') as Record<string, unknown>;
      expect(manifest).toMatchObject({
        name: pluginName,
        version,
        command: `$HELM_PLUGIN_DIR/${binary}`,
        downloaders: [{ command: binary, protocols: ['cm'] }],
        useTunnel: false,
      });
      expect(manifest).not.toHaveProperty('apiVersion');
      expect(manifest.hooks).toEqual({
        install: `touch '${HOOK_SENTINEL_PATH}'; cd $HELM_PLUGIN_DIR; scripts/install_plugin.sh`,
        update: `touch '${HOOK_SENTINEL_PATH}'; cd $HELM_PLUGIN_DIR; scripts/install_plugin.sh`,
      });
    },
  );

  it('rebuilds to identical bytes, so it leaves the published files alone', async () => {
    const before = await stat(pluginArchivePath('0.10.4'));
    const release = await buildPluginRelease(HELM_PUSH_MIRROR_DIR, '0.10.4');
    expect(release.archiveName).toBe(pluginArchiveName('0.10.4'));
    expect(release.sha256).toBe(sha256(await readFile(pluginArchivePath('0.10.4'))));
    expect((await stat(pluginArchivePath('0.10.4'))).ino).toBe(before.ino);
  });
});

const HELM_CASES: { helm: TestHelmVersion; major: number; plugin: string }[] = [
  { helm: 'v3.18.0', major: 3, plugin: '0.10.4' },
  { helm: 'v4.1.4', major: 4, plugin: '0.11.1' },
  { helm: 'v3.8.1', major: 3, plugin: '0.10.4' },
  { helm: 'v3.4.2', major: 3, plugin: '0.10.4' },
];

describe.each(HELM_CASES)(
  'helm cm-push $plugin under real Helm $helm',
  ({ helm, major, plugin }) => {
    let home: IsolatedHelmHome;
    let server: StaticServer;
    let scratch: string;
    let chartDir: string;
    let repoURL: string;
    const helmBin = () => helmBinary(helm);

    beforeAll(async () => {
      home = await createIsolatedHelmHome();
      scratch = await mkdtemp(path.join(tmpdir(), 'cm-push-test-'));
      const served = path.join(scratch, 'served');
      await mkdir(path.join(served, 'ctx', 'chartrepo', 'lib'), { recursive: true });
      await writeFile(path.join(served, 'ctx', 'chartrepo', 'lib', 'index.yaml'), REPO_INDEX);
      server = await startStaticServer(served);
      repoURL = `${server.url}/ctx/chartrepo/lib`;
      chartDir = path.join(scratch, 'demo');
      await writeDemoChart(chartDir);
      await installPluginFromArchive(pluginArchivePath(plugin), home.pluginsDir, {
        helmMajor: major,
      });
      const added = await run(
        helmBin(),
        ['repo', 'add', 'myrepo', repoURL, '--username', 'alice', '--password', 's3cr3t'],
        home.env,
      );
      expect(added.stderr).toBe('');
    });
    afterEach(() => {
      server.clearRequests();
      server.clearOverrides();
    });
    afterAll(async () => {
      await server.close();
      await home.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    it('is listed as a plugin and answers --help', async () => {
      const listed = await run(helmBin(), ['plugin', 'list'], home.env);
      expect(listed.stdout).toMatch(
        new RegExp(`^cm-push\\s+${plugin.replace(/\./g, '\\.')}\\s`, 'm'),
      );
      if (major === 4) expect(listed.stdout).toMatch(/^cm-push\s+\S+\s+cli\/v1\s/m);

      const help = await run(helmBin(), ['cm-push', '--help'], home.env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage:\n  helm cm-push [flags]');
      expect(help.stdout).toContain('-f, --force');
    });

    it('pushes a re-packaged chart to a named repo with basic auth, ?force and the context path', async () => {
      let uploads = 0;
      server.override('/ctx/api/chartrepo/lib/charts', () => {
        uploads++;
        return { status: 201, body: '{"saved":true}' };
      });
      const result = await run(
        helmBin(),
        ['cm-push', chartDir, 'myrepo', '--force', '--version', '1.2.3', '-a', '9.9.9'],
        home.env,
      );
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe('Pushing demo-1.2.3.tgz to myrepo...\nDone.\n');
      expect(uploads).toBe(1);

      // The context path comes from the index `helm repo add` cached, not from a new request.
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /ctx/api/chartrepo/lib/charts?force',
      ]);
      const upload = server.requests[0] as RecordedRequest;
      expect(upload.headers.authorization).toBe(
        `Basic ${Buffer.from('alice:s3cr3t').toString('base64')}`,
      );
      expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const parts = parseMultipart(upload);
      expect(parts.map((p) => p.name)).toEqual(['chart']);
      const chart = parts[0] as FormPart;
      expect(path.basename(chart.filename ?? '')).toBe('demo-1.2.3.tgz');
      expect(await chartYamlInside(chart.data, scratch)).toMatchObject({
        name: 'demo',
        version: '1.2.3',
        appVersion: '9.9.9',
      });
    });

    it('pushes to a repo URL with a bearer token after reading its index', async () => {
      server.override('/ctx/api/chartrepo/lib/charts', { status: 201, body: '{"saved":true}' });
      const result = await run(helmBin(), ['cm-push', chartDir, repoURL], {
        ...home.env,
        HELM_REPO_ACCESS_TOKEN: 'tok-123',
      });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(`Pushing demo-0.1.0.tgz to ${repoURL}...\nDone.\n`);
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /ctx/chartrepo/lib/index.yaml',
        'POST /ctx/api/chartrepo/lib/charts',
      ]);
      for (const request of server.requests) {
        expect(request.headers.authorization).toBe('Bearer tok-123');
      }
    });

    it('fails like upstream on a rejected upload and never prints the password', async () => {
      server.override('/ctx/api/chartrepo/lib/charts', {
        status: 409,
        body: '{"error":"file already exists"}',
      });
      const conflict = await run(helmBin(), ['cm-push', chartDir, 'myrepo'], home.env);
      expect(conflict.code).not.toBe(0);
      expect(conflict.stdout).toBe('Pushing demo-0.1.0.tgz to myrepo...\n');
      expect(conflict.stderr).toMatch(/^Error: 409: file already exists\n/);

      server.override('/ctx/api/chartrepo/lib/charts', { status: 401, body: 'Unauthorized' });
      const denied = await run(helmBin(), ['cm-push', chartDir, 'myrepo'], {
        ...home.env,
        HELM_REPO_PASSWORD: 'wrong-pass',
      });
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toMatch(
        /^Error: 401: could not properly parse response JSON: Unauthorized\n/,
      );
      expect(server.requests.at(-1)?.headers.authorization).toBe(
        `Basic ${Buffer.from('alice:wrong-pass').toString('base64')}`,
      );
      for (const output of [conflict.stdout, conflict.stderr, denied.stdout, denied.stderr]) {
        expect(output).not.toContain('s3cr3t');
        expect(output).not.toContain('wrong-pass');
      }
    });

    it('re-packages a .tgz even without overrides, so the uploaded bytes differ', async () => {
      server.override('/ctx/api/chartrepo/lib/charts', { status: 201, body: '{"saved":true}' });
      const out = path.join(scratch, `packaged-${helm}`);
      await mkdir(out);
      const packaged = await run(helmBin(), ['package', chartDir, '-d', out], home.env);
      expect(packaged.code).toBe(0);
      const input = await readFile(path.join(out, 'demo-0.1.0.tgz'));

      const result = await run(
        helmBin(),
        ['cm-push', path.join(out, 'demo-0.1.0.tgz'), 'myrepo'],
        home.env,
      );
      expect(result.code).toBe(0);
      const uploaded = (parseMultipart(server.requests[0] as RecordedRequest)[0] as FormPart).data;
      expect(sha256(uploaded)).not.toBe(sha256(input));
      expect(await chartYamlInside(uploaded, scratch)).toMatchObject({
        name: 'demo',
        version: '0.1.0',
      });
    });

    it('fails like upstream when the named repo has no cached index', async () => {
      const repositories = parseYaml(await readFile(home.repositoryConfig, 'utf8')) as {
        repositories: Record<string, unknown>[];
      };
      const config = path.join(scratch, `repositories-${helm}.yaml`);
      repositories.repositories.push({ name: 'uncached', url: repoURL });
      await writeFile(config, JSON.stringify(repositories));
      const result = await run(helmBin(), ['cm-push', chartDir, 'uncached'], {
        ...home.env,
        HELM_REPOSITORY_CONFIG: config,
      });
      expect(result.code).not.toBe(0);
      const missing = path.join(home.repositoryCache, 'uncached-index.yaml');
      expect(result.stderr).toContain(`Error: open ${missing}: no such file or directory`);
      expect(server.requests).toEqual([]);
    });
  },
);

describe('contract: plugin manifests and hooks under real Helm', () => {
  let home: IsolatedHelmHome;

  beforeAll(async () => {
    home = await createIsolatedHelmHome();
  });
  afterAll(async () => {
    await home.cleanup();
  });

  it('Helm 4 turns the shipped legacy manifest into a getter with no cm-push command', async () => {
    const plugins = path.join(home.root, 'legacy-plugins');
    await installPluginFromArchive(pluginArchivePath('0.11.1'), plugins, { helmMajor: 3 });
    const env = { ...home.env, HELM_PLUGINS: plugins };
    const listed = await run(helmBinary('v4.1.4'), ['plugin', 'list'], env);
    expect(listed.stdout).toMatch(/^cm-push\s+0\.11\.1\s+getter\/v1\s+legacy\s/m);
    const help = await run(helmBinary('v4.1.4'), ['cm-push', '--help'], env);
    expect(help.code).not.toBe(0);
    expect(help.stderr).toContain('unknown command "cm-push"');
  });

  it('`helm plugin install` runs the install hook, which hookRan() detects', async () => {
    const source = path.join(home.root, 'plugin-source');
    await installPluginFromArchive(pluginArchivePath('0.10.4'), source, {
      helmMajor: 3,
      dirName: 'helm-push',
    });
    resetHookSentinel();
    expect(hookRan()).toBe(false);
    // The hook then fails (the release has no scripts/install_plugin.sh), as it would offline.
    const installed = await run(
      helmBinary('v3.18.0'),
      ['plugin', 'install', path.join(source, 'helm-push')],
      home.env,
    );
    expect(installed.stderr).toContain('plugin install hook for "cm-push" exited with error');
    expect(hookRan()).toBe(true);
    resetHookSentinel();
  });

  it('0.9.0 is the Helm 2 `push` plugin and reads $HELM_HOME', async () => {
    const plugins = path.join(home.root, 'helm2-plugins');
    const pluginDir = await installPluginFromArchive(pluginArchivePath('0.9.0'), plugins, {
      helmMajor: 2,
    });
    const program = path.join(pluginDir, 'bin', 'helmpush');
    const helmHome = path.join(home.root, 'helm2-home');
    await mkdir(path.join(helmHome, 'repository', 'cache'), { recursive: true });

    const served = path.join(home.root, 'helm2-served');
    await mkdir(served);
    const server = await startStaticServer(served);
    try {
      server.override('/api/charts', { status: 201, body: '{"saved":true}' });
      await writeFile(
        path.join(helmHome, 'repository', 'repositories.yaml'),
        `apiVersion: v1\nrepositories:\n- name: legacy\n  url: ${server.url}\n  username: bob\n  password: hunter2\n`,
      );
      await writeFile(
        path.join(helmHome, 'repository', 'cache', 'legacy-index.yaml'),
        'apiVersion: v1\nentries: {}\n',
      );
      const chartDir = path.join(home.root, 'helm2-chart');
      await writeDemoChart(chartDir);
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', HELM_HOME: helmHome };

      const help = await run(program, ['--help'], env);
      expect(help.stdout).toContain('Usage:\n  helm push [flags]');
      const pushed = await run(program, [chartDir, 'legacy', '-u', 'carol'], env);
      expect(pushed.stdout).toBe('Pushing demo-0.1.0.tgz to legacy...\nDone.\n');
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/charts']);
      expect(server.requests[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from('carol:hunter2').toString('base64')}`,
      );
    } finally {
      await server.close();
    }
  });
});
