/** Typed settings from action inputs or CLI flags (see src/inputs.ts). */

export type PushMethod = 'plugin' | 'http' | 'oci';
export type IfExists = 'fail' | 'skip' | 'overwrite';

export type HelmVersionRequest =
  { kind: 'exact'; version: string } | { kind: 'latest'; channel: 'latest' | '3' | '4' };

/** Where charts go, and how (`push-method: auto` already resolved). */
export interface RepositorySettings {
  charts: string[];
  /** The repository URL template, possibly containing `{namespace}`. */
  repoUrl: string;
  namespaces: string[];
  pushMethod: PushMethod;
}

export interface CredentialSettings {
  username?: string;
  password?: string;
  /** Bearer token instead of username/password (chart repositories only). */
  accessToken?: string;
}

export interface HelmSettings {
  helmVersion: HelmVersionRequest;
  helmMirror: string;
  helmChecksum?: string;
  helmPushVersion?: string;
  helmPushMirror: string;
  /** Pinned SHA-256 of the helm-push plugin archive. */
  helmPushChecksum?: string;
}

/** What is published: chart overrides. */
export interface ChartOptionSettings {
  version?: string;
  appVersion?: string;
  ifExists: IfExists;
  contextPath?: string;
}

/** How the run behaves. */
export interface RunOptionSettings {
  verify: boolean;
  verifyTimeoutSeconds: number;
  fetchBack: boolean;
  dependencyUpdate: boolean;
  parallel: number;
  retries: number;
  requestTimeoutSeconds: number;
  insecure: boolean;
  plainHttp: boolean;
  dryRun: boolean;
  summary: boolean;
  caFile?: string;
}

/** Each part is read by its own input section (src/inputs/sections/). */
export type Settings = RepositorySettings &
  CredentialSettings &
  HelmSettings &
  ChartOptionSettings &
  RunOptionSettings;
