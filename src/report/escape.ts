/**
 * Server text as literal Markdown: all ASCII punctuation backslash-escaped (CommonMark allows it),
 * so no link, HTML or autolink can form; line breaks become spaces to keep one item one line.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}
