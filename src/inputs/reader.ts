import { parseBoolean } from '../util/lists.js';
import { INPUT_DEFAULTS, inputSpec, type InputGetter, type InputName } from './schema.js';

/** C0 controls, DEL and C1 controls. */
const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** The first control character (lists may span lines, so they keep LF, CR LF and tab). */
export function findControl(
  value: string,
  keepLineBreaks = false,
): { char: string; index: number } | undefined {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    const lineBreak =
      code === 10 || code === 9 || (code === 13 && value.charCodeAt(index + 1) === 10);
    if (!isControl(code) || (keepLineBreaks && lineBreak)) continue;
    return { char: value.charAt(index), index };
  }
  return undefined;
}

/** A character as U+XXXX, never the character itself: messages must not carry it to the log. */
export function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What every section parser reads through: the raw getter, the defaults, and the problems and
 * warnings of the whole parse, so that all of them are reported at once.
 */
export class InputReader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  private readonly refused = new Set<InputName>();
  private readonly get: InputGetter;

  constructor(get: InputGetter) {
    this.get = (name) => this.checked(name, get(name));
  }

  /**
   * Refuses control characters (a line break in `repo-url` could start a workflow command in
   * the log) in every input but the password, and hands on the value with them escaped.
   */
  private checked(name: InputName, raw: string): string {
    if (name === 'password') return raw;
    const list = inputSpec(name).kind === 'list';
    const found = findControl(list ? raw : raw.trim(), list);
    if (found === undefined) return raw;
    if (!this.refused.has(name)) {
      this.refused.add(name);
      this.problems.push(
        `input \`${name}\` contains the control character ${codePoint(found.char)} at position ${found.index + 1}: remove it (line breaks and other control characters are not allowed here)`,
      );
    }
    const escape = (c: string): string =>
      isControl(c.charCodeAt(0)) && !(list && c === '\n') ? codePoint(c) : c;
    return Array.from(raw, escape).join('');
  }

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
