#!/usr/bin/env node
// Stand-in for chartmuseum/helm-push's `helm-cm-push` binary, speaking the same protocol: same
// arguments, flags, environment, repository lookup, context-path rules, re-packaging, request
// and output. It mirrors upstream cmd/helm-cm-push/main.go and pkg/{chartmuseum,helm}.
//
// The flag set, the success statuses and some messages follow the release baked in: 0.9.0
// (cmd/helmpush/main.go) has no --app-version or --timeout and accepts only 201; 0.10.0 added
// both flags and 202 (cmd/helm-cm-push/main.go).
//
// It runs from wherever a test extracted the plugin, so beyond node: builtins it may only load
// the project's `yaml` and `tar` through the absolute project path the release builder bakes in.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

// buildPluginRelease() replaces this exact line with the release's settings.
const BUILD = sourceBuildSettings();

const requireFromProject = createRequire(path.join(BUILD.projectRoot, 'package.json'));
const YAML = requireFromProject('yaml');
const tar = requireFromProject('tar');

const COMMAND = `helm ${BUILD.pluginName}`;

const ALL_FLAGS = [
  {
    name: 'access-token',
    type: 'string',
    usage: 'Send token in Authorization header [$HELM_REPO_ACCESS_TOKEN]',
  },
  {
    name: 'app-version',
    short: 'a',
    type: 'string',
    usage: 'Override app version pre-push',
    since: '0.10.0',
  },
  {
    name: 'auth-header',
    type: 'string',
    usage: 'Alternative header to use for token auth [$HELM_REPO_AUTH_HEADER]',
  },
  {
    name: 'ca-file',
    type: 'string',
    usage: 'Verify certificates of HTTPS-enabled servers using this CA bundle [$HELM_REPO_CA_FILE]',
  },
  {
    name: 'cert-file',
    type: 'string',
    usage: 'Identify HTTPS client using this SSL certificate file [$HELM_REPO_CERT_FILE]',
  },
  {
    name: 'check-helm-version',
    type: 'bool',
    usage: 'outputs either "2" or "3" indicating the current Helm major version',
  },
  {
    name: 'context-path',
    type: 'string',
    usage: 'ChartMuseum context path [$HELM_REPO_CONTEXT_PATH]',
  },
  {
    name: 'dependency-update',
    short: 'd',
    type: 'bool',
    usage: 'update dependencies from "requirements.yaml" to dir "charts/" before packaging',
  },
  { name: 'force', short: 'f', type: 'bool', usage: 'Force upload even if chart version exists' },
  { name: 'help', short: 'h', type: 'bool', usage: `help for ${COMMAND}` },
  {
    name: 'insecure',
    type: 'bool',
    usage:
      'Connect to server with an insecure way by skipping certificate verification [$HELM_REPO_INSECURE]',
  },
  {
    name: 'key-file',
    type: 'string',
    usage: 'Identify HTTPS client using this SSL key file [$HELM_REPO_KEY_FILE]',
  },
  { name: 'keyring', type: 'string', usage: 'location of a public keyring' },
  {
    name: 'password',
    short: 'p',
    type: 'string',
    usage: 'Override HTTP basic auth password [$HELM_REPO_PASSWORD]',
  },
  {
    name: 'timeout',
    short: 't',
    type: 'int',
    usage: 'The duration (in seconds) Helm will wait to get response from chartmuseum (default 30)',
    since: '0.10.0',
  },
  {
    name: 'username',
    short: 'u',
    type: 'string',
    usage: 'Override HTTP basic auth username [$HELM_REPO_USERNAME]',
  },
  { name: 'version', short: 'v', type: 'string', usage: 'Override chart version pre-push' },
  // Helm 2's global settings, which upstream registers on the same flag set.
  { name: 'debug', type: 'bool', hidden: true },
  { name: 'home', type: 'string', hidden: true },
  { name: 'host', type: 'string', hidden: true },
  { name: 'kube-context', type: 'string', hidden: true },
  { name: 'kubeconfig', type: 'string', hidden: true },
  { name: 'tiller-namespace', type: 'string', hidden: true },
  { name: 'tiller-connection-timeout', type: 'int', hidden: true },
];

