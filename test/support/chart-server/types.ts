// The chart server's public shapes: its options, faults, what it stores and records, its handle.
import type { IndexConsistency } from './consistency.js';
import type { YamlValue } from './go-yaml.js';
import type { HarborOptions } from './harbor.js';
import type { Layout, RouteKind } from './routes.js';

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
