// One request through the chart server: latency, the gate, the route, a fault if one fires, then
// the route itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from './context.js';
import { Exchange } from './exchange.js';
import type { MutableFault } from './faults.js';
import { authenticate, authorize, routeOf, unauthorizedHeaders } from './gate.js';
import { serveRoute } from './handlers.js';
import { basicUser, firstBodyChunk, readBody } from './request.js';
import type { Route } from './routes.js';

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n' +
  '<body><form method="post" action="/c/login"><input name="principal"></form></body></html>\n';

function openExchange(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  viaIndexHost: boolean,
): Exchange {
  const ex = new Exchange(req, res, ctx.storage.base);
  if (viaIndexHost) {
    const scheme = req.headers.authorization?.split(' ')[0];
    if (scheme !== undefined) ex.record.authScheme = scheme;
    ctx.indexHost?.requests.push(ex.record);
  } else ctx.requests.push(ex.record);
  return ex;
}

/** Applies the fault's effect; the body when the route should still run, else undefined. */
async function applyFault(
  ctx: ServerContext,
  ex: Exchange,
  route: Route,
  fault: MutableFault | undefined,
): Promise<Buffer | undefined> {
  if (fault?.reset && !fault.afterStore) {
    if (route.kind === 'upload') await firstBodyChunk(ex.req);
    if (fault.delayMs) await ctx.sleep(fault.delayMs);
    ex.req.socket.destroy();
    return undefined;
  }
  const body = await readBody(ex.req);
  if (fault?.delayMs) {
    await ctx.sleep(fault.delayMs);
    // A client that gave up gets nothing more done for it.
    if (ex.req.socket.destroyed) return undefined;
  }
  if (fault?.status !== undefined) {
    ex.sendJson(
      fault.status,
      { error: fault.status === 401 ? 'unauthorized' : `injected ${fault.status}` },
      {
        ...(fault.retryAfter !== undefined && { 'retry-after': fault.retryAfter }),
        ...(fault.status === 401 && unauthorizedHeaders(ctx)),
      },
    );
    return undefined;
  }
  if (fault?.html) {
    ex.send(200, HTML_PAGE, 'text/html; charset=utf-8');
    return undefined;
  }
  return body;
}

export async function handle(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  viaIndexHost = false,
): Promise<void> {
  const ex = openExchange(ctx, req, res, viaIndexHost);
  if (ctx.options.latencyMs) await ctx.sleep(ctx.options.latencyMs);
  const credentials = basicUser(req.headers.authorization);
  if (credentials !== undefined) ex.record.user = credentials.user;
  if (!(await authenticate(ctx, ex, credentials, viaIndexHost))) return;
  const route = await routeOf(ctx, ex, viaIndexHost);
  if (route === undefined || !(await authorize(ctx, ex, route, credentials))) return;

  const fault = ctx.faults.take(route.kind, route.ns, ex.url.pathname);
  if (fault !== undefined) ex.record.fault = fault.id;
  const body = await applyFault(ctx, ex, route, fault);
  if (body === undefined) return;

  const tenant = ctx.storage.tenantFor(route.ns);
  if (tenant === undefined) {
    ex.sendJson(404, { error: `no chart repository ${route.ns}` });
    return;
  }
  await serveRoute({ ctx, ex, route, tenant, fault, body, viaIndexHost });
}
