import type { PackagedChart, Target } from '../types/plan.js';
import { archiveOf, type Inspection, type PushOutcome } from '../types/publisher.js';
import { ChartRepoPublisher } from './chart-repo-publisher.js';

/** `push-method: http`: our own multipart upload to the repository's API, the same bytes everywhere. */
export class HttpPublisher extends ChartRepoPublisher {
  readonly name = 'http';
  readonly repackages = false;

  async push(
    target: Target,
    item: PackagedChart,
    inspection: Inspection,
    force: boolean,
  ): Promise<PushOutcome> {
    this.indexCache.notePushed(target, item);
    const archive = archiveOf(item);
    const outcome = await this.repo(target).upload({
      fileName: archive.fileName,
      bytes: archive.bytes,
      force,
      provenance: archive.provenance,
      contextPath: inspection.contextPath,
    });
    return outcome === 'saved' ? { kind: 'saved', digest: archive.digest } : { kind: 'exists' };
  }
}
