/**
 * Every input, once: the action's parser, the CLI's flags and `--help`, the docs table and the
 * check against action.yml all read this table.
 */

/** How an input is written; the CLI makes `boolean` inputs switches and the rest `--flag <value>`. */
export type InputKind =
  'text' | 'list' | 'boolean' | 'integer' | 'seconds' | 'url' | 'choice' | 'secret';

export interface InputSpec {
  readonly name: string;
  readonly kind: InputKind;
  /** The default as action.yml writes it; '' for none. */
  readonly default: string;
  /** action.yml's description, word for word. */
  readonly description: string;
  /** One line for `--help`. */
  readonly help: string;
  /** The CLI flag when it is not `--<name>`. */
  readonly flag?: string;
  /** Secrets are never flags: the CLI reads them from standard input or the environment. */
  readonly secret?: { readonly stdinFlag: string; readonly env: string };
}

const SCHEMA = [
  {
    name: 'charts',
    kind: 'list',
    default: '.',
    description:
      'Chart directories (with Chart.yaml), packaged .tgz files, or globs of either. Newlines and/or commas.',
    help: 'chart directories, .tgz files or globs (comma-separated)',
  },
  {
    name: 'repo-url',
    kind: 'text',
    default: '',
    description: 'Repository URL: https://…, http://… or oci://…. May contain {namespace}.',
    help: 'https://…, http://… or oci://… repository URL; may contain {namespace}',
  },
  {
    name: 'instance',
    kind: 'text',
    default: '',
    description:
      'TCR Enterprise instance name. With no repo-url: https://{instance}.tencentcloudcr.com/chartrepo/{namespace} (oci://{instance}.tencentcloudcr.com/{namespace} with push-method oci).',
    help: 'TCR Enterprise instance name (https://<instance>.tencentcloudcr.com/chartrepo/{namespace})',
  },
  {
    name: 'namespaces',
    kind: 'list',
    default: '',
    description:
      'Namespaces (TCR namespace, Harbor project, ChartMuseum tenant path) substituted for {namespace}; every chart goes to every namespace.',
    help: 'namespaces substituted for {namespace} (comma-separated)',
  },
  {
    name: 'username',
    kind: 'text',
    default: '',
    description: 'Repository user. Set both or neither of username and password.',
    help: 'repository user',
  },
  {
    name: 'access-token',
    kind: 'secret',
    default: '',
    description:
      'Bearer token instead of username/password (ChartMuseum --bearer-auth; helm-push --access-token). Use a secret; masked, never on a command line. Not with oci or fetch-back (Helm sends no bearer token).',
    help: 'read a bearer token (instead of user and password) from standard input',
    secret: { stdinFlag: 'access-token-stdin', env: 'HELM_PUBLISH_ACCESS_TOKEN' },
  },
  {
    name: 'password',
    kind: 'secret',
    default: '',
    description:
      'Password or token (use a secret). Masked; never on a command line, never left on disk.',
    help: 'read the password (or token) from standard input',
    secret: { stdinFlag: 'password-stdin', env: 'HELM_PUBLISH_PASSWORD' },
  },
  {
    name: 'helm-version',
    kind: 'text',
    default: 'v4.2.3',
    description:
      'Exact Helm version (v optional): v4.2.3, 3.18.1, v2.10.0 (Helm 2 for old servers only). latest, 3 or 4 resolve through the mirror and warn (not reproducible).',
    help: 'exact Helm version (v2/v3/v4), or latest, 3, 4',
  },
  {
    name: 'helm-mirror',
    kind: 'url',
    default: 'https://get.helm.sh',
    description:
      'Base URL for helm-<version>-<os>-<arch>.tar.gz (.zip on Windows) and its .sha256sum.',
    help: 'base URL of Helm release archives',
  },
  {
    name: 'helm-checksum',
    kind: 'text',
    default: '',
    description:
      "Expected SHA-256 (hex) of the Helm archive; when set, the mirror's checksum file is not needed.",
    help: 'expected SHA-256 of the Helm archive',
  },
  {
    name: 'push-method',
    kind: 'choice',
    default: 'auto',
    description:
      'auto (oci for oci:// URLs, else plugin), plugin (helm-push), http (built-in upload, no plugin) or oci (helm push to an OCI registry, Helm >= 3.8).',
    help: 'auto, plugin, http or oci',
  },
  {
    name: 'helm-push-version',
    kind: 'text',
    default: '',
    description:
      'helm-push plugin release. Default 0.9.0 for Helm 2, 0.10.4 for Helm 3, 0.11.1 for Helm 4.',
    help: 'helm-push plugin release (default per Helm major)',
  },
  {
    name: 'helm-push-mirror',
    kind: 'url',
    default: 'https://github.com/chartmuseum/helm-push/releases/download',
    description:
      'Base URL of helm-push releases (v<version>/helm-push_<version>_<os>_<arch>.tar.gz and checksums.txt).',
    help: 'base URL of helm-push releases',
  },
  {
    name: 'helm-push-checksum',
    kind: 'text',
    default: '',
    description:
      "Expected SHA-256 (hex) of the helm-push plugin archive; when set, the mirror's checksums.txt is not needed.",
    help: 'expected SHA-256 of the helm-push plugin archive',
  },
  {
    name: 'version',
    kind: 'text',
    default: '',
    description:
      'Chart version override for chart directories. A leading v is stripped; must be SemVer 2. Typical: ${{ github.ref_name }}.',
    help: "chart version override: the action's `version` input (a leading v is stripped)",
    flag: 'chart-version',
  },
  {
    name: 'app-version',
    kind: 'text',
    default: '',
    description: 'appVersion override for chart directories.',
    help: 'appVersion override',
  },
  {
    name: 'if-exists',
    kind: 'choice',
    default: 'fail',
    description:
      'When the version is already in the repository: fail, skip (status skipped) or overwrite (force).',
    help: 'fail, skip or overwrite',
  },
  {
    name: 'verify',
    kind: 'boolean',
    default: 'true',
    description:
      'After pushing, poll index.yaml (or the registry) until the chart, version and digest appear.',
    help: 'poll index.yaml until the pushed version appears',
  },
  {
    name: 'verify-timeout',
    kind: 'seconds',
    default: '120',
    description: 'Seconds to wait for verify.',
    help: 'seconds to wait for verify',
  },
  {
    name: 'fetch-back',
    kind: 'boolean',
    default: 'false',
    description:
      'Pull each pushed version back through Helm with the credentials and compare SHA-256.',
    help: 'pull each pushed version back and compare SHA-256',
  },
  {
    name: 'dependency-update',
    kind: 'boolean',
    default: 'false',
    description: "Run Helm's dependency update before packaging.",
    help: 'update chart dependencies before packaging',
  },
  {
    name: 'parallel',
    kind: 'integer',
    default: '4',
    description: 'Maximum concurrent pushes.',
    help: 'maximum concurrent pushes',
  },
  {
    name: 'retries',
    kind: 'integer',
    default: '3',
    description:
      'Retries for transient failures (connection errors, 408, 429, 5xx), exponential backoff with jitter; Retry-After is honoured.',
    help: 'retries for transient failures',
  },
  {
    name: 'request-timeout',
    kind: 'seconds',
    default: '60',
    description: 'Seconds per HTTP request.',
    help: 'seconds per HTTP request',
  },
  {
    name: 'context-path',
    kind: 'text',
    default: '',
    description:
      "ChartMuseum context path for the upload API; default the index's serverInfo.contextPath, else none.",
    help: 'ChartMuseum context path for the upload API',
  },
  {
    name: 'ca-file',
    kind: 'text',
    default: '',
    description: "PEM CA bundle for the repository's TLS.",
    help: 'PEM CA bundle for the repository TLS',
  },
  {
    name: 'insecure',
    kind: 'boolean',
    default: 'false',
    description: 'Skip TLS verification (warns).',
    help: 'skip TLS verification',
  },
  {
    name: 'plain-http',
    kind: 'boolean',
    default: 'false',
    description: 'OCI over plain HTTP (local registries).',
    help: 'OCI over plain HTTP',
  },
  {
    name: 'dry-run',
    kind: 'boolean',
    default: 'false',
    description: 'Validate, install, package and plan; push nothing.',
    help: 'validate, install, package and plan; push nothing',
  },
  {
    name: 'summary',
    kind: 'boolean',
    default: 'true',
    description: 'Write the job-summary table.',
    help: 'print the summary table',
  },
] as const satisfies readonly InputSpec[];

export type InputName = (typeof SCHEMA)[number]['name'];

/** The inputs in action.yml's order. */
export const INPUTS: readonly (InputSpec & { readonly name: InputName })[] = SCHEMA;

export const INPUT_NAMES: readonly InputName[] = INPUTS.map((spec) => spec.name);

/** Every input with its default, as action.yml declares them. */
export const INPUT_DEFAULTS = Object.fromEntries(
  INPUTS.map((spec) => [spec.name, spec.default]),
) as Readonly<Record<InputName, string>>;

const BY_NAME = new Map<string, InputSpec>(INPUTS.map((spec) => [spec.name, spec]));

export function inputSpec(name: InputName): InputSpec {
  return BY_NAME.get(name) as InputSpec;
}

export function isInputName(name: string): name is InputName {
  return BY_NAME.has(name);
}

/** The CLI flag (without dashes) that sets a non-secret input. */
export function flagOf(spec: InputSpec): string {
  return spec.flag ?? spec.name;
}

/** Returns the raw value of an input, or '' when it is not set. */
export type InputGetter = (name: InputName) => string;
