// Small chart fixtures for tests and benchmarks.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';

export interface ChartSpec {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  /** Chart.yaml `apiVersion` (default v2). */
  apiVersion?: string;
  /** More files, by path inside the chart directory (e.g. `templates/svc.yaml`). */
  extraFiles?: Record<string, string | Buffer>;
}

/** Writes an unpacked chart into `dir` (the chart directory itself, created if missing). */
export async function writeChartDir(dir: string, spec: ChartSpec): Promise<void> {
  await mkdir(path.join(dir, 'templates'), { recursive: true });
  const lines = [
    `apiVersion: ${spec.apiVersion ?? 'v2'}`,
    `name: ${spec.name}`,
    `version: ${spec.version}`,
  ];
  if (spec.appVersion !== undefined) lines.push(`appVersion: ${JSON.stringify(spec.appVersion)}`);
  if (spec.description !== undefined)
    lines.push(`description: ${JSON.stringify(spec.description)}`);
  await writeFile(path.join(dir, 'Chart.yaml'), `${lines.join('\n')}\n`);
  await writeFile(path.join(dir, 'values.yaml'), 'replicas: 1\n');
  await writeFile(
    path.join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  );
  for (const [file, content] of Object.entries(spec.extraFiles ?? {})) {
    const target = path.join(dir, file);
    if (path.relative(dir, target).startsWith('..'))
      throw new Error(`${file} is outside the chart`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/**
 * A packaged chart (`<name>/Chart.yaml`, `values.yaml`, `templates/cm.yaml`, extra files) as a
 * gzipped tar. The same spec gives the same bytes: times, owners and order are fixed.
 */
export async function makeChartTgz(spec: ChartSpec): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chart-'));
  try {
    await writeChartDir(path.join(dir, spec.name), spec);
    const file = path.join(dir, 'chart.tgz');
    // Files only, sorted, like `helm package`: no directory entries, no readdir order.
    const files = (
      await readdir(path.join(dir, spec.name), { recursive: true, withFileTypes: true })
    )
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(dir, path.join(entry.parentPath, entry.name)).replaceAll('\\', '/'),
      )
      .sort();
    await tar.c({ gzip: true, cwd: dir, file, portable: true, mtime: new Date(0) }, files);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
