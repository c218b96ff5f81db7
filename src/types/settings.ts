/** Typed settings from action inputs or CLI flags (see src/inputs.ts). */

export type PushMethod = 'plugin' | 'http' | 'oci';
export type IfExists = 'fail' | 'skip' | 'overwrite';

export type HelmVersionRequest =
  { kind: 'exact'; version: string } | { kind: 'latest'; channel: 'latest' | '3' | '4' };

export interface Settings {
  charts: string[];
  /** The repository URL template, possibly containing `{namespace}`. */
  repoUrl: string;
  namespaces: string[];
  username?: string;
  password?: string;
  /** Bearer token instead of username/password (chart repositories only). */
  accessToken?: string;
  helmVersion: HelmVersionRequest;
  helmMirror: string;
  helmChecksum?: string;
  pushMethod: PushMethod;
  helmPushVersion?: string;
  helmPushMirror: string;
  helmPushChecksum?: string;
  version?: string;
  appVersion?: string;
  ifExists: IfExists;
  verify: boolean;
  verifyTimeoutSeconds: number;
  fetchBack: boolean;
  dependencyUpdate: boolean;
  parallel: number;
  retries: number;
  requestTimeoutSeconds: number;
  contextPath?: string;
  caFile?: string;
  insecure: boolean;
  plainHttp: boolean;
  dryRun: boolean;
  summary: boolean;
}
