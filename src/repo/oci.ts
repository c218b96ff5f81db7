import { PublishError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import type { Helm } from '../helm/cli.js';
import type { Settings } from '../inputs.js';
import type { Logger } from '../logger.js';
import type {
  Inspection,
  PackagedChart,
  Publisher,
  PushOutcome,
  Target,
  VerifyExpectation,
  VerifyOutcome,
} from './publisher.js';

export interface OciPublisherOptions {
  settings: Settings;
  http: HttpClient;
  helm: Helm;
  logger: Logger;
}

// Placeholder until OCI support lands (issue: OCI registries).
export class OciPublisher implements Publisher {
  constructor(readonly options: OciPublisherOptions) {}
  prepare(): Promise<void> {
    return Promise.reject(new PublishError('push-method oci is not implemented yet'));
  }
  inspect(_t: Target, _i: PackagedChart[]): Promise<Inspection> {
    return Promise.reject(new PublishError('not implemented'));
  }
  push(_t: Target, _i: PackagedChart, _n: Inspection, _f: boolean): Promise<PushOutcome> {
    return Promise.reject(new PublishError('not implemented'));
  }
  check(_t: Target, _e: VerifyExpectation[]): Promise<Map<PackagedChart, VerifyOutcome>> {
    return Promise.reject(new PublishError('not implemented'));
  }
  prepareFetch(): Promise<void> {
    return Promise.reject(new PublishError('not implemented'));
  }
  fetchBack(): Promise<string> {
    return Promise.reject(new PublishError('not implemented'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
