import type { JobEvent, ProgressEvent, TargetEvent } from '../types/result.js';

const MARK: Record<JobEvent['stage'], string> = {
  pushing: '…',
  pushed: '↑',
  verified: '✓',
  unverified: '?',
  fetched: '⇣',
  skipped: '=',
  failed: '✗',
  'not-attempted': '-',
};

const STEP: Record<TargetEvent['step'], string> = {
  verify: 'verifying',
  'fetch-back': 'fetching back',
};

/** One line for a chart × namespace's latest step. */
export function progressLine(event: JobEvent): string {
  const r = event.result;
  const where = r.namespace === '' ? r.repo : r.namespace;
  const explained =
    event.stage === 'failed' || event.stage === 'unverified' || event.stage === 'not-attempted';
  const detail = explained && r.error !== undefined ? `: ${r.error}` : '';
  return `${MARK[event.stage]} ${r.chart} ${r.version} → ${where} ${event.stage}${detail}`;
}

/** A terminal stream: lines are rewritten in place with ANSI cursor movement. */
export interface TtyStream {
  write(text: string): boolean;
  rows?: number;
  columns?: number;
}

interface Step {
  event: TargetEvent;
  started: number;
}

/**
 * The terminal display, one line per chart × namespace rewritten in place (one line of counts when
 * the run outgrows the screen); other output goes through `log`, above it.
 */
export class LiveProgress {
  readonly #jobs = new Map<string, JobEvent>();
  readonly #steps = new Map<string, Step>();
  #height = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: TtyStream,
    private readonly now: () => number = Date.now,
    refreshMs = 1000,
  ) {
    // Elapsed times move on between events.
    if (refreshMs > 0) {
      this.#timer = setInterval(() => {
        if (this.#steps.size > 0) this.#render();
      }, refreshMs);
      this.#timer.unref();
    }
  }

  update(event: ProgressEvent): void {
    if (event.stage === 'target') {
      const key = `${event.step} ${event.where}`;
      if (event.phase === 'end') this.#steps.delete(key);
      else if (event.phase === 'start')
        this.#steps.set(key, { event, started: this.now() - event.seconds * 1000 });
    } else {
      const r = event.result;
      this.#jobs.set(`${r.chart}\0${r.version}\0${r.namespace}\0${r.repo}`, event);
    }
    this.#render();
  }

  /** Writes a line above the display, to `stream` (the display's own by default). */
  log(text: string, stream: { write(text: string): boolean } = this.stream): void {
    this.#erase();
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
    this.#draw();
  }

  /** Stops refreshing; the display stays (`keep`) or is erased for what follows. */
  close(keep: boolean): void {
    clearInterval(this.#timer);
    if (!keep) this.#erase();
    this.#height = 0;
  }

  #lines(): string[] {
    const steps = [...this.#steps.values()].map(({ event, started }) => {
      const seconds = ((this.now() - started) / 1000).toFixed(0);
      const charts = `${String(event.charts)} chart${event.charts === 1 ? '' : 's'}`;
      return `  ${event.where}: ${STEP[event.step]} ${charts}, ${seconds}s`;
    });
    const jobs = [...this.#jobs.values()];
    const rows = this.stream.rows ?? 24;
    const width = Math.max(20, (this.stream.columns ?? 120) - 1);
    const lines =
      jobs.length + steps.length < rows ? [...jobs.map(progressLine), ...steps] : [compact(jobs)];
    // A wrapped line would throw the cursor arithmetic off.
    return lines.map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
  }

  #erase(): void {
    if (this.#height === 0) return;
    this.stream.write(`\x1b[${String(this.#height)}F\x1b[0J`);
    this.#height = 0;
  }

  #draw(): void {
    const lines = this.#lines();
    if (lines.length === 0) return;
    this.stream.write(`${lines.join('\n')}\n`);
    this.#height = lines.length;
  }

  #render(): void {
    this.#erase();
    this.#draw();
  }
}

/** `30 jobs: 12 verified, 3 pushing, 1 failed` for runs larger than the screen. */
function compact(jobs: JobEvent[]): string {
  const counts = new Map<string, number>();
  for (const { stage } of jobs) counts.set(stage, (counts.get(stage) ?? 0) + 1);
  const parts = [...counts].map(([stage, count]) => `${String(count)} ${stage}`);
  return `${String(jobs.length)} jobs: ${parts.join(', ')}`;
}
