// Harbor's answers in front of its bundled ChartMuseum (goharbor/harbor v2.7.0):
// - src/server/middleware/security/basic_auth.go: a failed Basic login yields no security
//   context, so the request goes on as anonymous (security.go's `unauthorized` context).
// - src/core/api/chart_repository.go Prepare → requireNamespace, and src/core/api/base.go
//   handleProjectNotFound / SendPermissionError: an unknown project is 404 to a system admin
//   only, 403 to any other logged-in account (robots too), 401 to anonymous callers; a project
//   the caller may not act on is 403 logged in, 401 anonymous.
// - make/photon/prepare/templates/nginx/nginx.http.conf.jinja: v2.8.0 dropped the
//   `location /chartrepo/` block, so `/chartrepo/…` falls through to the portal (its index.html).
import type { RouteMatch } from './routes.js';

export interface HarborOptions {
  /** System administrators: the only accounts told that a project does not exist (404). */
  admins?: string[];
  /** Public projects: anyone may read them, anonymous callers included. */
  publicProjects?: string[];
  /** Harbor ≥ 2.8: ChartMuseum removed; `/chartrepo/…` answers the portal's HTML page. */
  chartRepoRemoved?: boolean;
}

export interface HarborAnswer {
  status: number;
  body: string;
  type: string;
}

export interface HarborRequest {
  method: string;
  path: string;
  match: RouteMatch;
  /** The account, when its credentials were right; undefined = anonymous. */
  user: string | undefined;
  projectExists: (project: string) => boolean;
}

const PORTAL_PAGE =
  '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Harbor</title>\n' +
  '<base href="/">\n</head>\n<body>\n<harbor-app>\n<div class="spinner spinner-lg app-loading"></div>\n' +
  '</harbor-app>\n<script src="main.js" type="module"></script>\n</body>\n</html>\n';

/** Harbor's error body (src/lib/errors: `{"errors":[{"code":…,"message":…}]}`). */
function harborError(status: number, code: string, message: string): HarborAnswer {
  return {
    status,
    body: JSON.stringify({ errors: [{ code, message }] }),
    type: 'application/json; charset=utf-8',
  };
}

/** SendPermissionError: 401 to anonymous callers, 403 to anyone logged in. */
function permissionError(user: string | undefined): HarborAnswer {
  return user === undefined
    ? harborError(401, 'UNAUTHORIZED', 'UnAuthorized')
    : harborError(403, 'FORBIDDEN', user);
}

/**
 * What Harbor answers before the chart server sees the request; undefined when it lets the
 * request through.
 */
export function harborGate(
  options: HarborOptions,
  request: HarborRequest,
): HarborAnswer | undefined {
  const { path, match, user } = request;
  if (options.chartRepoRemoved === true) {
    if (path === '/chartrepo' || path.startsWith('/chartrepo/'))
      return { status: 200, body: PORTAL_PAGE, type: 'text/html' };
    if (path.startsWith('/api/chartrepo/'))
      return harborError(404, 'NOT_FOUND', `no route for ${path}`);
  }
  if (typeof match === 'string') return undefined;
  const project = match.ns;
  if (!request.projectExists(project)) {
    if (user !== undefined && (options.admins ?? []).includes(user))
      return harborError(404, 'NOT_FOUND', `project ${project} not found`);
    return permissionError(user);
  }
  const reading = request.method === 'GET' || request.method === 'HEAD';
  if (user === undefined && !(reading && (options.publicProjects ?? []).includes(project)))
    return permissionError(user);
  return undefined;
}

/**
 * `GET /api/chartrepo/<project>/charts/<name>/<version>` (chart_repository.go GetChartVersion →
 * src/chartserver/chart_operator.go ChartVersionDetails): the ChartMuseum entry under `metadata`.
 */
export function harborVersionDetails(
  entry: Record<string, unknown>,
  signed: boolean,
): Record<string, unknown> {
  return {
    metadata: entry,
    dependencies: [],
    values: {},
    files: {},
    security: { signature: { signed, prov_file: '' } },
    labels: [],
  };
}
