import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { PublishError } from '../errors.js';
import { type HttpClient } from './client.js';
import { discardBody, READ_LIMITS, readBytes, readText } from './body.js';

export class NotFoundError extends PublishError {
  /** `finalUrl`: where redirects from `url` led, when they did. */
  constructor(
    readonly url: string,
    finalUrl = url,
  ) {
    super(`not found (404): ${url}${redirectedTo(url, finalUrl)}`);
    this.name = 'NotFoundError';
  }
}

/** " (redirected to …)" when the answer came from another URL than the one asked for. */
function redirectedTo(url: string, finalUrl: string): string {
  return finalUrl === url ? '' : ` (redirected to ${finalUrl})`;
}

/**
 * Streams a URL to a file while hashing it (the bytes of the final answer, after any
 * redirects); nothing is left behind on failure.
 */
export async function downloadToFile(
  http: HttpClient,
  url: string,
  dest: string,
): Promise<{ sha256: string; size: number }> {
  const response = await http.request(url);
  if (response.statusCode === 404) {
    await discardBody(response);
    throw new NotFoundError(url, response.url);
  }
  if (response.statusCode !== 200) {
    const body = await readText(response, 4096);
    throw new PublishError(
      `GET ${url}${redirectedTo(url, response.url)} answered HTTP ${response.statusCode}: ${body.split('\n')[0] ?? ''}`,
    );
  }
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(response.body, tap, createWriteStream(dest, { mode: 0o600 }));
  } catch (error) {
    await rm(dest, { force: true });
    throw new PublishError(
      `download of ${url}${redirectedTo(url, response.url)} broke off: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return { sha256: hash.digest('hex'), size };
}

/** GETs a small text file (a checksum file: capped at READ_LIMITS.checksumFile); undefined on 404. */
export async function fetchText(http: HttpClient, url: string): Promise<string | undefined> {
  const response = await http.request(url);
  if (response.statusCode === 404) {
    await discardBody(response);
    return undefined;
  }
  if (response.statusCode === 200) {
    return (await readBytes(response, READ_LIMITS.checksumFile, url)).toString('utf8');
  }
  const text = await readText(response);
  throw new PublishError(
    `GET ${url}${redirectedTo(url, response.url)} answered HTTP ${response.statusCode}: ${text.split('\n')[0] ?? ''}`,
  );
}
