// A ChartMuseum/Harbor/TCR-compatible chart repository for tests, the demo and benchmarks (no
// ChartMuseum binary can be had here). It follows the ChartMuseum API: index.yaml with sha256
// digests and relative or absolute URLs, multipart upload (`chart`, optional `prov`), 201/409,
// `?force`, Basic auth, context paths, Harbor's `/chartrepo/<ns>` + `/api/chartrepo/<ns>`
// layout and multi-tenant paths, plus switchable faults, latency and a lagging index.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readChartMeta } from './chart-server/chart-archive.js';
import type { ServerContext } from './chart-server/context.js';
import { JSON_TYPE } from './chart-server/exchange.js';
import { FaultList } from './chart-server/faults.js';
import { handle } from './chart-server/handle.js';
import { chunksLength, syntheticEntries } from './chart-server/index-yaml.js';
import { abortableSleep, ClosedError } from './chart-server/request.js';
import { apiPath, repoPath, type LayoutConfig } from './chart-server/routes.js';
import { ChartStorage, summary } from './chart-server/storage.js';
import type { ChartServer, ChartServerOptions, RecordedRequest } from './chart-server/types.js';

export { readChartMeta, type ChartMeta } from './chart-server/chart-archive.js';
export type { Layout, RouteKind } from './chart-server/routes.js';
export type { IndexConsistency } from './chart-server/consistency.js';
export type { HarborOptions } from './chart-server/harbor.js';
export type * from './chart-server/types.js';

function layoutConfig(options: ChartServerOptions): LayoutConfig {
  const layout = options.layout ?? 'harbor';
  const config: LayoutConfig = {
    layout,
    contextPath: layout === 'harbor' ? '' : (options.contextPath ?? '').replace(/\/+$/, ''),
    depth: layout === 'multitenant' ? (options.depth ?? 2) : 0,
  };
  if (config.contextPath !== '' && !config.contextPath.startsWith('/'))
    throw new Error('contextPath must start with /');
  return config;
}

async function listen(
  onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function serverContext(options: ChartServerOptions, closing: AbortSignal): ServerContext {
  const config = layoutConfig(options);
  return {
    config,
    options,
    storage: new ChartStorage(config, options),
    faults: new FaultList(),
    requests: [],
    uploads: {},
    realm: options.realm ?? (config.layout === 'harbor' ? 'harbor' : 'ChartMuseum'),
    readOnly: new Set(options.readOnlyUsers ?? []),
    sleep: (ms) => abortableSleep(closing, ms),
  };
}

export async function startChartServer(options: ChartServerOptions = {}): Promise<ChartServer> {
  const closing = new AbortController();
  const ctx = serverContext(options, closing.signal);
  const { storage, faults, config } = ctx;
  const interval = options.consistency?.rescanIntervalMs;
  const rescanTimer =
    interval !== undefined ? setInterval(() => storage.rescan(), interval) : undefined;
  rescanTimer?.unref();

  const main = await listen((req, res) => {
    handle(ctx, req, res).catch((error: unknown) => {
      if (error instanceof ClosedError || res.destroyed) return;
      if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
  const base = (storage.base = main.url);
  let second: http.Server | undefined;
  if (options.indexRedirect === true) {
    const started = await listen((req, res) => {
      handle(ctx, req, res, true).catch(() => res.destroy());
    });
    second = started.server;
    ctx.indexHost = { url: started.url, requests: [] as RecordedRequest[] };
  }

  return {
    url: base,
    repoUrl: (ns = '') => `${base}${repoPath(config, ns)}`,
    apiUrl: (ns = '') => `${base}${apiPath(config, ns)}`,
    requests: ctx.requests,
    uploads: ctx.uploads,
    charts: (ns = '') => [...(storage.tenants.get(ns)?.charts.values() ?? [])].map(summary),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    get faults() {
      return faults.all;
    },
    faultHits: () => faults.all.map((f) => f.hits),
    seed: async (ns, bytes, prov) => {
      const chart = storage.store(ns, await readChartMeta(bytes), bytes, prov);
      chart.visibleAt = chart.apiVisibleAt = 0;
      return summary(chart);
    },
    seedSyntheticIndex: (ns, size) => {
      storage.ensureTenant(ns).synthetic = syntheticEntries(
        size.charts,
        size.versionsPerChart,
        (file) => storage.downloadUrl(ns, file),
      );
    },
    indexSize: (ns = '') => {
      const t = storage.tenants.get(ns);
      return t === undefined ? 0 : chunksLength(storage.renderIndex(ns, t));
    },
    ...(ctx.indexHost !== undefined && { indexHost: ctx.indexHost }),
    rescan: () => storage.rescan(),
    close: () =>
      new Promise<void>((resolve) => {
        if (rescanTimer !== undefined) clearInterval(rescanTimer);
        closing.abort();
        second?.closeAllConnections();
        second?.close();
        main.server.closeAllConnections();
        main.server.close(() => resolve());
      }),
  };
}
