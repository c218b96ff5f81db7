import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { PublishError } from '../errors.js';

/** An answer whose body the caller must read (readText, readBytes) or discard (discardBody). */
export interface HttpResponse {
  statusCode: number;
  /** The URL that answered: the one asked for, or where its redirects led. */
  url: string;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

/** Past this much, a body to discard is cut off with its connection rather than read. */
const DISCARD_LIMIT_BYTES = 256 * 1024;

/**
 * Drops an answer's body: reads it to its end, so that its connection can serve the next
 * request, or, when it is larger than DISCARD_LIMIT_BYTES, closes the connection instead.
 */
export async function discardBody(response: HttpResponse): Promise<void> {
  const body = response.body;
  if (body.readableEnded || body.destroyed) return;
  await new Promise<void>((resolve) => {
    let size = 0;
    body
      .on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > DISCARD_LIMIT_BYTES) body.destroy();
      })
      .once('end', resolve)
      .once('close', resolve)
      .once('error', () => resolve());
  });
}

/**
 * What is read of an answer is capped, so that a hostile or broken server cannot exhaust memory
 * with an endless body. Past its cap a body is cut off with its connection.
 */
export const READ_LIMITS = {
  /** An error page or answer quoted in a message: only its start is read. */
  errorBody: 64 * 1024,
  /** A checksum file (one line per archive). */
  checksumFile: 64 * 1024,
  /** A registry token answer (a JWT is a few kilobytes). */
  tokenAnswer: 64 * 1024,
  /** An OCI manifest (the distribution spec's own limit is 4 MiB). */
  manifest: 4 * 1024 * 1024,
  /** One line of index.yaml (a line holds one field of one chart version). */
  indexLine: 8 * 1024 * 1024,
  /** A whole index.yaml (a 66 MB index of 20,000 versions reads fine). */
  index: 256 * 1024 * 1024,
  /** A chart archive read back from a repository's storage (ChartMuseum takes 20 MiB). */
  chartArchive: 64 * 1024 * 1024,
} as const;

/** An answer larger than helm-publish reads of it. */
export class ReadLimitError extends PublishError {
  constructor(what: string, limit: number, hint = 'helm-publish reads no more of it') {
    super(`${what} is larger than ${formatBytes(limit)}: ${hint}`);
    this.name = 'ReadLimitError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${String(Math.round(bytes / (1024 * 1024)))} MiB`;
  return `${String(Math.round(bytes / 1024))} KiB`;
}

/** Reads an answer's body, failing with a ReadLimitError naming `what` past `limit` bytes. */
export async function readBytes(
  response: HttpResponse,
  limit: number,
  what = `the answer from ${response.url}`,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      response.body.destroy();
      throw new ReadLimitError(what, limit);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads the start of a body as text (for messages): at most `limit` bytes, then the rest is
 * dropped with its connection, so an endless page cannot hold the run.
 */
export async function readText(
  response: HttpResponse,
  limit: number = READ_LIMITS.errorBody,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buf = chunk as Buffer;
    chunks.push(buf.subarray(0, limit - size));
    size += buf.length;
    if (size >= limit) {
      response.body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A body passed on chunk by chunk, failing past `maxBytes` in all or `maxLineBytes` without a
 * line break (an endless line would otherwise be held whole by a line reader).
 */
export async function* cappedLines(
  response: HttpResponse,
  limits: { maxBytes: number; maxLineBytes: number },
  what: string,
): AsyncGenerator<Buffer> {
  let total = 0;
  let line = 0;
  for await (const chunk of response.body) {
    const buf = chunk as Buffer;
    total += buf.length;
    const firstBreak = buf.indexOf(0x0a);
    // The line the chunk continues; lines within one chunk are shorter than the chunk.
    const longest = line + (firstBreak < 0 ? buf.length : firstBreak);
    line = firstBreak < 0 ? longest : buf.length - buf.lastIndexOf(0x0a) - 1;
    if (total > limits.maxBytes || longest > limits.maxLineBytes) {
      response.body.destroy();
      throw total > limits.maxBytes
        ? new ReadLimitError(what, limits.maxBytes)
        : new ReadLimitError(`a line of ${what}`, limits.maxLineBytes);
    }
    yield buf;
  }
}

/** The `error` field of a ChartMuseum/registry JSON error body, else the body's first line. */
export function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      if (typeof record.error === 'string') return record.error;
      if (typeof record.message === 'string') return record.message;
      const errors = record.errors;
      if (Array.isArray(errors) && errors.length > 0) {
        const first = errors[0] as Record<string, unknown>;
        if (typeof first.message === 'string') return first.message;
      }
    }
  } catch {
    // not JSON
  }
  const line = body.trim().split('\n')[0] ?? '';
  return /^<(!doctype|html)/i.test(line) ? 'an HTML page' : line.slice(0, 200);
}