const LEGACY = BUILD.pluginName === 'push';
// The release's own flag set: a flag from a later release is unknown to cobra here.
const FLAGS = ALL_FLAGS.filter((f) => f.since === undefined || !LEGACY);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error: ${message}\n`);
    // cobra prints the usage after any error because upstream leaves SilenceUsage false.
    process.stderr.write(`${usageText()}\n`);
    process.exitCode = 1;
  },
);

async function main(argv) {
  const { flags, args } = parseFlags(argv);
  if (flags.help) {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  if (flags['check-helm-version']) {
    process.stdout.write(`${helmMajorVersion()}\n`);
    return 0;
  }
  if (args.length === 4 && args[3].startsWith('cm://')) {
    throw new Error('cm:// downloads are not implemented by this test build of helm-push');
  }
  if (args.length !== 2) {
    throw new Error(
      `${LEGACY ? 'This' : 'this'} command needs 2 arguments: name of chart, name of chart repository (or repo URL)`,
    );
  }
  const settings = applyEnvironment(flags);
  return push(args[0], args[1], settings);
}

function parseFlags(argv) {
  const flags = { timeout: 30, keyring: path.join(os.homedir(), '.gnupg', 'pubring.gpg') };
  const args = [];
  const byName = new Map(FLAGS.map((f) => [f.name, f]));
  const byShort = new Map(FLAGS.filter((f) => f.short).map((f) => [f.short, f]));
  const assign = (flag, raw, display) => {
    if (flag.type === 'bool') {
      if (raw === undefined) flags[flag.name] = true;
      else if (/^(1|t|true|TRUE|True)$/.test(raw)) flags[flag.name] = true;
      else if (/^(0|f|false|FALSE|False)$/.test(raw)) flags[flag.name] = false;
      else
        throw new Error(
          `invalid argument "${raw}" for "${display}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
        );
    } else if (flag.type === 'int') {
      if (!/^-?\d+$/.test(raw)) {
        throw new Error(
          `invalid argument "${raw}" for "${display}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`,
        );
      }
      flags[flag.name] = Number(raw);
    } else {
      flags[flag.name] = raw;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const flag = byName.get(name);
      if (!flag) throw new Error(`unknown flag: --${name}`);
      let value = eq === -1 ? undefined : arg.slice(eq + 1);
      if (value === undefined && flag.type !== 'bool') {
        if (i + 1 >= argv.length) throw new Error(`flag needs an argument: --${name}`);
        value = argv[++i];
      }
      assign(flag, value, `--${name}`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // Shorthand flags combine like pflag: -fd, -v1.2.3, -v 1.2.3, -v=1.2.3.
      for (let j = 1; j < arg.length; j++) {
        const flag = byShort.get(arg[j]);
        if (!flag) throw new Error(`unknown shorthand flag: '${arg[j]}' in ${arg}`);
        const display = `-${flag.short}, --${flag.name}`;
        if (flag.type === 'bool') {
          if (arg[j + 1] === '=') {
            assign(flag, arg.slice(j + 2), display);
            break;
          }
          assign(flag, undefined, display);
          continue;
        }
        let value = arg.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= argv.length) {
            throw new Error(`flag needs an argument: '${flag.short}' in -${flag.short}`);
          }
          value = argv[++i];
        }
        assign(flag, value, display);
        break;
      }
    } else {
      args.push(arg);
    }
  }
  return { flags, args };
}

