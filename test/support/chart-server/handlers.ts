// The ChartMuseum routes (pkg/chartmuseum/server/multitenant/handlers.go): index.yaml, chart
// downloads, the JSON API, delete and upload (201, 409 unless `?force`, 400 for no chart).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readChartMeta, type ChartMeta } from './chart-archive.js';
import type { ServerContext } from './context.js';
import type { Exchange } from './exchange.js';
import type { MutableFault } from './faults.js';
import { harborVersionDetails } from './harbor.js';
import { chunksLength, truncateIndex } from './index-yaml.js';
import { isForced, uploadedFiles } from './request.js';
import type { Route } from './routes.js';
import { byNameNewestFirst, type Tenant } from './storage.js';

const INVALID_INDEX = 'apiVersion: v1\nentries: [unclosed\n  - : :\n';
const YAML_TYPE = 'application/x-yaml';

export interface RouteCall {
  ctx: ServerContext;
  ex: Exchange;
  route: Route;
  tenant: Tenant;
  fault: MutableFault | undefined;
  body: Buffer;
  viaIndexHost: boolean;
}

async function serveIndex({ ctx, ex, route, tenant, fault, viaIndexHost }: RouteCall) {
  if (ctx.indexHost !== undefined && !viaIndexHost) {
    const location = `${ctx.indexHost.url}${ex.url.pathname}${ex.url.search}`;
    ex.send(307, '', 'text/plain', { location });
    return;
  }
  if (fault?.invalidIndex) {
    ex.send(200, INVALID_INDEX, YAML_TYPE);
    return;
  }
  const chunks = ctx.storage.renderIndex(route.ns, tenant);
  if (fault?.truncatedIndex) {
    ex.send(200, truncateIndex(chunks), YAML_TYPE);
    return;
  }
  ex.record.status = 200;
  ex.res.writeHead(200, {
    'content-type': YAML_TYPE,
    'content-length': String(chunksLength(chunks)),
  });
  if (ex.method === 'HEAD') ex.res.end();
  else await pipeline(Readable.from(chunks), ex.res);
}

function serveDownload({ ex, route, tenant }: RouteCall): void {
  const file = route.file ?? '';
  const isProv = file.endsWith('.prov');
  const chart = tenant.charts.get(file.replace(/\.tgz(\.prov)?$/, ''));
  const data = isProv ? chart?.prov : chart?.bytes;
  if (data === undefined) ex.sendJson(404, { error: 'not found' });
  else ex.send(200, data, isProv ? 'application/pgp-signature' : 'application/gzip');
}

function serveApi({ ctx, ex, route, tenant }: RouteCall): void {
  const { storage } = ctx;
  const visible = byNameNewestFirst(storage.visibleCharts(tenant, Date.now(), 'api'));
  if (route.name === undefined) {
    const all: Record<string, unknown[]> = {};
    for (const [name, versions] of visible)
      all[name] = versions.map((c) => storage.entry(route.ns, c));
    ex.sendJson(200, all);
    return;
  }
  const versions = visible.get(route.name);
  if (versions === undefined) {
    ex.sendJson(404, { error: 'chart not found' });
    return;
  }
  if (route.version === undefined) {
    ex.sendJson(
      200,
      versions.map((c) => storage.entry(route.ns, c)),
    );
    return;
  }
  const one = versions.find((c) => c.version === route.version);
  if (one === undefined)
    ex.sendJson(404, { error: `no chart version found for ${route.name}-${route.version}` });
  else if (ctx.config.layout === 'harbor')
    ex.sendJson(200, harborVersionDetails(storage.entry(route.ns, one), one.prov !== undefined));
  else ex.sendJson(200, storage.entry(route.ns, one));
}

function serveDelete({ ex, route, tenant }: RouteCall): void {
  const key = `${route.name ?? ''}-${route.version ?? ''}`;
  if (tenant.charts.delete(key)) ex.sendJson(200, { deleted: true });
  else ex.sendJson(404, { error: `no chart version found for ${key}` });
}

async function acceptUpload({ ctx, ex, route, tenant, fault, body }: RouteCall) {
  const files = await uploadedFiles(ex.req, body);
  if ('error' in files) {
    ex.sendJson(400, { error: files.error });
    return;
  }
  let meta: ChartMeta;
  try {
    meta = await readChartMeta(files.chart);
  } catch (error) {
    ex.sendJson(400, { error: `invalid chart: ${(error as Error).message}` });
    return;
  }
  if (tenant.synthetic?.names.has(meta.name)) {
    ex.sendJson(400, { error: `chart name ${meta.name} is taken by the synthetic index` });
    return;
  }
  const exists = tenant.charts.has(`${meta.name}-${meta.version}`);
  if (exists && (ctx.options.overwrite ?? 'reject') === 'reject' && !isForced(ex.url)) {
    ex.sendJson(409, { error: 'file already exists' });
    return;
  }
  ctx.storage.store(route.ns, meta, files.chart, files.prov);
  ctx.uploads[route.ns] = (ctx.uploads[route.ns] ?? 0) + 1;
  if (fault?.reset && fault.afterStore) {
    ex.req.socket.destroy();
    return;
  }
  ex.sendJson(201, { saved: true });
}

export async function serveRoute(call: RouteCall): Promise<void> {
  const serve: Record<Route['kind'], (call: RouteCall) => void | Promise<void>> = {
    index: serveIndex,
    download: serveDownload,
    api: serveApi,
    delete: serveDelete,
    upload: acceptUpload,
  };
  await serve[call.route.kind](call);
}
