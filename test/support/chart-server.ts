// A ChartMuseum/Harbor/TCR-compatible chart repository for tests, the demo and benchmarks (no
// ChartMuseum binary can be had here). It follows the ChartMuseum API: index.yaml with sha256
// digests and relative or absolute URLs, multipart upload (`chart`, optional `prov`), 201/409,
// `?force`, Basic auth, context paths, Harbor's `/chartrepo/<ns>` + `/api/chartrepo/<ns>`
// layout and multi-tenant paths, plus switchable faults, latency and a lagging index.
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { compareVersions, readChartMeta, type ChartMeta } from './chart-server/chart-archive.js';
import type { YamlValue } from './chart-server/go-yaml.js';
import {
  chunksLength,
  goTimestamp,
  indexChunks,
  indexEntry,
  renderEntries,
  syntheticEntries,
  truncateIndex,
} from './chart-server/index-yaml.js';
import {
  apiPath,
  matchRoute,
  repoPath,
  type Layout,
  type LayoutConfig,
  type Route,
  type RouteKind,
} from './chart-server/routes.js';
import { ConsistencyModel, type IndexConsistency } from './chart-server/consistency.js';
import { harborGate, harborVersionDetails, type HarborOptions } from './chart-server/harbor.js';

export { readChartMeta, type ChartMeta } from './chart-server/chart-archive.js';
export type { Layout, RouteKind } from './chart-server/routes.js';
export type { IndexConsistency } from './chart-server/consistency.js';
export type { HarborOptions } from './chart-server/harbor.js';

export interface ChartServerOptions {
  /** URL layout (default 'harbor'; Tencent TCR's `chartrepo` is the same). */
  layout?: Layout;
  /** ChartMuseum context path like "/ctx" (chartmuseum and multitenant layouts). */
  contextPath?: string;
  /** Multi-tenant depth: path segments naming a repository (default 2: `/<org>/<repo>`). */
  depth?: number;
  /** Basic-auth users (name → password); when set every route needs auth. */
  users?: Record<string, string>;
  /** Users from `users` who may read but not upload or delete (403). */
  readOnlyUsers?: string[];
  /** GET/HEAD without credentials are allowed even with `users` (ChartMuseum --auth-anonymous-get). */
  anonymousRead?: boolean;
  /**
   * ChartMuseum `--bearer-auth` (pkg/chartmuseum/router/router.go): every route needs
   * `Authorization: Bearer <one of tokens>` (a fixed token stands in for the JWT), else 401 with
   * a Bearer `WWW-Authenticate` challenge naming the realm, service and scope.
   */
  bearer?: { tokens: string[]; realm?: string; service?: string };
  /** Realm in `WWW-Authenticate` (default "harbor" or "ChartMuseum" by layout). */
  realm?: string;
  /**
   * A version that exists already: 'reject' = ChartMuseum's default (409 unless `?force`),
   * 'silent' = Harbor/TCR (replace, 201), 'allow' = ChartMuseum --allow-overwrite (replace, 201).
   * Default 'reject'.
   */
  overwrite?: 'reject' | 'silent' | 'allow';
  /** Download URLs in the index: `charts/x-1.0.0.tgz` (default) or absolute. */
  urls?: 'relative' | 'absolute';
  /**
   * The only namespaces that exist (others answer 404, like Harbor projects that were never
   * created). Without it any namespace exists, empty until its first upload.
   */
  namespaces?: string[];
  /** A pushed version shows in index.yaml and the API only this long after its upload. */
  indexDelayMs?: number;
  /** Added to every request. */
  latencyMs?: number;
  /**
   * index.yaml answers 307 to the same URL on a second port, which serves index.yaml alone and
   * without auth (an index behind a CDN or object store). Helm reads it through Go's client,
   * which follows redirects (helm/helm pkg/getter/httpgetter.go, Go net/http/client.go).
   */
  indexRedirect?: boolean;
  /** ChartMuseum ≥ 0.13's asynchronous index (see chart-server/consistency.ts). */
  consistency?: IndexConsistency;
  /**
   * Harbor's access rules in front of the charts (layout 'harbor'; see chart-server/harbor.ts):
   * `users` are the accounts, `namespaces` the projects that exist.
   */
  harbor?: HarborOptions;
}

