// Digests as the repository and Helm see them: SHA-256 over the file's bytes, lower-case hex.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256, sha256File, shortDigest } from '../../src/util/hash.js';
import { scratchDir } from '../../test/support/scratch.js';

describe('sha256File', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await scratchDir('hash-test-');
  });

  it('hashes the bytes of the file (FIPS 180-2 test vectors)', async () => {
    const abc = path.join(dir, 'abc');
    await writeFile(abc, 'abc');
    expect(await sha256File(abc)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const empty = path.join(dir, 'empty');
    await writeFile(empty, '');
    expect(await sha256File(empty)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('agrees with sha256 of the same bytes for a file larger than one read', async () => {
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    const file = path.join(dir, 'large.tgz');
    await writeFile(file, bytes);
    expect(await sha256File(file)).toBe(sha256(bytes));
    expect(await sha256File(file)).not.toBe(sha256(bytes.subarray(1)));
  });

  it('rejects a missing file', async () => {
    await expect(sha256File(path.join(dir, 'missing.tgz'))).rejects.toThrow(/ENOENT/);
  });
});

describe('shortDigest', () => {
  it('keeps twelve hex digits, with or without the sha256: prefix', () => {
    expect(shortDigest('sha256:0123456789abcdef')).toBe('0123456789ab');
    expect(shortDigest('0123456789abcdef')).toBe('0123456789ab');
  });
});
