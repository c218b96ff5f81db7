// Byte-level readers of one YAML line, for the entries line checker.
export const SPACE = 0x20;
export const TAB = 0x09;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

export const isBlank = (b: number | undefined): boolean =>
  b === undefined || b === SPACE || b === TAB;

/** Skips blanks and the anchors and tags that come before a value itself. */
export function skipProperties(buffer: Buffer, from: number, end: number): number {
  let position = from;
  for (;;) {
    while (position < end && (buffer[position] === SPACE || buffer[position] === TAB)) position++;
    const b = buffer[position];
    if (b !== 0x26 && b !== 0x21) return position;
    while (position < end && !isBlank(buffer[position])) position++;
  }
}

/** Index of the closing quote in `buffer[from, end)`, or -1 when the text goes on. */
export function closingQuote(buffer: Buffer, from: number, end: number, quote: number): number {
  for (let i = from; i < end; i++) {
    const b = buffer[i];
    if (quote === DQUOTE && b === BACKSLASH) i++;
    else if (b === quote) {
      if (quote === SQUOTE && buffer[i + 1] === SQUOTE) i++;
      else return i;
    }
  }
  return -1;
}

/** The `:` ending a plain key on this line, or -1 (no key, or a comment first). */
export function keyEnd(buffer: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = buffer[i];
    if (b === COLON && (i + 1 >= end || isBlank(buffer[i + 1]))) return i;
    if (b === HASH && i > from && isBlank(buffer[i - 1])) return -1;
  }
  return -1;
}

export function plainEnd(buffer: Buffer, from: number, end: number): number {
  let stop = end;
  for (let i = from + 1; i < end; i++) {
    if (buffer[i] === HASH && isBlank(buffer[i - 1])) {
      stop = i;
      break;
    }
  }
  return trimEnd(buffer, from, stop);
}

export function trimEnd(buffer: Buffer, from: number, end: number): number {
  let stop = end;
  while (stop > from && isBlank(buffer[stop - 1])) stop--;
  return stop;
}

export function flowClosesOnLine(buffer: Buffer, from: number, end: number): boolean {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const b = buffer[i];
    if (b === DQUOTE || b === SQUOTE) {
      const close = closingQuote(buffer, i + 1, end, b);
      if (close < 0) return false;
      i = close;
    } else if (b === 0x5b || b === 0x7b) depth++;
    else if (b === 0x5d || b === 0x7d) {
      depth--;
      if (depth === 0) return true;
    } else if (b === HASH && isBlank(buffer[i - 1])) return false;
  }
  return false;
}

/** Whether plain text holds `: ` (or ends in `:`) before any comment: YAML refuses that. */
export function hasMappingColon(buffer: Buffer, from: number, end: number): boolean {
  // Most values hold no colon: find one first, then look at what comes before it.
  let colon = buffer.indexOf(COLON, from);
  while (colon >= 0 && colon < end && !(colon + 1 >= end || isBlank(buffer[colon + 1]))) {
    colon = buffer.indexOf(COLON, colon + 1);
  }
  if (colon < 0 || colon >= end) return false;
  for (let i = from + 1; i < colon; i++) {
    if (buffer[i] === HASH && isBlank(buffer[i - 1])) return false;
  }
  return true;
}

/** The items of a one-line flow list of plain scalars (`[a, b]`), or undefined when nested. */
export function flowItems(buffer: Buffer, from: number, end: number): string[] | undefined {
  const text = buffer.toString('utf8', from, end);
  const close = text.indexOf(']');
  if (!text.startsWith('[') || close < 0) return undefined;
  const inner = text.slice(1, close);
  if (/[[\]{}"'#&*!]/.test(inner)) return undefined;
  return inner
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Skips the `- ` of block sequence items at the start of a line: how many, and where after. */
export function skipDashes(
  buffer: Buffer,
  at: number,
  end: number,
): { dashes: number; position: number } {
  let position = at;
  let dashes = 0;
  while (buffer[position] === 0x2d && (position + 1 >= end || isBlank(buffer[position + 1]))) {
    dashes++;
    position++;
    while (position < end && (buffer[position] === SPACE || buffer[position] === TAB)) position++;
  }
  return { dashes, position };
}