function applyEnvironment(flags) {
  const env = process.env;
  const fromEnv = (flagValue, name) =>
    (flagValue === undefined || flagValue === '') && env[name] !== undefined
      ? env[name]
      : flagValue;
  const parseBool = (value) => /^(1|t|true|TRUE|True)$/.test(value);
  return {
    chartVersion: flags.version ?? '',
    appVersion: flags['app-version'] ?? '',
    username: fromEnv(flags.username, 'HELM_REPO_USERNAME') ?? '',
    password: fromEnv(flags.password, 'HELM_REPO_PASSWORD') ?? '',
    accessToken: fromEnv(flags['access-token'], 'HELM_REPO_ACCESS_TOKEN') ?? '',
    authHeader: fromEnv(flags['auth-header'], 'HELM_REPO_AUTH_HEADER') ?? '',
    contextPath: fromEnv(flags['context-path'], 'HELM_REPO_CONTEXT_PATH') ?? '',
    useHTTP: env.HELM_REPO_USE_HTTP !== undefined ? parseBool(env.HELM_REPO_USE_HTTP) : false,
    caFile: fromEnv(flags['ca-file'], 'HELM_REPO_CA_FILE') ?? '',
    certFile: fromEnv(flags['cert-file'], 'HELM_REPO_CERT_FILE') ?? '',
    keyFile: fromEnv(flags['key-file'], 'HELM_REPO_KEY_FILE') ?? '',
    insecure:
      env.HELM_REPO_INSECURE !== undefined ? parseBool(env.HELM_REPO_INSECURE) : !!flags.insecure,
    force: !!flags.force,
    dependencyUpdate: !!flags['dependency-update'],
    timeoutSeconds: flags.timeout,
  };
}

async function push(chartName, repoName, settings) {
  let repo;
  if (/^https?:\/\//.test(repoName)) {
    repo = tempRepoFromURL(repoName);
    repoName = repo.url;
  } else {
    repo = repoByName(repoName);
  }

  if (settings.dependencyUpdate && existsSync(chartName) && statSync(chartName).isDirectory()) {
    updateDependencies(chartName);
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'helm-push-'));
  try {
    const chart = loadChart(chartName, work);
    if (settings.chartVersion !== '') chart.metadata.version = settings.chartVersion;
    if (settings.appVersion !== '') chart.metadata.appVersion = settings.appVersion;

    const username = settings.username !== '' ? settings.username : repo.username;
    const password = settings.password !== '' ? settings.password : repo.password;
    const accessToken = username !== '' && password !== '' ? '' : settings.accessToken;
    const repoURL = repo.url.replace('cm://', settings.useHTTP ? 'http://' : 'https://');
    const client = {
      url: repoURL,
      username,
      password,
      accessToken,
      authHeader: settings.authHeader,
      contextPath: settings.contextPath,
      tls: tlsOptions(settings),
      timeoutMs: settings.timeoutSeconds * 1000,
    };

    if (client.contextPath === '') {
      const index = await readIndex(repo, client);
      client.contextPath = index?.serverInfo?.contextPath ?? '';
    }

    const packagePath = savePackage(chart, work, chartName);
    process.stdout.write(`Pushing ${path.basename(packagePath)} to ${repoName}...\n`);
    const response = await uploadChartPackage(client, packagePath, settings.force);
    // 0.9.0's handlePushResponse takes only 201; 0.10.0 added 202.
    const saved = LEGACY ? [201] : [201, 202];
    if (!saved.includes(response.status)) {
      throw new Error(chartmuseumError(response.body, response.status));
    }
    process.stdout.write('Done.\n');
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function helmMajorVersion() {
  // Helm 3 and 4 hand plugins HELM_REPOSITORY_CONFIG; Helm 2 hands them HELM_HOME.
  if (process.env.HELM_REPOSITORY_CONFIG === undefined && process.env.HELM_HOME !== undefined) {
    return 2;
  }
  return 3;
}

function helmPaths() {
  const env = process.env;
  if (helmMajorVersion() === 2) {
    const home = env.HELM_HOME ?? path.join(os.homedir(), '.helm');
    return {
      repositoryConfig: path.join(home, 'repository', 'repositories.yaml'),
      repositoryCache: path.join(home, 'repository', 'cache'),
    };
  }
  const configHome =
    env.HELM_CONFIG_HOME ??
    path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'helm');
  const cacheHome =
    env.HELM_CACHE_HOME ??
    path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'helm');
  return {
    repositoryConfig: env.HELM_REPOSITORY_CONFIG ?? path.join(configHome, 'repositories.yaml'),
    repositoryCache: env.HELM_REPOSITORY_CACHE ?? path.join(cacheHome, 'repository'),
  };
}

