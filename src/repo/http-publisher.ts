import { archiveOf, type PushOutcome } from '../types/publisher.js';
import { ChartRepoPublisher, type ChartPush } from './chart-repo-publisher.js';

/** `push-method: http`: our own multipart upload to the repository's API, the same bytes everywhere. */
export class HttpPublisher extends ChartRepoPublisher {
  readonly name = 'http';
  readonly repackages = false;

  protected async upload({ target, item, inspection, force }: ChartPush): Promise<PushOutcome> {
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
