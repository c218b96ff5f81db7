// Finds the code users copy from the README and examples/: fenced blocks, steps that use the
// action, and helm-publish command lines, so that tests can hold them against action.yml and
// the CLI's flags.
import YAML from 'yaml';

export interface Fence {
  lang: string;
  body: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

/** Every fenced code block of a Markdown text, including those inside HTML tables. */
export function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(re)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    found.push({ lang: match[1] ?? '', body: match[2] ?? '', line });
  }
  return found;
}

type Node = Record<string, unknown>;
export interface ActionStep {
  with: Record<string, unknown>;
  /** The mappings around the step, innermost first (job, then workflow, when the snippet has them). */
  around: Node[];
}

const ACTION_USES = /^(\.\/?|[\w.-]+\/helm-publish@[\w./-]+)$/;

/**
 * Steps that use this action (`uses: ./` or `uses: OWNER/helm-publish@…`) anywhere in a parsed
 * YAML document: a workflow, a job, a list of steps or a single step. A `uses:` that names
 * helm-publish in any other form throws, so that a typo is not silently skipped.
 */
export function actionSteps(doc: unknown): ActionStep[] {
  const steps: ActionStep[] = [];
  const walk = (value: unknown, around: Node[]): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, around);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    const uses = node.uses;
    if (typeof uses === 'string' && (ACTION_USES.test(uses) || uses.includes('helm-publish'))) {
      if (!ACTION_USES.test(uses))
        throw new Error(`"uses: ${uses}" is not OWNER/helm-publish@<ref>`);
      steps.push({ with: (node.with ?? {}) as Record<string, unknown>, around });
      return;
    }
    for (const child of Object.values(node)) walk(child, [node, ...around]);
  };
  walk(doc, []);
  return steps;
}

/** Values for the `${{ … }}` expressions snippets use, as GitHub would supply them. */
function expressionValue(expression: string, around: Node[]): string {
  const [root, ...rest] = expression.trim().split('.');
  if (root === 'secrets' && rest.length === 1) return `secret-${rest[0] ?? ''}`;
  if (root === 'steps' && rest[1] === 'outputs') return 'step-output';
  if (root === 'matrix' && rest.length === 1) {
    for (const node of around) {
      const matrix = (node.strategy as { matrix?: Record<string, unknown> } | undefined)?.matrix;
      const values = matrix?.[rest[0] ?? ''];
      if (Array.isArray(values) && values.length > 0) return String(values[0]);
    }
    throw new Error(`\${{ ${expression} }} has no matrix around it`);
  }
  const github: Record<string, string> = {
    'github.ref_name': 'v1.2.3',
    'github.actor': 'octocat',
    'github.repository_owner': 'octo-org',
    'github.token': 'ghs_token',
  };
  const value = github[expression.trim()];
  if (value === undefined) throw new Error(`unknown expression \${{ ${expression} }}`);
  return value;
}

/** A step's inputs as the runner passes them: strings, with expressions evaluated. */
export function evaluatedInputs(step: ActionStep): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(step.with)) {
    const text = typeof raw === 'string' ? raw : String(raw);
    out[name] = text.replace(/\$\{\{([^}]*)\}\}/g, (_m, e: string) =>
      expressionValue(e, step.around),
    );
  }
  return out;
}

/** Whether the job or workflow around a step grants `packages: write`. */
export function grantsPackagesWrite(step: ActionStep): boolean {
  return step.around.some((node) => {
    const permissions = node.permissions;
    if (permissions === 'write-all') return true;
    return (permissions as Node | undefined)?.packages === 'write';
  });
}

/** The `--flags` of every helm-publish command in a shell text ("#" comments dropped). */
export function cliInvocations(shell: string): string[][] {
  const invocations: string[][] = [];
  const lines = shell.replace(/\\\n/g, ' ').split('\n');
  for (const line of lines) {
    const tokens = line
      .replace(/(^|\s)#.*$/, '')
      .trim()
      .split(/\s+/);
    tokens.forEach((token, at) => {
      if (!/^helm-publish(@[\w.^~-]+)?$/.test(token)) return;
      const flags: string[] = [];
      for (const arg of tokens.slice(at + 1)) {
        if (/^(\||\|\||&&|;|[<>])/.test(arg)) break;
        if (arg.startsWith('--')) flags.push(arg.slice(2).split('=')[0] ?? '');
      }
      invocations.push(flags);
    });
  }
  return invocations;
}

/** Shell text of a GitLab CI file: every `script`, `before_script` and `after_script` line. */
export function gitlabScripts(text: string): string {
  const lines: string[] = [];
  const walk = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (typeof value === 'string') {
      if (/^(before_|after_)?script$/.test(key)) lines.push(value);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(YAML.parse(text));
  return lines.join('\n');
}

/** Shell text of a Jenkinsfile: the bodies of its `sh '''…'''` and `sh "…"` steps. */
export function jenkinsScripts(text: string): string {
  const bodies = [...text.matchAll(/\bsh\s+(?:'''([\s\S]*?)'''|"""([\s\S]*?)""")/g)];
  return bodies.map((m) => m[1] ?? m[2] ?? '').join('\n');
}

/** Every flag `--help` lists, negated booleans included (`--no-verify`). */
export function helpFlags(help: string): Set<string> {
  return new Set([...help.matchAll(/(?:^|[\s,])--([a-z][a-z0-9-]*)/gm)].map((m) => m[1] ?? ''));
}
