// Spies on the full parse, to tell which path answered. Import this before anything that imports
// src/index/full-parse.js, so that the spied module is the one they load.
import { beforeEach, vi } from 'vitest';
import { lookupInText } from '../../src/index/full-parse.js';

vi.mock('../../src/index/full-parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/index/full-parse.js')>();
  return { ...actual, lookupInText: vi.fn(actual.lookupInText) };
});

export const fullParse = vi.mocked(lookupInText);
beforeEach(() => {
  fullParse.mockClear();
});
