// The index files the reader is compared with real Helm on: the fixtures (real generator output
// and hand-written corners), Helm's own testdata, ChartMuseum- and Harbor-style indexes, large
// generated indexes, and crafted shapes for every point where the reader and Helm parted ways.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WantedVersion } from '../../src/index/lookup.js';
import { CRAFTED } from './oracle-crafted.js';

export interface CorpusFile {
  name: string;
  bytes: Buffer;
  /** Versions to look up besides those Helm lists (ones Helm drops or that are absent). */
  ask: WantedVersion[];
}

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/index');

function fixtureFiles(folder: string): CorpusFile[] {
  const dir = path.join(FIXTURES, folder);
  return readdirSync(dir)
    .filter((name) => /\.(?:ya?ml|json)$/.test(name))
    .map((name) => ({
      name: path.join(folder, name),
      bytes: readFileSync(path.join(dir, name)),
      ask: [{ chart: 'absent', version: '1.0.0' }],
    }));
}

/** A Helm-written index of many charts (`helm repo index` layout), for batching lookups. */
function generatedIndex(charts: number, versions: number, style: 'helm' | 'harbor'): string {
  const lines = ['apiVersion: v1', 'entries:'];
  for (let c = 0; c < charts; c++) {
    lines.push(`  chart-${c}:`);
    for (let v = versions - 1; v >= 0; v--) {
      const version = `${c % 3}.${v}.${c % 7}`;
      const digest = `f${c.toString(16).padStart(8, '0')}${v.toString(16).padStart(55, '0')}`;
      lines.push(
        '  - apiVersion: v2',
        `    appVersion: ${c % 2 === 0 ? `"${v}.0"` : `v${v}.0-alpine`}`,
        `    created: "2024-0${(v % 9) + 1}-1${c % 10}T08:00:00.${c}${v}Z"`,
        `    description: Chart ${c}, version ${v} does "things"`,
        `    digest: ${digest}`,
      );
      // Harbor's chart controller writes absolute URLs under its project path; Helm relative ones.
      const url =
        style === 'harbor'
          ? `https://harbor.example.com/chartrepo/library/charts/chart-${c}-${version}.tgz`
          : `chart-${c}-${version}.tgz`;
      lines.push(`    name: chart-${c}`, '    urls:', `    - ${url}`, `    version: ${version}`);
    }
  }
  lines.push(`generated: "2024-06-01T00:00:00.123456789Z"`);
  return `${lines.join('\n')}\n`;
}

export function corpus(): CorpusFile[] {
  const files = [...fixtureFiles('.'), ...fixtureFiles('helm-testdata')];
  files.push(
    { name: 'generated-helm', bytes: Buffer.from(generatedIndex(300, 6, 'helm')), ask: [] },
    { name: 'generated-harbor', bytes: Buffer.from(generatedIndex(120, 4, 'harbor')), ask: [] },
  );
  for (const crafted of CRAFTED) {
    files.push({
      name: `crafted: ${crafted.name}`,
      bytes: Buffer.from(crafted.text),
      ask: crafted.ask ?? [],
    });
  }
  return files;
}
