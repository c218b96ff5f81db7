// Small chart fixtures for tests and benchmarks.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';

export interface ChartSpec {
  name: string;
  version: string;
  appVersion?: string;
}

export async function writeChartDir(dir: string, spec: ChartSpec): Promise<void> {
  await mkdir(path.join(dir, 'templates'), { recursive: true });
  const lines = ['apiVersion: v2', `name: ${spec.name}`, `version: ${spec.version}`];
  if (spec.appVersion !== undefined) lines.push(`appVersion: "${spec.appVersion}"`);
  await writeFile(path.join(dir, 'Chart.yaml'), `${lines.join('\n')}\n`);
  await writeFile(path.join(dir, 'values.yaml'), 'replicas: 1\n');
  await writeFile(
    path.join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  );
}

export async function makeChartTgz(spec: ChartSpec): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chart-'));
  try {
    await writeChartDir(path.join(dir, spec.name), spec);
    const file = path.join(dir, 'chart.tgz');
    await tar.c({ gzip: true, cwd: dir, file, portable: true }, [spec.name]);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
