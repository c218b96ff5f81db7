/**
 * Untrusted text (a server's error message, a chart's name) as literal Markdown: every ASCII
 * punctuation character is backslash-escaped (CommonMark allows it for all of them), so no link,
 * image, HTML tag, entity, code span, emphasis or table cell border can start; `:`, `.` and `@`
 * escaped also keep GitHub's autolinks (`http://…`, `www.…`, `a@b.c`) from forming. Line breaks
 * become spaces: one message stays one list item or cell.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}
