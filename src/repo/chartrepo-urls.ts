import path from 'node:path';
import { PublishError } from '../errors.js';

/** Where a ChartMuseum-API repository's upload API and chart archives are. */

/**
 * The upload API base as helm-push computes it, `path.Join(contextPath, "api", <repo path>)` on
 * the same origin: `/chartrepo/<ns>` → `/api/chartrepo/<ns>`, `/` → `/api`, `/ctx` → `/ctx/api`.
 */
export function apiBaseUrl(repoUrl: string, contextPath?: string): string {
  const url = new URL(repoUrl);
  if (contextPath !== undefined && contextPath !== '' && !isPlainPath(contextPath)) {
    throw new PublishError(
      `context path ${JSON.stringify(contextPath)} for ${repoUrl} is not a plain path: set input \`context-path\` to the server's path, like /charts`,
    );
  }
  const repoPath = url.pathname.replace(/\/+$/, '');
  const ctx = (contextPath ?? '').replace(/\/+$/, '');
  const rest =
    ctx !== '' && (repoPath === ctx || repoPath.startsWith(`${ctx}/`))
      ? repoPath.slice(ctx.length)
      : repoPath;
  const api = new URL(path.posix.join(ctx === '' ? '/' : ctx, 'api', rest), url.origin);
  // Credentials go with the upload: it must stay on the repository's origin.
  if (api.origin !== url.origin)
    throw new PublishError(`the upload API for ${repoUrl} would leave its origin`);
  return `${api.origin}${api.pathname}`;
}

/**
 * A context path must be a plain path on the repository's origin (`/` first; no `//`, backslash,
 * query, fragment or controls): a value like `@[::1]:PORT` would move the upload to another host.
 */
export function isPlainPath(value: string): boolean {
  const controls = Array.from({ length: value.length }, (_, i) => value.charCodeAt(i)).some(
    (code) => code < 0x20 || code === 0x7f,
  );
  return !controls && /^\/(?!\/)[^\\?#\s]*$/.test(value);
}

/** Resolves an index entry URL (relative to the repository, or absolute). */
export function chartDownloadUrl(repoUrl: string, entryUrl: string): string {
  return new URL(entryUrl, `${repoUrl.replace(/\/+$/, '')}/`).toString();
}
