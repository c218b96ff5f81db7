import { describe, expect, it } from 'vitest';
import { digestOfApiAnswer } from '../../src/repo/stored.js';

const HEX = 'ab'.repeat(32);

describe('digestOfApiAnswer', () => {
  it.each<[string, string, string | undefined]>([
    ['a ChartMuseum entry', JSON.stringify({ name: 'x', version: '1.0.0', digest: HEX }), HEX],
    ['Harbor ChartVersionDetails', JSON.stringify({ metadata: { digest: HEX }, labels: [] }), HEX],
    [
      'a sha256: prefix, upper case',
      JSON.stringify({ digest: `sha256:${HEX.toUpperCase()}` }),
      HEX,
    ],
    ['an error body', JSON.stringify({ error: 'chart not found' }), undefined],
    ['a short digest', JSON.stringify({ digest: 'abc' }), undefined],
    ['an HTML page', '<!doctype html><html></html>', undefined],
    ['an array', JSON.stringify([{ digest: HEX }]), undefined],
  ])('%s', (_name, body, digest) => {
    expect(digestOfApiAnswer(body)).toBe(digest);
  });
});
