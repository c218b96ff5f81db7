import { flagOf, inputSpec, isInputName } from './schema.js';

/**
 * Messages name inputs the action's way: a backquoted input name (`repo-url`), a setting
 * (`push-method: oci`), often after "input" or "inputs". The CLI shows them as its flags.
 */
const REFERENCE = /(\binputs? )?`([a-z][a-z-]*)(?:: ([^`\n]*))?`( \(a secret\))?/g;

/** Rewrites the input names in a message into the CLI's flags (from the input schema). */
export function cliWording(message: string): string {
  return message.replace(
    REFERENCE,
    (match, _prefix, name: string, value: string | undefined, secretNote: string | undefined) => {
      if (!isInputName(name)) return match;
      const spec = inputSpec(name);
      if (spec.secret !== undefined)
        return `\`--${spec.secret.stdinFlag}\` (or \`${spec.secret.env}\`)`;
      const flag = flagOf(spec);
      const rest = secretNote ?? '';
      if (value === undefined) return `\`--${flag}\`${rest}`;
      if (spec.kind === 'boolean' && (value === 'true' || value === 'false'))
        return `\`--${value === 'true' ? '' : 'no-'}${flag}\`${rest}`;
      return `\`--${flag} ${value}\`${rest}`;
    },
  );
}
