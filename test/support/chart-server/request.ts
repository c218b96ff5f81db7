// Reading a request the way ChartMuseum does: Basic credentials, the body, the multipart upload
// (pkg/chartmuseum/server/multitenant/api.go) and `?force`.
import type { IncomingMessage } from 'node:http';

export function basicUser(
  header: string | undefined,
): { user: string; password: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Resolves once some of the body arrived (or none will). */
export function firstBodyChunk(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.once('data', () => resolve());
    req.once('end', resolve);
    req.once('error', () => resolve());
  });
}

export function isForced(url: URL): boolean {
  if (!url.searchParams.has('force')) return false;
  return !['false', '0'].includes(url.searchParams.get('force') ?? '');
}

/** The chart bytes and optional provenance from a multipart (or raw .tgz) upload. */
export async function uploadedFiles(
  req: IncomingMessage,
  body: Buffer,
): Promise<{ chart: Buffer; prov?: Buffer } | { error: string }> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    // ChartMuseum also takes the .tgz as the raw body (`curl --data-binary @x.tgz`).
    return body.length > 0 ? { chart: body } : { error: 'no chart in the request' };
  }
  let form: FormData;
  try {
    const request = new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    form = await request.formData();
  } catch {
    return { error: 'malformed multipart/form-data' };
  }
  const chart = form.get('chart');
  if (!(chart instanceof Blob)) return { error: 'no file in form field "chart"' };
  const prov = form.get('prov');
  return {
    chart: Buffer.from(await chart.arrayBuffer()),
    ...(prov instanceof Blob && { prov: Buffer.from(await prov.arrayBuffer()) }),
  };
}

/** Thrown by a pending sleep when the server closes, so the request is dropped quietly. */
export class ClosedError extends Error {}

/** A sleep that ends early (with ClosedError) when `signal` aborts. */
export function abortableSleep(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new ClosedError());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ClosedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