function repoByName(name) {
  const { repositoryConfig, repositoryCache } = helmPaths();
  let text;
  try {
    text = readFileSync(repositoryConfig, 'utf8');
  } catch (error) {
    throw new Error(
      `couldn't load repositories file (${repositoryConfig}): ${goFileError(error, repositoryConfig)}`,
    );
  }
  // Helm loads it with sigs.k8s.io/yaml (Helm 2: ghodss/yaml): YAML, or JSON, which is YAML too,
  // turned into JSON and decoded by encoding/json into repo.File.
  const file = YAML.parse(text) ?? {};
  const repositories = goField(file, 'repositories');
  const entries = Array.isArray(repositories) ? repositories : [];
  const entry = entries.find((r) => goString(goField(r, 'name')) === name);
  if (!entry) throw new Error(`no repo named "${name}" found`);
  return {
    name,
    url: goString(goField(entry, 'url')),
    username: goString(goField(entry, 'username')),
    password: goString(goField(entry, 'password')),
    cachePath: repositoryCache,
  };
}

/** encoding/json's key matching: the exact key first, else any key equal ignoring case. */
function goField(object, key) {
  if (object === null || typeof object !== 'object') return undefined;
  if (Object.hasOwn(object, key)) return object[key];
  const folded = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
  return folded === undefined ? undefined : object[folded];
}

/** sigs.k8s.io/yaml hands a string field a number or boolean as its text; null leaves it empty. */
function goString(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(
    `error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : 'object'} into Go value of type string`,
  );
}

/** Go's wording for a failed os.ReadFile, which upstream shows verbatim. */
function goFileError(error, file) {
  const reasons = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
  };
  return `open ${file}: ${reasons[error.code] ?? error.message}`;
}

