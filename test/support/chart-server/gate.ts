// Who may do what, before a route runs: Harbor's access rules, ChartMuseum's Basic auth
// (--basic-auth-user, --auth-anonymous-get) and Bearer auth (pkg/chartmuseum/router/router.go),
// read-only users (403).
import type { ServerContext } from './context.js';
import type { Exchange } from './exchange.js';
import { harborGate } from './harbor.js';
import { readBody } from './request.js';
import { matchRoute, type Route } from './routes.js';

type Credentials = { user: string; password: string } | undefined;

function validUser(
  ctx: ServerContext,
  credentials: Credentials,
): credentials is {
  user: string;
  password: string;
} {
  const users = ctx.options.users ?? {};
  return (
    credentials !== undefined &&
    Object.hasOwn(users, credentials.user) &&
    users[credentials.user] === credentials.password
  );
}

export function unauthorizedHeaders(ctx: ServerContext): Record<string, string> {
  return { 'www-authenticate': `Basic realm="${ctx.realm}"` };
}

/** Answers and returns false when the credentials do not let the request through. */
export async function authenticate(
  ctx: ServerContext,
  ex: Exchange,
  credentials: Credentials,
  viaIndexHost: boolean,
): Promise<boolean> {
  const { options } = ctx;
  if (options.harbor !== undefined) {
    const answer = harborGate(options.harbor, {
      method: ex.method,
      path: ex.url.pathname,
      match: matchRoute(ctx.config, ex.method, ex.url.pathname),
      user: validUser(ctx, credentials) ? credentials.user : undefined,
      projectExists: (ns) => ctx.storage.tenantFor(ns) !== undefined,
    });
    if (answer === undefined) return true;
    await readBody(ex.req);
    ex.send(answer.status, answer.body, answer.type);
    return false;
  }
  if (options.users === undefined || viaIndexHost) return true;
  const anonymousOk = options.anonymousRead === true && ex.reading && !ex.req.headers.authorization;
  if (validUser(ctx, credentials) || anonymousOk) return true;
  await ex.drainAndSend(401, { error: 'unauthorized' }, unauthorizedHeaders(ctx));
  return false;
}

/** The route of the request, or undefined once a 404/405 was sent. */
export async function routeOf(
  ctx: ServerContext,
  ex: Exchange,
  viaIndexHost: boolean,
): Promise<Route | undefined> {
  const match = matchRoute(ctx.config, ex.method, ex.url.pathname);
  if (match === 'not-found' || match === 'bad-path') {
    await ex.drainAndSend(404, { error: 'not found' });
    return undefined;
  }
  if (match === 'method-not-allowed') {
    await ex.drainAndSend(405, { error: 'method not allowed' });
    return undefined;
  }
  if (viaIndexHost && match.kind !== 'index') {
    await ex.drainAndSend(404, { error: 'not found' });
    return undefined;
  }
  return match;
}

/** Bearer tokens and read-only users; answers and returns false when refused. */
export async function authorize(
  ctx: ServerContext,
  ex: Exchange,
  route: Route,
  credentials: Credentials,
): Promise<boolean> {
  const bearer = /^Bearer (.+)$/.exec(ex.req.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) ex.record.bearer = bearer;
  const wanted = ctx.options.bearer;
  if (wanted !== undefined && !wanted.tokens.includes(bearer ?? '')) {
    // chartmuseum/auth: scope `artifact-repository:<repo>:<pull|push>`, namespace "repo" by default.
    const scope = `artifact-repository:${route.ns === '' ? 'repo' : route.ns}:${ex.reading ? 'pull' : 'push'}`;
    const challenge = `Bearer realm="${wanted.realm ?? 'https://auth.example/token'}",service="${wanted.service ?? 'chartmuseum'}",scope="${scope}"`;
    await ex.drainAndSend(401, { error: 'unauthorized' }, { 'www-authenticate': challenge });
    return false;
  }
  if (!ex.reading && credentials !== undefined && ctx.readOnly.has(credentials.user)) {
    await ex.drainAndSend(403, { error: 'forbidden' });
    return false;
  }
  return true;
}
