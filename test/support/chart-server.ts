// A ChartMuseum/Harbor/TCR-compatible chart repository for tests, the demo and benchmarks (no
// ChartMuseum binary can be had here). It follows the ChartMuseum API: index.yaml with sha256
// digests and relative or absolute URLs, multipart upload (`chart`, optional `prov`), 201/409,
// `?force`, Basic auth, context paths, Harbor's `/chartrepo/<ns>` + `/api/chartrepo/<ns>`
// layout and multi-tenant paths, plus switchable faults and latency.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import YAML from 'yaml';

export type Layout = 'harbor' | 'chartmuseum' | 'multitenant';

export interface ChartServerOptions {
  layout?: Layout;
  /** ChartMuseum context path (layout chartmuseum), like "/ctx". */
  contextPath?: string;
  /** Basic-auth users; when set every route needs auth. */
  users?: Record<string, string>;
  /** 'reject' = ChartMuseum (409 unless ?force), 'silent' = Harbor/TCR (always replace). */
  overwrite?: 'reject' | 'silent';
  urls?: 'relative' | 'absolute';
  /** Namespaces that exist from the start (others appear on first upload for chartmuseum/multitenant). */
  namespaces?: string[];
  /** A pushed version shows in index.yaml only after this delay. */
  indexDelayMs?: number;
  /** Added to every request. */
  latencyMs?: number;
}

export interface Fault {
  route: 'index' | 'upload' | 'download' | 'any';
  /** Only for this namespace (default: all). */
  namespace?: string;
  /** How many requests it applies to (default 1). */
  times?: number;
  status?: number;
  retryAfter?: string;
  /** Destroy the socket; with `afterStore` the chart is stored first (answer lost). */
  reset?: boolean;
  afterStore?: boolean;
  delayMs?: number;
  html?: boolean;
  invalidIndex?: boolean;
  truncatedIndex?: boolean;
}

export interface StoredChart {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  apiVersion?: string;
  digest: string;
  size: number;
  bytes: Buffer;
  prov?: Buffer;
  created: string;
  visibleAt: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  user?: string;
}

export interface ChartServer {
  url: string;
  repoUrl(namespace?: string): string;
  requests: RecordedRequest[];
  charts(
    namespace?: string,
  ): Array<{ name: string; version: string; digest: string; size: number; prov: boolean }>;
  addFault(fault: Fault): void;
  clearFaults(): void;
  /** How often each fault fired, in the order added. */
  faultHits(): number[];
  seed(namespace: string, chart: Buffer): Promise<void>;
  /** A large synthetic index (no tarballs behind it) for performance tests. */
  seedSyntheticIndex(namespace: string, size: { charts: number; versionsPerChart: number }): void;
  indexSize(namespace: string): number;
  close(): Promise<void>;
}

interface Tenant {
  charts: Map<string, StoredChart>;
  synthetic?: Buffer;
  cache?: { at: number; bytes: Buffer };
}

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n';

/** Reads name/version/… from `<chart>/Chart.yaml` inside a .tgz. */
export async function readChartMeta(bytes: Buffer): Promise<Record<string, string>> {
  let text: string | undefined;
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      const parts = entry.path.split('/');
      if (text === undefined && parts.length === 2 && parts[1] === 'Chart.yaml') {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
      } else entry.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(bytes);
  });
  if (text === undefined) throw new Error('no Chart.yaml in the archive');
  const meta = YAML.parse(text, { schema: 'failsafe' }) as Record<string, unknown> | null;
  if (meta === null || typeof meta.name !== 'string' || typeof meta.version !== 'string') {
    throw new Error('Chart.yaml has no name or version');
  }
  const out: Record<string, string> = {};
  for (const key of ['name', 'version', 'appVersion', 'description', 'apiVersion']) {
    if (typeof meta[key] === 'string') out[key] = meta[key];
  }
  return out;
}

