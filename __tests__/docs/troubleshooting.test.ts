// The README's troubleshooting entries quote the errors users search for: each quote must still
// be what the code prints, so that searching the log for it finds the entry.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/fixtures.js';

async function sourceText(): Promise<string> {
  const dir = path.join(REPO_ROOT, 'src');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return texts.join('\n');
}

/** The quoted error of each `#### \`…\`` heading between the troubleshooting markers. */
async function quotedErrors(): Promise<string[]> {
  const text = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = text.slice(
    text.indexOf('<!-- troubleshooting:start -->'),
    text.indexOf('<!-- troubleshooting:end -->'),
  );
  return [...block.matchAll(/^#### `([^`]+)`$/gm)].map((m) => m[1] ?? '');
}

describe('README troubleshooting', () => {
  it('has ten entries, each quoting text the code prints ("…" for names and URLs)', async () => {
    const source = await sourceText();
    const quotes = await quotedErrors();
    expect(quotes).toHaveLength(10);
    for (const quote of quotes) {
      for (const piece of quote.split('…').map((p) => p.trim())) {
        expect(source, quote).toContain(piece);
      }
    }
  });
});
