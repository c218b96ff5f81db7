type Collect = (options: { type: 'minor' | 'major' }) => void;
let collect: Collect | undefined;

/**
 * Asks V8 for a young-generation collection (about a millisecond). A streamed response gets a
 * fresh buffer for every socket read; read and dropped at once, those are garbage, but V8
 * frees them only when JS allocation fills the young generation (which a reader that scans
 * bytes hardly does) or after 64 MB more of such memory. On a 66 MB index.yaml that let the
 * action's peak RSS swing between 115 and 155 MB.
 *
 * `gc` comes from a context made while `--expose-gc` is set, as jest's leak detector gets it;
 * the flag is unset at once, so that code compiled afterwards (and Node's compile cache, which
 * is keyed by V8's flags) sees the flags it always sees.
 */
export function collectYoungGarbage(): void {
  if (collect === undefined) {
    // Loaded here, for the few runs that need it (node:v8 takes about 4 ms to load).
    const v8 = process.getBuiltinModule('node:v8');
    const vm = process.getBuiltinModule('node:vm');
    v8.setFlagsFromString('--expose-gc');
    try {
      collect = vm.runInNewContext('gc') as Collect;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  collect({ type: 'minor' });
}
