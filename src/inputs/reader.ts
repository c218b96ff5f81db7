import { parseBoolean } from '../util/lists.js';
import { INPUT_DEFAULTS, type InputGetter, type InputName } from './schema.js';

/**
 * What every section parser reads through: the raw getter, the defaults, and the problems and
 * warnings of the whole parse, so that all of them are reported at once.
 */
export class InputReader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly get: InputGetter) {}

  /** The value exactly as given ('' when unset); only the password needs this. */
  raw(name: InputName): string {
    return this.get(name);
  }

  /** The trimmed value, or the default when it is empty. */
  value(name: InputName): string {
    const raw = this.get(name).trim();
    return raw === '' ? INPUT_DEFAULTS[name] : raw;
  }

  /** The trimmed value, or undefined when it is empty (inputs without a default). */
  optional(name: InputName): string | undefined {
    const raw = this.get(name).trim();
    return raw === '' ? undefined : raw;
  }

  bool(name: InputName): boolean {
    const raw = this.value(name);
    const parsed = parseBoolean(raw);
    if (parsed !== undefined) return parsed;
    this.problems.push(
      `input \`${name}\` must be true or false (YAML 1.2 core schema), got "${raw}"`,
    );
    return parseBoolean(INPUT_DEFAULTS[name]) ?? false;
  }

  integer(name: InputName, min: number): number {
    const raw = this.value(name);
    if (/^\d+$/.test(raw) && Number(raw) >= min) return Number(raw);
    this.problems.push(`input \`${name}\` must be a whole number of at least ${min}, got "${raw}"`);
    return Number(INPUT_DEFAULTS[name]);
  }

  seconds(name: InputName): number {
    const raw = this.value(name);
    const parsed = Number(raw);
    if (/^\d+(\.\d+)?$/.test(raw) && parsed > 0) return parsed;
    this.problems.push(`input \`${name}\` must be a positive number of seconds, got "${raw}"`);
    return Number(INPUT_DEFAULTS[name]);
  }

  /** One of `choices`, else a problem and `fallback`. */
  choice<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
    const raw = this.value(name);
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`input \`${name}\` must be one of ${choices.join(', ')}; got "${raw}"`);
    return fallback;
  }

  /** A SHA-256 hex digest (an optional `sha256:` prefix and upper case accepted). */
  checksum(name: InputName): string | undefined {
    const digest = this.optional(name)
      ?.toLowerCase()
      .replace(/^sha256:/, '');
    if (digest !== undefined && !/^[0-9a-f]{64}$/.test(digest)) {
      this.problems.push(`input \`${name}\` must be a SHA-256 hex digest (64 hex characters)`);
    }
    return digest;
  }
}
