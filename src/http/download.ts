import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { PublishError } from '../errors.js';
import { type HttpClient } from './client.js';
import { discardBody, READ_LIMITS, readBytes, readText, type HttpResponse } from './body.js';

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

/** The most a tool archive may weigh: Helm's are about 20 MB, so this is only a guard. */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

export interface DownloadOptions {
  /** Stops the download with an error past this many bytes (default MAX_ARCHIVE_BYTES). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** " (redirected to …)" when the answer came from another URL than the one asked for. */
function redirectedTo(url: string, finalUrl: string): string {
  return finalUrl === url ? '' : ` (redirected to ${finalUrl})`;
}

/** The MiB figure of a byte limit, for error messages. */
function mib(bytes: number): string {
  return `${String(Math.round(bytes / (1024 * 1024)))} MiB`;
}

async function openDownload(
  http: HttpClient,
  url: string,
  maxBytes: number,
): Promise<HttpResponse> {
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
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    response.body.destroy();
    throw new PublishError(
      `${url} is ${String(declared)} bytes, more than the ${mib(maxBytes)} an archive may have; check the mirror`,
    );
  }
  return response;
}

/**
 * Streams a URL through `sink` while hashing it (the bytes of the final answer, after any
 * redirects) and stopping past `maxBytes`. The sink sees every byte once, as it arrives.
 */
export async function downloadStream(
  http: HttpClient,
  url: string,
  sink: (source: AsyncIterable<Buffer>) => Promise<void>,
  options: DownloadOptions = {},
): Promise<{ sha256: string; size: number }> {
  const maxBytes = options.maxBytes ?? MAX_ARCHIVE_BYTES;
  const response = await openDownload(http, url, maxBytes);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(
          new PublishError(
            `${url} is larger than the ${mib(maxBytes)} an archive may have; check the mirror`,
          ),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(response.body, tap, sink, { signal: options.signal });
  } catch (error) {
    if (error instanceof PublishError) throw error;
    if (options.signal?.aborted === true) throw options.signal.reason;
    throw new PublishError(
      `download of ${url}${redirectedTo(url, response.url)} broke off: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { sha256: hash.digest('hex'), size };
}

/** Streams a URL to a file while hashing it; nothing is left behind on failure. */
export async function downloadToFile(
  http: HttpClient,
  url: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<{ sha256: string; size: number }> {
  try {
    return await downloadStream(
      http,
      url,
      (source) => pipeline(source, createWriteStream(dest, { mode: 0o600 })),
      options,
    );
  } catch (error) {
    await rm(dest, { force: true });
    throw error;
  }
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
