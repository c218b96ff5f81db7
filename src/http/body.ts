import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

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

/** Reads an answer's whole body. */
export async function readBytes(response: HttpResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a response body as text, bounded so that an unexpected huge page cannot exhaust memory. */
export async function readText(response: HttpResponse, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buf = chunk as Buffer;
    if (size < limit) chunks.push(buf.subarray(0, limit - size));
    size += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8');
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
