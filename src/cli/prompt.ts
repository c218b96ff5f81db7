/** Standard input as a terminal offers it: raw mode turns off the echo. */
export interface TerminalInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

/** Ctrl-C at the prompt: the run ends as if interrupted (exit 130). */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled at the prompt');
  }
}

const ENTER = new Set(['\r', '\n', '\u0004']);
const ERASE = new Set(['\u007f', '\b']);

/**
 * Asks for a secret on a terminal without echoing it: "Password: ", then the characters typed
 * up to Enter (Backspace erases, Ctrl-C cancels), as `sudo` or `docker login` do.
 */
export function promptSecret(
  input: TerminalInput,
  output: NodeJS.WritableStream,
  label: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const c of chunk.toString()) {
        if (c === '\u0003') {
          finish(new PromptCancelled());
          return;
        }
        if (ENTER.has(c)) {
          finish();
          return;
        }
        // Backspace erases one code point (what the terminal erased on screen, had it echoed).
        if (ERASE.has(c)) value = Array.from(value).slice(0, -1).join('');
        else value += c;
      }
    };
    // Echo off before the prompt shows: whatever is typed once it is up must not appear.
    input.setRawMode?.(true);
    output.write(label);
    input.on('data', onData);
    input.resume();
  });
}
