// The release workflow publishes what was tested, with provenance, and moves the major tag.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test/support/fixtures.js';

interface Workflow {
  on: { push: { tags: string[] } };
  jobs: Record<string, { permissions: Record<string, string>; steps: Array<{ run?: string }> }>;
}

describe('.github/workflows/release.yml', () => {
  it('runs on v* tags, tests, publishes with provenance, then moves the major tag', async () => {
    const text = await readFile(
      path.join(REPO_ROOT, '.github', 'workflows', 'release.yml'),
      'utf8',
    );
    const workflow = YAML.parse(text) as Workflow;
    expect(workflow.on.push.tags).toEqual(['v*']);
    const job = workflow.jobs.release;
    expect(job?.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    const runs = (job?.steps ?? []).map((s) => s.run ?? '');
    const at = (pattern: RegExp): number => runs.findIndex((r) => pattern.test(r));
    expect(at(/^npm ci$/)).toBeGreaterThan(-1);
    expect(at(/^npm test$/)).toBeGreaterThan(at(/^npm ci$/));
    expect(at(/git diff --exit-code --stat -- dist/)).toBeGreaterThan(at(/^npm test$/));
    expect(at(/npm publish --provenance --access public/)).toBeGreaterThan(
      at(/git diff --exit-code --stat -- dist/),
    );
    expect(at(/git push -f origin "refs\/tags\/\$major"/)).toBeGreaterThan(
      at(/npm publish --provenance/),
    );
  });
});