function tempRepoFromURL(raw) {
  const url = new URL(raw);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (url.username !== '' || url.password !== '') {
    // Keep the URL as given apart from the user-info, as upstream does.
    return { name: '', url: raw.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1'), username, password };
  }
  return { name: '', url: raw, username: '', password: '' };
}

async function readIndex(repo, client) {
  let text;
  if (repo.name !== '') {
    // Upstream reads the index `helm repo add/update` cached and fails when it is absent.
    const cached = path.join(repo.cachePath, `${repo.name}-index.yaml`);
    try {
      text = readFileSync(cached, 'utf8');
    } catch (error) {
      throw new Error(goFileError(error, cached));
    }
  } else {
    const response = await request(client, 'GET', joinRepoPath(client, 'index.yaml'));
    if (response.status !== 200) throw new Error(chartmuseumError(response.body, response.status));
    text = response.body.toString('utf8');
  }
  return YAML.parse(text);
}

function joinRepoPath(client, ...tail) {
  const url = new URL(client.url);
  const repoPath = decodeURIComponent(url.pathname);
  const trimmed = repoPath.startsWith(client.contextPath)
    ? repoPath.slice(client.contextPath.length)
    : repoPath;
  url.pathname = path.posix.join('/', client.contextPath, trimmed, ...tail);
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  return url;
}

function tlsOptions(settings) {
  const tls = { rejectUnauthorized: !settings.insecure };
  if (settings.caFile !== '') tls.ca = readFileSync(settings.caFile);
  if (settings.certFile !== '') tls.cert = readFileSync(settings.certFile);
  if (settings.keyFile !== '') tls.key = readFileSync(settings.keyFile);
  return tls;
}

function authorization(client, headers) {
  if (client.accessToken !== '') {
    if (client.authHeader !== '') headers[client.authHeader] = client.accessToken;
    else headers.authorization = `Bearer ${client.accessToken}`;
  } else if (client.username !== '' && client.password !== '') {
    const token = Buffer.from(`${client.username}:${client.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
}

async function uploadChartPackage(client, packagePath, force) {
  const url = new URL(client.url);
  const repoPath = decodeURIComponent(url.pathname);
  const trimmed = repoPath.startsWith(client.contextPath)
    ? repoPath.slice(client.contextPath.length)
    : repoPath;
  url.pathname = path.posix.join('/', client.contextPath, 'api', trimmed, 'charts');
  url.search = force ? 'force' : '';
  url.hash = '';
  url.username = '';
  url.password = '';

  const boundary = randomBytes(30).toString('hex');
  // Go's multipart.CreateFormFile sends the full local path as the file name.
  const fileName = packagePath.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\n` +
        `Content-Disposition: form-data; name="chart"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    readFileSync(packagePath),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return request(client, 'POST', url, body, `multipart/form-data; boundary=${boundary}`);
}

function request(client, method, url, body, contentType) {
  const headers = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'identity' };
  if (body !== undefined) {
    headers['content-type'] = contentType;
    headers['content-length'] = String(body.length);
  }
  authorization(client, headers);
  const transport = url.protocol === 'https:' ? https : http;
  const goMethod = method === 'POST' ? 'Post' : 'Get';
  const target = url.toString();
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method, headers, ...(url.protocol === 'https:' ? client.tls : {}) },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(client.timeoutMs, () => {
      req.destroy(
        new Error(
          `${goMethod} "${target}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        ),
      );
    });
    req.on('error', (error) => {
      if (error.message.startsWith(goMethod)) reject(error);
      else if (error.code === 'ECONNREFUSED') {
        reject(
          new Error(`${goMethod} "${target}": dial tcp ${url.host}: connect: connection refused`),
        );
      } else reject(new Error(`${goMethod} "${target}": ${error.message}`));
    });
    req.end(body);
  });
}

function chartmuseumError(body, status) {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.error === 'string' && parsed.error !== '') {
      return `${status}: ${parsed.error}`;
    }
  } catch {
    // fall through to upstream's message for bodies that are not JSON
  }
  return `${status}: could not properly parse response JSON: ${text}`;
}

function updateDependencies(chartDir) {
  const helm = process.env.HELM_BIN ?? 'helm';
  const result = spawnSync(helm, ['dependency', 'update', chartDir], { stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`dependency update of ${chartDir} failed`);
}

function loadChart(chartName, work) {
  let info;
  try {
    info = statSync(chartName);
  } catch {
    throw new Error(`stat ${chartName}: no such file or directory`);
  }
  let dir = chartName;
  let fromArchive = false;
  if (!info.isDirectory()) {
    const extracted = path.join(work, 'extracted');
    mkdirSync(extracted);
    try {
      tar.x({ file: chartName, cwd: extracted, sync: true, strict: true });
    } catch (error) {
      throw new Error(
        `file '${chartName}' does not appear to be a gzipped archive; got '${error.message}'`,
      );
    }
    const top = readdirSync(extracted);
    if (top.length !== 1)
      throw new Error('chart archive must hold exactly one top-level directory');
    dir = path.join(extracted, top[0]);
    fromArchive = true;
  }
  const chartYaml = path.join(dir, 'Chart.yaml');
  if (!existsSync(chartYaml)) throw new Error('Chart.yaml file is missing');
  const metadata = YAML.parse(readFileSync(chartYaml, 'utf8')) ?? {};
  if (metadata.apiVersion === undefined) metadata.apiVersion = 'v1';
  if (!metadata.name) throw new Error('validation: chart.metadata.name is required');
  if (metadata.version === undefined || metadata.version === '') {
    throw new Error('validation: chart.metadata.version is required');
  }
  metadata.version = String(metadata.version);
  if (!/^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(metadata.version)) {
    throw new Error(`validation: chart.metadata.version "${metadata.version}" is invalid`);
  }
  const files = listChartFiles(dir, fromArchive);
  return { dir, metadata, files };
}

function listChartFiles(dir, fromArchive) {
  const rules = fromArchive ? [] : helmIgnoreRules(dir);
  const files = [];
  const walk = (relative) => {
    const entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const isDir = entry.isDirectory();
      if (ignored(rules, rel, isDir)) continue;
      if (isDir) walk(rel);
      else if (rel !== 'Chart.yaml') files.push(rel);
    }
  };
  walk('');
  return files;
}