export interface Fault {
  /** Which requests it applies to (default: 'index' for index faults, else 'any'). */
  route?: RouteKind | 'any';
  /** Only for this namespace (default: all). */
  namespace?: string;
  /** Only for request paths that end with this (e.g. one chart's `hello-1.0.0.tgz`). */
  pathEndsWith?: string;
  /** How many requests it fires on (default 1; Infinity = every one). */
  times?: number;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
  /** Answer with this status (JSON `{"error":…}`; 401 adds WWW-Authenticate). */
  status?: number;
  retryAfter?: string;
  /**
   * Destroy the socket without an answer. Uploads: after the first part of the body arrived;
   * with `afterStore` only after the chart was stored (stored, but the answer is lost).
   */
  reset?: boolean;
  afterStore?: boolean;
  /** Wait this long before answering (then answer as usual unless another effect is set). */
  delayMs?: number;
  /** 200 text/html sign-in page instead of the real answer. */
  html?: boolean;
  /** index only: 200 with YAML that does not parse. */
  invalidIndex?: boolean;
  /** index only: 200 with the first half of the index (cut so that it cannot parse). */
  truncatedIndex?: boolean;
}

/** A fault added to the server; `hits` counts the requests it fired on. */
export interface ActiveFault extends Readonly<Fault> {
  readonly id: number;
  hits: number;
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
  /** Epoch ms from which the index shows it. */
  visibleAt: number;
  /** Epoch ms from which the JSON API shows it (as `visibleAt` unless `consistency` says). */
  apiVisibleAt: number;
  fields: { [key: string]: YamlValue };
  /** The version it replaced, still shown until `visibleAt`. */
  previous?: StoredChart;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Without the leading `?`. */
  query: string;
  /** 0 when no answer was sent (reset, or the client went away). */
  status: number;
  /** User name from the Basic credentials sent (never the password). */
  user?: string;
  /** The Bearer token sent, if any. */
  bearer?: string;
  /** `id` of the fault that fired on it. */
  fault?: number;
  /** Scheme of the Authorization header sent, if any (recorded by `indexHost` only). */
  authScheme?: string;
}

export interface ChartSummary {
  name: string;
  version: string;
  appVersion?: string;
  digest: string;
  size: number;
  prov: boolean;
  created: string;
}

export interface SyntheticIndexSize {
  charts: number;
  versionsPerChart: number;
}

export interface ChartServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The repository URL of a namespace (`{namespace}` works as a placeholder). */
  repoUrl(namespace?: string): string;
  /** The API base of a namespace (what goes before `/charts`). */
  apiUrl(namespace?: string): string;
  /** Every request in arrival order; truncate it with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** Charts stored by upload per namespace ('' for single-tenant ChartMuseum). */
  uploads: Record<string, number>;
  /** What is stored (not what the possibly lagging index shows yet), in upload order. */
  charts(namespace?: string): ChartSummary[];
  addFault(fault: Fault): ActiveFault;
  clearFaults(): void;
  /** Every fault added since the last clearFaults, in order. */
  faults: readonly ActiveFault[];
  /** How often each fault fired, in the order added. */
  faultHits(): number[];
  /** Stores a chart without a request, visible at once. */
  seed(namespace: string, chart: Buffer, prov?: Buffer): Promise<ChartSummary>;
  /** A large synthetic index (no tarballs behind it) for performance tests. */
  seedSyntheticIndex(namespace: string, size: SyntheticIndexSize): void;
  /** Bytes index.yaml of the namespace has now. */
  indexSize(namespace?: string): number;
  /** With `indexRedirect`: the second port index.yaml redirects to, and what it received. */
  indexHost?: { url: string; requests: RecordedRequest[] };
  /** Reads storage again (ChartMuseum's cache-interval rescan): every stored chart shows. */
  rescan(): void;
  close(): Promise<void>;
}

interface Tenant {
  charts: Map<string, StoredChart>;
  synthetic?: { chunks: Buffer[]; names: Set<string> };
}

type MutableFault = Fault & { id: number; hits: number; seen: number };

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n' +
  '<body><form method="post" action="/c/login"><input name="principal"></form></body></html>\n';
const INVALID_INDEX = 'apiVersion: v1\nentries: [unclosed\n  - : :\n';
const JSON_TYPE = 'application/json; charset=utf-8';
const YAML_TYPE = 'application/x-yaml';

class ClosedError extends Error {}

