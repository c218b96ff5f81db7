import { INPUTS, flagOf, type InputSpec } from './schema.js';

/** The inputs as a Markdown table for the README: input, default, description, CLI flag. */
export function inputsMarkdownTable(): string {
  const rows = [
    ['input', 'default', 'meaning', 'CLI'],
    ['---', '---', '---', '---'],
    ...INPUTS.map((spec) => [
      `\`${spec.name}\``,
      spec.default === '' ? '' : `\`${spec.default}\``,
      spec.description.replace(/\|/g, '\\|'),
      cliColumn(spec),
    ]),
  ];
  return `${rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n')}\n`;
}

function cliColumn(spec: InputSpec): string {
  if (spec.secret !== undefined) return `\`--${spec.secret.stdinFlag}\` or \`${spec.secret.env}\``;
  const flag = flagOf(spec);
  return spec.kind === 'boolean' ? `\`--${flag}\`, \`--no-${flag}\`` : `\`--${flag}\``;
}