function helmIgnoreRules(dir) {
  const file = path.join(dir, '.helmignore');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split(/\r?\n/) : [];
  // Helm always drops hidden files under templates/.
  const rules = [
    { negate: false, dirOnly: false, regex: globToRegex('templates/.?*'), hasSlash: true },
  ];
  for (const raw of lines) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ negate, dirOnly, regex: globToRegex(line), hasSlash: line.includes('/') });
  }
  return rules;
}

function globToRegex(glob) {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function ignored(rules, rel, isDir) {
  let result = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    const subject = rule.hasSlash ? rel : path.posix.basename(rel);
    if (rule.regex.test(subject)) result = !rule.negate;
  }
  return result;
}

function savePackage(chart, work, input) {
  const name = String(chart.metadata.name);
  const staging = path.join(work, 'package');
  const root = path.join(staging, name);
  mkdirSync(root, { recursive: true });
  for (const rel of chart.files) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    cpSync(path.join(chart.dir, rel), path.join(root, rel));
  }
  // Like helm's chartutil.Save, Chart.yaml is written from the loaded metadata, not copied.
  writeFileSync(path.join(root, 'Chart.yaml'), YAML.stringify(chart.metadata));
  const out = path.join(work, `${name}-${chart.metadata.version}.tgz`);
  const entries = ['Chart.yaml', ...chart.files].map((rel) => `${name}/${rel}`);
  const previous = statSync(input).isFile() ? readFileSync(input) : undefined;
  // Entry times make every package unique, like `helm package`; never hand back the input bytes.
  for (let offsetSeconds = 0; ; offsetSeconds++) {
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 + offsetSeconds * 1000);
    tar.c({ file: out, cwd: staging, gzip: true, sync: true, portable: true, mtime }, entries);
    if (previous === undefined || !readFileSync(out).equals(previous)) return out;
  }
}

function usageText() {
  const lines = ['Usage:', `  ${COMMAND} [flags]`, '', 'Flags:'];
  const rows = FLAGS.filter((f) => !f.hidden).map((f) => {
    const short = f.short ? `-${f.short}, ` : '    ';
    const type = f.type === 'bool' ? '' : ` ${f.type}`;
    return [`  ${short}--${f.name}${type}`, f.usage];
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  for (const [left, usage] of rows) lines.push(`${left.padEnd(width)}${usage}`);
  return lines.join('\n');
}

function helpText() {
  return `Helm plugin to push chart package to ChartMuseum

Examples:

  $ ${COMMAND} mychart-0.1.0.tgz chartmuseum       # push .tgz from "helm package"
  $ ${COMMAND} . chartmuseum                       # package and push chart directory
  $ ${COMMAND} . --version="1.2.3" chartmuseum     # override version in Chart.yaml
  $ ${COMMAND} . https://my.chart.repo.com         # push directly to chart repo URL

${usageText()}`;
}

function sourceBuildSettings() {
  return {
    pluginName: 'cm-push',
    version: '0.0.0-source',
    projectRoot: fileURLToPath(new URL('../../..', import.meta.url)),
  };
}