export async function startChartServer(options: ChartServerOptions = {}): Promise<ChartServer> {
  const layout = options.layout ?? 'harbor';
  const contextPath = (options.contextPath ?? '').replace(/\/+$/, '');
  const overwrite = options.overwrite ?? 'reject';
  const tenants = new Map<string, Tenant>();
  for (const ns of options.namespaces ?? []) tenants.set(ns, { charts: new Map() });
  const faults: Array<Fault & { hits: number; left: number }> = [];
  const requests: RecordedRequest[] = [];
  let base = '';

  const tenant = (ns: string, create: boolean): Tenant | undefined => {
    let t = tenants.get(ns);
    if (t === undefined && create) {
      t = { charts: new Map() };
      tenants.set(ns, t);
    }
    return t;
  };

  const repoPath = (ns: string): string => {
    if (layout === 'harbor') return `/chartrepo/${ns}`;
    if (layout === 'multitenant') return `/${ns}`;
    return contextPath;
  };

  /** Parses a path into route kind + namespace. */
  const route = (
    method: string,
    pathname: string,
  ): { kind: 'index' | 'upload' | 'download' | 'delete'; ns: string; rest: string } | undefined => {
    let m: RegExpExecArray | null;
    if (layout === 'harbor') {
      if ((m = /^\/chartrepo\/([^/]+)\/index\.yaml$/.exec(pathname)))
        return { kind: 'index', ns: m[1] ?? '', rest: '' };
      if ((m = /^\/chartrepo\/([^/]+)\/charts\/([^/]+)$/.exec(pathname)))
        return { kind: 'download', ns: m[1] ?? '', rest: m[2] ?? '' };
      if ((m = /^\/api\/chartrepo\/([^/]+)\/charts$/.exec(pathname)) && method === 'POST')
        return { kind: 'upload', ns: m[1] ?? '', rest: '' };
      if (
        (m = /^\/api\/chartrepo\/([^/]+)\/charts\/([^/]+\/[^/]+)$/.exec(pathname)) &&
        method === 'DELETE'
      )
        return { kind: 'delete', ns: m[1] ?? '', rest: m[2] ?? '' };
      return undefined;
    }
    if (layout === 'multitenant') {
      if ((m = /^\/api\/(.+)\/charts$/.exec(pathname)) && method === 'POST')
        return { kind: 'upload', ns: m[1] ?? '', rest: '' };
      if ((m = /^\/api\/(.+)\/charts\/([^/]+\/[^/]+)$/.exec(pathname)) && method === 'DELETE')
        return { kind: 'delete', ns: m[1] ?? '', rest: m[2] ?? '' };
      if ((m = /^\/(.+)\/index\.yaml$/.exec(pathname)))
        return { kind: 'index', ns: m[1] ?? '', rest: '' };
      if ((m = /^\/(.+)\/charts\/([^/]+)$/.exec(pathname)))
        return { kind: 'download', ns: m[1] ?? '', rest: m[2] ?? '' };
      return undefined;
    }
    if (pathname === `${contextPath}/index.yaml`) return { kind: 'index', ns: '', rest: '' };
    if (pathname === `${contextPath}/api/charts` && method === 'POST')
      return { kind: 'upload', ns: '', rest: '' };
    if (
      (m = new RegExp(`^${contextPath}/api/charts/([^/]+/[^/]+)$`).exec(pathname)) &&
      method === 'DELETE'
    )
      return { kind: 'delete', ns: '', rest: m[1] ?? '' };
    if ((m = new RegExp(`^${contextPath}/charts/([^/]+)$`).exec(pathname)))
      return { kind: 'download', ns: '', rest: m[1] ?? '' };
    return undefined;
  };

  const renderIndex = (ns: string, t: Tenant): Buffer => {
    const now = Date.now();
    const byName = new Map<string, StoredChart[]>();
    for (const c of t.charts.values()) {
      if (c.visibleAt > now) continue;
      byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
    }
    const entries: Record<string, unknown[]> = {};
    for (const name of [...byName.keys()].sort()) {
      entries[name] = (byName.get(name) ?? [])
        .sort((a, b) => b.created.localeCompare(a.created))
        .map((c) => {
          const file = `charts/${c.name}-${c.version}.tgz`;
          return {
            apiVersion: c.apiVersion ?? 'v2',
            ...(c.appVersion !== undefined && { appVersion: c.appVersion }),
            created: c.created,
            ...(c.description !== undefined && { description: c.description }),
            digest: c.digest,
            name: c.name,
            urls: [options.urls === 'absolute' ? `${base}${repoPath(ns)}/${file}` : file],
            version: c.version,
          };
        });
    }
    const doc = {
      apiVersion: 'v1',
      entries,
      generated: new Date().toISOString(),
      ...(layout === 'chartmuseum' && contextPath !== '' && { serverInfo: { contextPath } }),
    };
    const text = YAML.stringify(doc, { indentSeq: false });
    if (t.synthetic === undefined) return Buffer.from(text);
    // Real uploads are appended to the synthetic entries (their chart names never collide).
    const real =
      Object.keys(entries).length > 0
        ? text.slice(text.indexOf('entries:\n') + 9, text.indexOf('\ngenerated:') + 1)
        : '';
    return Buffer.concat([
      t.synthetic,
      Buffer.from(`${real}generated: "${new Date().toISOString()}"\n`),
    ]);
  };

  const takeFault = (
    kind: string,
    ns: string,
  ): (Fault & { hits: number; left: number }) | undefined => {
    const f = faults.find(
      (x) =>
        x.left > 0 &&
        (x.route === kind || x.route === 'any') &&
        (x.namespace === undefined || x.namespace === ns),
    );
    if (f) {
      f.left--;
      f.hits++;
    }
    return f;
  };

  const store = async (
    ns: string,
    bytes: Buffer,
    prov: Buffer | undefined,
  ): Promise<StoredChart> => {
    const meta = await readChartMeta(bytes);
    const chart: StoredChart = {
      name: meta.name ?? '',
      version: meta.version ?? '',
      digest: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      bytes,
      created: new Date().toISOString(),
      visibleAt: Date.now() + (options.indexDelayMs ?? 0),
      ...(meta.appVersion !== undefined && { appVersion: meta.appVersion }),
      ...(meta.description !== undefined && { description: meta.description }),
      ...(meta.apiVersion !== undefined && { apiVersion: meta.apiVersion }),
      ...(prov !== undefined && { prov }),
    };
    tenant(ns, true)?.charts.set(`${chart.name}-${chart.version}`, chart);
    return chart;
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        status: 0,
      };
      requests.push(record);
      const send = (status: number, body: string | Buffer, type = 'application/json'): void => {
        record.status = status;
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const body = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
      });

      if (options.users !== undefined) {
        const auth = req.headers.authorization ?? '';
        const decoded = auth.startsWith('Basic ')
          ? Buffer.from(auth.slice(6), 'base64').toString('utf8')
          : '';
        const at = decoded.indexOf(':');
        const user = decoded.slice(0, at);
        if (at < 0 || options.users[user] !== decoded.slice(at + 1)) {
          res.setHeader('www-authenticate', 'Basic realm="chart repository"');
          send(401, '{"error":"unauthorized"}');
          return;
        }
        record.user = user;
      }
      const r = route(record.method, url.pathname);
      if (r === undefined) {
        send(404, '{"error":"not found"}');
        return;
      }
      const fault = takeFault(r.kind, r.ns);
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.reset && !fault.afterStore) {
        req.socket.destroy();
        return;
      }
      if (fault?.status !== undefined) {
        if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
        send(fault.status, JSON.stringify({ error: `injected ${fault.status}` }));
        return;
      }
      if (fault?.html) {
        send(200, HTML_PAGE, 'text/html; charset=utf-8');
        return;
      }
      // With a fixed `namespaces` list only those exist (like Harbor projects); otherwise a
      // namespace appears on first use.
      const known = options.namespaces !== undefined ? tenants.get(r.ns) : tenant(r.ns, true);
      if (known === undefined && !(layout === 'multitenant' && r.kind === 'index')) {
        send(404, '{"error":"no such namespace"}');
        return;
      }
      const t = known ?? { charts: new Map<string, StoredChart>() };

      if (r.kind === 'index') {
        if (fault?.invalidIndex) {
          send(200, 'apiVersion: v1\nentries: [unclosed\n  - : :\n', 'application/x-yaml');
          return;
        }
        const bytes = renderIndex(r.ns, t);
        if (fault?.truncatedIndex) {
          send(200, bytes.subarray(0, Math.floor(bytes.length / 2)), 'application/x-yaml');
          return;
        }
        record.status = 200;
        res.writeHead(200, {
          'content-type': 'application/x-yaml',
          'content-length': bytes.length,
        });
        Readable.from(chunked(bytes)).pipe(res);
        return;
      }
      if (r.kind === 'download') {
        const file = decodeURIComponent(r.rest);
        const prov = file.endsWith('.prov');
        const chart = t.charts.get(file.replace(/\.tgz(\.prov)?$/, ''));
        const data = prov ? chart?.prov : chart?.bytes;
        if (data === undefined) send(404, '{"error":"not found"}');
        else send(200, data, 'application/gzip');
        return;
      }
      if (r.kind === 'delete') {
        const [name, version] = r.rest.split('/');
        const deleted = t.charts.delete(`${name ?? ''}-${version ?? ''}`);
        send(deleted ? 200 : 404, deleted ? '{"deleted":true}' : '{"error":"not found"}');
        return;
      }
      // Upload.
      let form: FormData;
      try {
        // The WHATWG multipart parser is exactly what a test server needs: strict and complete.
        const request = new Request(`${base}/upload`, {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          body: body,
        });
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        form = await request.formData();
      } catch {
        send(400, '{"error":"expected multipart/form-data"}');
        return;
      }
      const chartFile = form.get('chart');
      if (!(chartFile instanceof Blob)) {
        send(400, '{"error":"no chart field"}');
        return;
      }
      const provFile = form.get('prov');
      const bytes = Buffer.from(await chartFile.arrayBuffer());
      let meta: Record<string, string>;
      try {
        meta = await readChartMeta(bytes);
      } catch (error) {
        send(400, JSON.stringify({ error: `invalid chart: ${(error as Error).message}` }));
        return;
      }
      const force =
        url.searchParams.has('force') &&
        !['false', '0'].includes(url.searchParams.get('force') ?? '');
      if (
        t.charts.has(`${meta.name ?? ''}-${meta.version ?? ''}`) &&
        overwrite === 'reject' &&
        !force
      ) {
        send(409, '{"error":"file already exists"}');
        return;
      }
      await store(
        r.ns,
        bytes,
        provFile instanceof Blob ? Buffer.from(await provFile.arrayBuffer()) : undefined,
      );
      if (fault?.reset && fault.afterStore) {
        req.socket.destroy();
        return;
      }
      send(201, '{"saved":true}');
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    repoUrl: (ns = '') => `${base}${repoPath(ns)}`,
    requests,
    charts: (ns = '') =>
      [...(tenants.get(ns)?.charts.values() ?? [])].map((c) => ({
        name: c.name,
        version: c.version,
        digest: c.digest,
        size: c.size,
        prov: c.prov !== undefined,
      })),
    addFault: (fault) => faults.push({ ...fault, hits: 0, left: fault.times ?? 1 }),
    clearFaults: () => faults.splice(0),
    faultHits: () => faults.map((f) => f.hits),
    seed: async (ns, bytes) => {
      const chart = await store(ns, bytes, undefined);
      chart.visibleAt = 0;
    },
    seedSyntheticIndex: (ns, size) => {
      const t = tenant(ns, true);
      if (t) t.synthetic = syntheticIndex(size.charts, size.versionsPerChart);
    },
    indexSize: (ns) => {
      const t = tenants.get(ns);
      return t ? renderIndex(ns, t).length : 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function* chunked(bytes: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** A Go-yaml-style index with `charts × versionsPerChart` entries (≈360 bytes each). */
function syntheticIndex(charts: number, versionsPerChart: number): Buffer {
  const parts: string[] = ['apiVersion: v1\nentries:\n'];
  for (let c = 0; c < charts; c++) {
    const name = `chart-${String(c).padStart(5, '0')}`;
    parts.push(`  ${name}:\n`);
    for (let v = versionsPerChart - 1; v >= 0; v--) {
      const version = `1.${Math.floor(v / 10)}.${v % 10}`;
      const digest = createHash('sha256').update(`${name}-${version}`).digest('hex');
      parts.push(
        `  - apiVersion: v2\n    appVersion: "${version}"\n    created: "2025-01-01T00:00:00.000000000Z"\n` +
          `    description: Synthetic chart ${name} for index performance measurements\n` +
          `    digest: ${digest}\n    name: ${name}\n    type: application\n` +
          `    urls:\n    - charts/${name}-${version}.tgz\n    version: ${version}\n`,
      );
    }
  }
  // `generated:` is appended when rendering, after any real uploads.
  return Buffer.from(parts.join(''));
}
