// The job summary: server text is shown, never rendered (no links, images or HTML from a
// server); one entry per distinct failure with what to do; OCI manifest digests.
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/report/escape.js';
import { chartsOutput, markdownSummary, textTable } from '../../src/report/results.js';
import type { ChartResult } from '../../src/types/result.js';

const base: ChartResult = {
  chart: 'hello',
  version: '1.0.0',
  appVersion: '',
  namespace: 'team-a',
  repo: 'https://repo.test/chartrepo/team-a',
  digest: `sha256:${'a'.repeat(64)}`,
  status: 'pushed',
  verified: true,
  fetched: false,
  seconds: 1.5,
  chartYaml: '/c/hello/Chart.yaml',
};

const HOSTILE =
  'POST answered HTTP 500: ![x](http://evil/p.png) <img src=x onerror=alert(1)> [link](https://evil/) `code` a|b www.evil.example mail@evil.example &amp; <script>x</script>';

/** Undoes backslash escapes: what a CommonMark renderer shows for escaped text. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('escaping server text in the job summary', () => {
  const summary = markdownSummary(
    [{ ...base, status: 'failed', verified: false, error: HOSTILE }],
    'v3.18.0',
  );

  it('leaves no unescaped Markdown or HTML syntax', () => {
    const escaped = escapeMarkdown(HOSTILE);
    // Every punctuation character comes as a backslash escape.
    expect(escaped.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[!-/:-@[-`{-~]/);
    // What is left of the failure list once escapes are dropped: no syntax at all.
    const items = summary.split('**Failures**')[1] ?? '';
    const unescaped = items.replace(/\\[!-/:-@[-`{-~]/g, '');
    for (const bad of ['![x](', '<img', '[link](', '`code`', 'a|b', 'http://', 'www.', '@evil']) {
      expect(unescaped).not.toContain(bad);
    }
  });

  it('still shows the same text', () => {
    expect(shown(escapeMarkdown(HOSTILE))).toBe(HOSTILE);
    expect(summary).toContain(escapeMarkdown(HOSTILE));
  });

  it('keeps a multi-line message in one list item', () => {
    expect(escapeMarkdown('a\n# heading\r\n- item')).toBe('a \\# heading \\- item');
  });
});

describe('the job summary', () => {
  it('lists each distinct failure once, with the charts it hit and what to do', () => {
    const error =
      'GET https://repo.test/chartrepo/team-a/index.yaml answered 401: check `username`/`password`';
    const results: ChartResult[] = ['a', 'b', 'c'].map((chart) => ({
      ...base,
      chart,
      status: 'failed',
      error,
    }));
    const summary = markdownSummary(results, 'v3.18.0');
    const items = summary.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(1);
    expect(shown(items[0] ?? '')).toBe(`- **a 1.0.0, b 1.0.0, c 1.0.0 → team-a**: ${error}`);
    expect(shown(summary)).toContain(
      '  What to do: check `username` and `password` (or `access-token`) for this repository',
    );
    expect(shown(summary)).toContain('0 pushed, 3 failed.');
  });

  it('counts not-attempted jobs apart', () => {
    const summary = markdownSummary(
      [
        { ...base, status: 'failed', error: 'x' },
        { ...base, chart: 'b', status: 'not-attempted', error: 'not attempted: y' },
      ],
      'v3.18.0',
    );
    expect(shown(summary)).toContain('0 pushed, 1 failed, 1 not attempted.');
    expect(shown(summary)).toContain('What to do: fix the failure it names');
  });

  it('shows the OCI manifest digest in full, and in the table and outputs', () => {
    const manifest = `sha256:${'b'.repeat(64)}`;
    const oci = { ...base, repo: 'oci://reg.test/team-a', manifestDigest: manifest };
    const summary = markdownSummary([oci], 'v3.18.0');
    expect(summary).toContain('| chart | version | namespace | status | digest | manifest |');
    expect(summary).toContain(`| \`${manifest}\` |`);
    expect(textTable([oci])).toMatch(/manifest/);
    expect(textTable([oci])).toContain('b'.repeat(12));
    expect(chartsOutput([oci])[0]?.manifestDigest).toBe(manifest);
    expect(markdownSummary([base], 'v3.18.0')).not.toContain('manifest');
  });
});
