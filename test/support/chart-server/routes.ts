// URL layouts of the chart repositories the project publishes to, mapped to one set of routes.

export type Layout = 'harbor' | 'chartmuseum' | 'multitenant';

export type RouteKind = 'index' | 'download' | 'upload' | 'delete' | 'api';

export interface Route {
  kind: RouteKind;
  /** '' for single-tenant ChartMuseum; `org/repo` for multi-tenant; the project for Harbor. */
  ns: string;
  /** download: the file name (`x-1.0.0.tgz` or `x-1.0.0.tgz.prov`). */
  file?: string;
  /** api / delete: chart name and version when the path names them. */
  name?: string;
  version?: string;
}

export interface LayoutConfig {
  layout: Layout;
  /** No trailing slash; '' when unset. Harbor has none. */
  contextPath: string;
  /** Multi-tenant path depth (segments naming a repository). */
  depth: number;
}

export type RouteMatch = Route | 'not-found' | 'method-not-allowed' | 'bad-path';

/** The path of the chart repository for a namespace (what goes before `/index.yaml`). */
export function repoPath(config: LayoutConfig, ns: string): string {
  if (config.layout === 'harbor') return `/chartrepo/${ns}`;
  if (config.layout === 'multitenant' && config.depth > 0) return `${config.contextPath}/${ns}`;
  return config.contextPath;
}

/** The API base of a namespace (what goes before `/charts`). */
export function apiPath(config: LayoutConfig, ns: string): string {
  if (config.layout === 'harbor') return `/api/chartrepo/${ns}`;
  if (config.layout === 'multitenant' && config.depth > 0) return `${config.contextPath}/api/${ns}`;
  return `${config.contextPath}/api`;
}

function nsSegments(config: LayoutConfig): number {
  if (config.layout === 'harbor') return 1;
  return config.layout === 'multitenant' ? config.depth : 0;
}

function allowed(methods: string[], method: string, route: Route): RouteMatch {
  return methods.includes(method) ? route : 'method-not-allowed';
}

/** `/api/…/charts/…` (ChartMuseum) or `/api/chartrepo/<project>/charts/…` (Harbor), after the namespace. */
function matchApi(method: string, tail: string[], ns: string): RouteMatch {
  if (tail[0] !== 'charts') return 'not-found';
  const [name, version, extra] = tail.slice(1);
  if (extra !== undefined || name === '' || version === '') return 'not-found';
  if (name === undefined) {
    return method === 'POST'
      ? { kind: 'upload', ns }
      : allowed(['GET', 'HEAD'], method, { kind: 'api', ns });
  }
  if (version === undefined) return allowed(['GET', 'HEAD'], method, { kind: 'api', ns, name });
  if (method === 'DELETE') return { kind: 'delete', ns, name, version };
  return allowed(['GET', 'HEAD'], method, { kind: 'api', ns, name, version });
}

/** The repository itself, after the namespace: `index.yaml` and `charts/<file>`. */
function matchRepo(method: string, tail: string[], ns: string): RouteMatch {
  if (tail.length === 1 && tail[0] === 'index.yaml')
    return allowed(['GET', 'HEAD'], method, { kind: 'index', ns });
  if (tail.length === 2 && tail[0] === 'charts' && /\.tgz(\.prov)?$/.test(tail[1] ?? ''))
    return allowed(['GET', 'HEAD'], method, { kind: 'download', ns, file: tail[1] ?? '' });
  return 'not-found';
}

export function matchRoute(config: LayoutConfig, method: string, pathname: string): RouteMatch {
  let rest = pathname;
  if (config.layout !== 'harbor' && config.contextPath !== '') {
    if (!rest.startsWith(`${config.contextPath}/`)) return 'not-found';
    rest = rest.slice(config.contextPath.length);
  }
  let segments: string[];
  try {
    segments = rest.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return 'bad-path';
  }
  const api = segments[0] === 'api';
  let from = api ? 1 : 0;
  // Harbor puts `chartrepo/` before the project, under /api and at the root alike.
  if (config.layout === 'harbor') {
    if (segments[from] !== 'chartrepo') return 'not-found';
    from += 1;
  }
  const depth = nsSegments(config);
  const parts = segments.slice(from, from + depth);
  if (parts.length < depth || parts.some((p) => p === '' || p === '.' || p === '..'))
    return 'not-found';
  const ns = parts.join('/');
  const tail = segments.slice(from + depth);
  return api ? matchApi(method, tail, ns) : matchRepo(method, tail, ns);
}
