// What the chart server stores per namespace, and the index and API views of it (which may lag
// behind storage, as ChartMuseum's cached index does: pkg/chartmuseum/server/multitenant/index.go).
import { createHash } from 'node:crypto';
import { compareVersions, type ChartMeta } from './chart-archive.js';
import { ConsistencyModel } from './consistency.js';
import type { YamlValue } from './go-yaml.js';
import { goTimestamp, indexChunks, indexEntry, renderEntries } from './index-yaml.js';
import { repoPath, type LayoutConfig } from './routes.js';
import type { ChartServerOptions, ChartSummary, StoredChart } from './types.js';

export interface Tenant {
  charts: Map<string, StoredChart>;
  synthetic?: { chunks: Buffer[]; names: Set<string> };
}

type Entry = { [key: string]: YamlValue };

export function summary(c: StoredChart): ChartSummary {
  return {
    name: c.name,
    version: c.version,
    ...(c.appVersion !== undefined && { appVersion: c.appVersion }),
    digest: c.digest,
    size: c.size,
    prov: c.prov !== undefined,
    created: c.created,
  };
}

export function byNameNewestFirst(charts: StoredChart[]): Map<string, StoredChart[]> {
  const byName = new Map<string, StoredChart[]>();
  for (const name of [...new Set(charts.map((c) => c.name))].sort()) {
    byName.set(
      name,
      charts.filter((c) => c.name === name).sort((a, b) => compareVersions(b.version, a.version)),
    );
  }
  return byName;
}

function newChart(meta: ChartMeta, bytes: Buffer, prov: Buffer | undefined): StoredChart {
  return {
    name: meta.name,
    version: meta.version,
    digest: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    bytes,
    created: goTimestamp(),
    visibleAt: 0,
    apiVisibleAt: 0,
    fields: meta.fields,
    ...(meta.appVersion !== undefined && { appVersion: meta.appVersion }),
    ...(meta.description !== undefined && { description: meta.description }),
    ...(meta.apiVersion !== undefined && { apiVersion: meta.apiVersion }),
    ...(prov !== undefined && { prov }),
  };
}

export class ChartStorage {
  readonly tenants = new Map<string, Tenant>();
  private readonly fixedNamespaces: boolean;
  private readonly consistency: ConsistencyModel | undefined;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  base = '';

  constructor(
    private readonly config: LayoutConfig,
    private readonly options: ChartServerOptions,
  ) {
    this.fixedNamespaces = options.namespaces !== undefined;
    for (const ns of options.namespaces ?? []) this.tenants.set(ns, { charts: new Map() });
    this.consistency =
      options.consistency !== undefined ? new ConsistencyModel(options.consistency) : undefined;
  }

  /** The tenant for a namespace; unknown namespaces exist (empty) unless the list is fixed. */
  tenantFor(ns: string): Tenant | undefined {
    return this.tenants.get(ns) ?? (this.fixedNamespaces ? undefined : { charts: new Map() });
  }

  /** Test setup may create a namespace even when the list is fixed. */
  ensureTenant(ns: string): Tenant {
    let t = this.tenants.get(ns);
    if (t === undefined) this.tenants.set(ns, (t = { charts: new Map() }));
    return t;
  }

  downloadUrl(ns: string, file: string): string {
    return this.options.urls === 'absolute'
      ? `${this.base}${repoPath(this.config, ns)}/charts/${file}`
      : `charts/${file}`;
  }

  /** What the index shows now: stored charts past their delay, else the version they replaced. */
  visibleCharts(t: Tenant, now = Date.now(), view: 'index' | 'api' = 'index'): StoredChart[] {
    const shows = (c: StoredChart): boolean =>
      (view === 'index' ? c.visibleAt : c.apiVisibleAt) <= now;
    const out: StoredChart[] = [];
    for (const chart of t.charts.values()) {
      if (shows(chart)) out.push(chart);
      else if (chart.previous !== undefined && shows(chart.previous)) out.push(chart.previous);
    }
    return out;
  }

  renderIndex(ns: string, t: Tenant): Buffer[] {
    const entries = new Map<string, Entry[]>();
    for (const [name, versions] of byNameNewestFirst(this.visibleCharts(t))) {
      entries.set(
        name,
        versions.map((c) => this.entry(ns, c)),
      );
    }
    return indexChunks({
      cached: t.synthetic?.chunks ?? [],
      live: entries.size > 0 ? renderEntries(entries) : '',
      contextPath: this.config.contextPath,
    });
  }

  /** A chart version as the index and the JSON API list it. */
  entry(ns: string, c: StoredChart): Entry {
    return indexEntry(c, this.downloadUrl(ns, `${c.name}-${c.version}.tgz`));
  }

  store(ns: string, meta: ChartMeta, bytes: Buffer, prov?: Buffer): StoredChart {
    const t = this.ensureTenant(ns);
    const key = `${meta.name}-${meta.version}`;
    const old = t.charts.get(key);
    const now = Date.now();
    const delay = this.options.indexDelayMs ?? 0;
    const visibility = this.consistency?.visibilityOf(`${key}.tgz`, now) ?? {
      visibleAt: now + delay,
      apiVisibleAt: now + delay,
    };
    const chart: StoredChart = { ...newChart(meta, bytes, prov), ...visibility };
    const shown = old === undefined || old.visibleAt <= now ? old : old.previous;
    if (shown !== undefined) chart.previous = { ...shown, previous: undefined };
    t.charts.set(key, chart);
    return chart;
  }

  /** ChartMuseum's storage rescan: every replica's index catches up with storage. */
  rescan(): void {
    const now = Date.now();
    for (const t of this.tenants.values()) {
      for (const chart of t.charts.values()) ConsistencyModel.rescanned(chart, now);
    }
  }
}