function validateFault(fault: Fault): Fault & { route: RouteKind | 'any' } {
  const indexOnly = fault.invalidIndex === true || fault.truncatedIndex === true;
  const route = fault.route ?? (indexOnly ? 'index' : fault.afterStore ? 'upload' : 'any');
  if (indexOnly && route !== 'index')
    throw new Error('invalidIndex/truncatedIndex need route index');
  if (fault.afterStore && (route !== 'upload' || fault.reset !== true))
    throw new Error('afterStore needs route upload and reset');
  return { ...fault, route };
}

function basicUser(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Resolves once some of the body arrived (or none will). */
function firstBodyChunk(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.once('data', () => resolve());
    req.once('end', resolve);
    req.once('error', () => resolve());
  });
}

function isForced(url: URL): boolean {
  if (!url.searchParams.has('force')) return false;
  return !['false', '0'].includes(url.searchParams.get('force') ?? '');
}

/** The chart bytes and optional provenance from a multipart (or raw .tgz) upload. */
async function uploadedFiles(
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

export async function startChartServer(options: ChartServerOptions = {}): Promise<ChartServer> {
  const layout = options.layout ?? 'harbor';
  const config: LayoutConfig = {
    layout,
    contextPath: layout === 'harbor' ? '' : (options.contextPath ?? '').replace(/\/+$/, ''),
    depth: layout === 'multitenant' ? (options.depth ?? 2) : 0,
  };
  if (config.contextPath !== '' && !config.contextPath.startsWith('/'))
    throw new Error('contextPath must start with /');
  const overwrite = options.overwrite ?? 'reject';
  const realm = options.realm ?? (layout === 'harbor' ? 'harbor' : 'ChartMuseum');
  const readOnly = new Set(options.readOnlyUsers ?? []);
  const fixedNamespaces = options.namespaces !== undefined;
  const tenants = new Map<string, Tenant>();
  for (const ns of options.namespaces ?? []) tenants.set(ns, { charts: new Map() });
  let faults: MutableFault[] = [];
  let nextFaultId = 1;
  const requests: RecordedRequest[] = [];
  const uploads: Record<string, number> = {};
  const closing = new AbortController();
  let base = '';
  const indexHostRequests: RecordedRequest[] = [];
  let indexHost: { url: string; requests: RecordedRequest[]; server: http.Server } | undefined;
  const consistency =
    options.consistency !== undefined ? new ConsistencyModel(options.consistency) : undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (closing.signal.aborted) {
        reject(new ClosedError());
        return;
      }
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new ClosedError());
      };
      closing.signal.addEventListener('abort', onAbort, { once: true });
    });

  /** The tenant for a namespace; unknown namespaces exist (empty) unless the list is fixed. */
  const tenantFor = (ns: string): Tenant | undefined =>
    tenants.get(ns) ?? (fixedNamespaces ? undefined : { charts: new Map() });

  const downloadUrl = (ns: string, file: string): string =>
    options.urls === 'absolute'
      ? `${base}${repoPath(config, ns)}/charts/${file}`
      : `charts/${file}`;

  /** What the index shows now: stored charts past their delay, else the version they replaced. */
  const visibleCharts = (t: Tenant, now = Date.now(), view: 'index' | 'api' = 'index') => {
    const shows = (c: StoredChart): boolean =>
      (view === 'index' ? c.visibleAt : c.apiVisibleAt) <= now;
    const out: StoredChart[] = [];
    for (const chart of t.charts.values()) {
      if (shows(chart)) out.push(chart);
      else if (chart.previous !== undefined && shows(chart.previous)) out.push(chart.previous);
    }
    return out;
  };

  const byNameNewestFirst = (charts: StoredChart[]): Map<string, StoredChart[]> => {
    const byName = new Map<string, StoredChart[]>();
    for (const name of [...new Set(charts.map((c) => c.name))].sort()) {
      byName.set(
        name,
        charts.filter((c) => c.name === name).sort((a, b) => compareVersions(b.version, a.version)),
      );
    }
    return byName;
  };

  const renderIndex = (ns: string, t: Tenant): Buffer[] => {
    const entries = new Map<string, { [key: string]: YamlValue }[]>();
    for (const [name, versions] of byNameNewestFirst(visibleCharts(t))) {
      entries.set(
        name,
        versions.map((c) => indexEntry(c, downloadUrl(ns, `${c.name}-${c.version}.tgz`))),
      );
    }
    return indexChunks({
      cached: t.synthetic?.chunks ?? [],
      live: entries.size > 0 ? renderEntries(entries) : '',
      contextPath: config.contextPath,
    });
  };

  const apiVersionJson = (ns: string, c: StoredChart): Record<string, YamlValue> =>
    indexEntry(c, downloadUrl(ns, `${c.name}-${c.version}.tgz`));

  const takeFault = (kind: RouteKind, ns: string, path: string): MutableFault | undefined => {
    for (const f of faults) {
      if (f.route !== 'any' && f.route !== kind) continue;
      if (f.namespace !== undefined && f.namespace !== ns) continue;
      if (f.pathEndsWith !== undefined && !path.endsWith(f.pathEndsWith)) continue;
      if (f.hits >= (f.times ?? 1)) continue;
      f.seen++;
      if (f.seen <= (f.skip ?? 0)) continue;
      f.hits++;
      return f;
    }
    return undefined;
  };

  /** Test setup may create a namespace even when the list is fixed. */
  const ensureTenant = (ns: string): Tenant => {
    let t = tenants.get(ns);
    if (t === undefined) tenants.set(ns, (t = { charts: new Map() }));
    return t;
  };

  const store = (ns: string, meta: ChartMeta, bytes: Buffer, prov?: Buffer): StoredChart => {
    const t = ensureTenant(ns);
    const key = `${meta.name}-${meta.version}`;
    const old = t.charts.get(key);
    const now = Date.now();
    const visibility = consistency?.visibilityOf(`${key}.tgz`, now) ?? {
      visibleAt: now + (options.indexDelayMs ?? 0),
      apiVisibleAt: now + (options.indexDelayMs ?? 0),
    };
    const chart: StoredChart = {
      name: meta.name,
      version: meta.version,
      digest: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      bytes,
      created: goTimestamp(),
      ...visibility,
      fields: meta.fields,
      ...(meta.appVersion !== undefined && { appVersion: meta.appVersion }),
      ...(meta.description !== undefined && { description: meta.description }),
      ...(meta.apiVersion !== undefined && { apiVersion: meta.apiVersion }),
      ...(prov !== undefined && { prov }),
    };
    const shown = old === undefined || old.visibleAt <= now ? old : old.previous;
    if (shown !== undefined) chart.previous = { ...shown, previous: undefined };
    t.charts.set(key, chart);
    return chart;
  };

  const summary = (c: StoredChart): ChartSummary => ({
    name: c.name,
    version: c.version,
    ...(c.appVersion !== undefined && { appVersion: c.appVersion }),
    digest: c.digest,
    size: c.size,
    prov: c.prov !== undefined,
    created: c.created,
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    viaIndexHost = false,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 0,
    };
    if (viaIndexHost) {
      const scheme = req.headers.authorization?.split(' ')[0];
      if (scheme !== undefined) record.authScheme = scheme;
      indexHostRequests.push(record);
    } else requests.push(record);
    const send = (
      status: number,
      body: string | Buffer,
      type = JSON_TYPE,
      headers: Record<string, string> = {},
    ): void => {
      record.status = status;
      res.writeHead(status, {
        ...headers,
        'content-type': type,
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(method === 'HEAD' ? undefined : body);
    };
    const sendJson = (status: number, value: unknown, headers?: Record<string, string>): void =>
      send(status, JSON.stringify(value), JSON_TYPE, headers);
    const drainAndSend = async (
      status: number,
      value: unknown,
      headers?: Record<string, string>,
    ) => {
      await readBody(req);
      sendJson(status, value, headers);
    };
    const unauthorized = { 'www-authenticate': `Basic realm="${realm}"` };

    if (options.latencyMs) await sleep(options.latencyMs);

    const credentials = basicUser(req.headers.authorization);
    if (credentials !== undefined) record.user = credentials.user;
    const reading = method === 'GET' || method === 'HEAD';
    if (options.harbor !== undefined) {
      const valid =
        credentials !== undefined &&
        Object.hasOwn(options.users ?? {}, credentials.user) &&
        options.users?.[credentials.user] === credentials.password;
      const answer = harborGate(options.harbor, {
        method,
        path: url.pathname,
        match: matchRoute(config, method, url.pathname),
        user: valid ? credentials.user : undefined,
        projectExists: (ns) => tenantFor(ns) !== undefined,
      });
      if (answer !== undefined) {
        await readBody(req);
        send(answer.status, answer.body, answer.type);
        return;
      }
    } else if (options.users !== undefined && !viaIndexHost) {
      const anonymousOk = options.anonymousRead === true && reading && !req.headers.authorization;
      const valid =
        credentials !== undefined &&
        Object.hasOwn(options.users, credentials.user) &&
        options.users[credentials.user] === credentials.password;
      if (!valid && !anonymousOk) {
        await drainAndSend(401, { error: 'unauthorized' }, unauthorized);
        return;
      }
    }

    const match = matchRoute(config, method, url.pathname);
    if (match === 'not-found' || match === 'bad-path') {
      await drainAndSend(404, { error: 'not found' });
      return;
    }
    if (match === 'method-not-allowed') {
      await drainAndSend(405, { error: 'method not allowed' });
      return;
    }
    const route: Route = match;
    if (viaIndexHost && route.kind !== 'index') {
      await drainAndSend(404, { error: 'not found' });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) record.bearer = bearer;
    if (options.bearer !== undefined && !options.bearer.tokens.includes(bearer ?? '')) {
      // chartmuseum/auth: scope `artifact-repository:<repo>:<pull|push>`, namespace "repo" by default.
      const scope = `artifact-repository:${route.ns === '' ? 'repo' : route.ns}:${reading ? 'pull' : 'push'}`;
      const challenge = `Bearer realm="${options.bearer.realm ?? 'https://auth.example/token'}",service="${options.bearer.service ?? 'chartmuseum'}",scope="${scope}"`;
      await drainAndSend(401, { error: 'unauthorized' }, { 'www-authenticate': challenge });
      return;
    }
    if (!reading && credentials !== undefined && readOnly.has(credentials.user)) {
      await drainAndSend(403, { error: 'forbidden' });
      return;
    }

    const fault = takeFault(route.kind, route.ns, url.pathname);
    if (fault !== undefined) record.fault = fault.id;
    if (fault?.reset && !fault.afterStore) {
      if (route.kind === 'upload') await firstBodyChunk(req);
      if (fault.delayMs) await sleep(fault.delayMs);
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    if (fault?.delayMs) {
      await sleep(fault.delayMs);
      // A client that gave up gets nothing more done for it.
      if (req.socket.destroyed) return;
    }
    if (fault?.status !== undefined) {
      sendJson(
        fault.status,
        { error: fault.status === 401 ? 'unauthorized' : `injected ${fault.status}` },
        {
          ...(fault.retryAfter !== undefined && { 'retry-after': fault.retryAfter }),
          ...(fault.status === 401 && unauthorized),
        },
      );
      return;
    }
    if (fault?.html) {
      send(200, HTML_PAGE, 'text/html; charset=utf-8');
      return;
    }

    const t = tenantFor(route.ns);
    if (t === undefined) {
      sendJson(404, { error: `no chart repository ${route.ns}` });
      return;
    }

    switch (route.kind) {
      case 'index': {
        if (indexHost !== undefined && !viaIndexHost) {
          send(307, '', 'text/plain', { location: `${indexHost.url}${url.pathname}${url.search}` });
          return;
        }
        if (fault?.invalidIndex) {
          send(200, INVALID_INDEX, YAML_TYPE);
          return;
        }
        const chunks = renderIndex(route.ns, t);
        if (fault?.truncatedIndex) {
          send(200, truncateIndex(chunks), YAML_TYPE);
          return;
        }
        record.status = 200;
        res.writeHead(200, {
          'content-type': YAML_TYPE,
          'content-length': String(chunksLength(chunks)),
        });
        if (method === 'HEAD') res.end();
        else await pipeline(Readable.from(chunks), res);
        return;
      }
      case 'download': {
        const file = route.file ?? '';
        const isProv = file.endsWith('.prov');
        const chart = t.charts.get(file.replace(/\.tgz(\.prov)?$/, ''));
        const data = isProv ? chart?.prov : chart?.bytes;
        if (data === undefined) sendJson(404, { error: 'not found' });
        else send(200, data, isProv ? 'application/pgp-signature' : 'application/gzip');
        return;
      }
      case 'api': {
        const visible = byNameNewestFirst(visibleCharts(t, Date.now(), 'api'));
        if (route.name === undefined) {
          const all: Record<string, unknown[]> = {};
          for (const [name, versions] of visible)
            all[name] = versions.map((c) => apiVersionJson(route.ns, c));
          sendJson(200, all);
          return;
        }
        const versions = visible.get(route.name);
        if (versions === undefined) {
          sendJson(404, { error: 'chart not found' });
          return;
        }
        if (route.version === undefined) {
          sendJson(
            200,
            versions.map((c) => apiVersionJson(route.ns, c)),
          );
          return;
        }
        const one = versions.find((c) => c.version === route.version);
        if (one === undefined)
          sendJson(404, { error: `no chart version found for ${route.name}-${route.version}` });
        else if (layout === 'harbor')
          sendJson(
            200,
            harborVersionDetails(apiVersionJson(route.ns, one), one.prov !== undefined),
          );
        else sendJson(200, apiVersionJson(route.ns, one));
        return;
      }
      case 'delete': {
        const key = `${route.name ?? ''}-${route.version ?? ''}`;
        if (t.charts.delete(key)) sendJson(200, { deleted: true });
        else sendJson(404, { error: `no chart version found for ${key}` });
        return;
      }
      case 'upload': {
        const files = await uploadedFiles(req, body);
        if ('error' in files) {
          sendJson(400, { error: files.error });
          return;
        }
        let meta: ChartMeta;
        try {
          meta = await readChartMeta(files.chart);
        } catch (error) {
          sendJson(400, { error: `invalid chart: ${(error as Error).message}` });
          return;
        }
        if (t.synthetic?.names.has(meta.name)) {
          sendJson(400, { error: `chart name ${meta.name} is taken by the synthetic index` });
          return;
        }
        const exists = t.charts.has(`${meta.name}-${meta.version}`);
        if (exists && overwrite === 'reject' && !isForced(url)) {
          sendJson(409, { error: 'file already exists' });
          return;
        }
        store(route.ns, meta, files.chart, files.prov);
        uploads[route.ns] = (uploads[route.ns] ?? 0) + 1;
        if (fault?.reset && fault.afterStore) {
          req.socket.destroy();
          return;
        }
        sendJson(201, { saved: true });
        return;
      }
    }
  }

  /** ChartMuseum's storage rescan: every replica's index catches up with storage. */
  function rescan(): void {
    const now = Date.now();
    for (const t of tenants.values()) {
      for (const chart of t.charts.values()) ConsistencyModel.rescanned(chart, now);
    }
  }
  const interval = options.consistency?.rescanIntervalMs;
  const rescanTimer = interval !== undefined ? setInterval(rescan, interval) : undefined;
  rescanTimer?.unref();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof ClosedError || res.destroyed) return;
      if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.indexRedirect === true) {
    const second = http.createServer((req, res) => {
      handle(req, res, true).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => second.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
    indexHost = { url, requests: indexHostRequests, server: second };
  }

  return {
    url: base,
    repoUrl: (ns = '') => `${base}${repoPath(config, ns)}`,
    apiUrl: (ns = '') => `${base}${apiPath(config, ns)}`,
    requests,
    uploads,
    charts: (ns = '') => [...(tenants.get(ns)?.charts.values() ?? [])].map(summary),
    addFault: (fault) => {
      const active: MutableFault = { ...validateFault(fault), id: nextFaultId++, hits: 0, seen: 0 };
      faults.push(active);
      return active;
    },
    clearFaults: () => {
      faults = [];
    },
    get faults() {
      return faults;
    },
    faultHits: () => faults.map((f) => f.hits),
    seed: async (ns, bytes, prov) => {
      const meta = await readChartMeta(bytes);
      const chart = store(ns, meta, bytes, prov);
      chart.visibleAt = chart.apiVisibleAt = 0;
      return summary(chart);
    },
    seedSyntheticIndex: (ns, size) => {
      ensureTenant(ns).synthetic = syntheticEntries(size.charts, size.versionsPerChart, (file) =>
        downloadUrl(ns, file),
      );
    },
    indexSize: (ns = '') => {
      const t = tenants.get(ns);
      return t === undefined ? 0 : chunksLength(renderIndex(ns, t));
    },
    ...(indexHost !== undefined && {
      indexHost: { url: indexHost.url, requests: indexHostRequests },
    }),
    rescan,
    close: () =>
      new Promise<void>((resolve) => {
        if (rescanTimer !== undefined) clearInterval(rescanTimer);
        closing.abort();
        indexHost?.server.closeAllConnections();
        indexHost?.server.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
