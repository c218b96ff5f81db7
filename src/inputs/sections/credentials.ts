import type { CredentialSettings } from '../../types/settings.js';
import { codePoint, type InputReader } from '../reader.js';

/** Who the repository is told we are: a user and password, or a bearer token. */
export function readCredentials(r: InputReader): CredentialSettings {
  const username = r.optional('username');
  const password = readPassword(r);
  if ((username === undefined) !== (password === undefined)) {
    r.problems.push(
      username === undefined
        ? 'input `password` is set without `username`: set both or neither'
        : 'input `username` is set without `password`: set input `password` (a secret) too, or neither',
    );
  }
  const accessToken = r.optional('access-token');
  return { username, password, accessToken };
}

/** DEL and C1 controls: Helm cannot keep them in its repositories file or registry config. */
const UNSTORABLE = /[\u007f-\u009f]/u;

/** Removes the line breaks a pasted secret often ends with, as `helm registry login` does. */
export function stripTrailingLineBreaks(password: string): string {
  return password.replace(/[\r\n]+$/, '');
}

/** The password exactly as given (spaces can be part of it) but for trailing line breaks. */
function readPassword(r: InputReader): string | undefined {
  const raw = r.raw('password');
  const password = stripTrailingLineBreaks(raw);
  if (password !== raw)
    r.warnings.push(
      'the password ends with a line break (often left by pasting a secret): it was removed; set input `password` without it',
    );
  const bad = UNSTORABLE.exec(password);
  if (bad !== null) {
    r.problems.push(
      `input \`password\` contains the control character ${codePoint(bad[0])} at position ${bad.index + 1}, which Helm cannot store: use a password without DEL or C1 control characters`,
    );
  }
  return password === '' ? undefined : password;
}

/**
 * `access-token` goes only as a Bearer header (our client; helm-push via HELM_REPO_ACCESS_TOKEN),
 * since Helm knows only Basic auth (helm/helm pkg/getter/httpgetter.go).
 */
export function accessTokenProblems(settings: {
  accessToken?: string;
  username?: string;
  password?: string;
  pushMethod: string;
  fetchBack: boolean;
}): string[] {
  if (settings.accessToken === undefined) return [];
  const problems: string[] = [];
  if (settings.username !== undefined || settings.password !== undefined) {
    problems.push(
      'inputs `access-token` and `username`/`password` exclude each other: set one or the other',
    );
  }
  if (settings.pushMethod === 'oci') {
    problems.push(
      '`access-token` is for chart repositories (ChartMuseum `--bearer-auth`): for an OCI registry set `username` and `password` (a token goes in `password`)',
    );
  }
  if (settings.fetchBack) {
    problems.push(
      '`fetch-back` pulls through Helm, which cannot send `access-token` (Helm repositories take only a user and password): set `fetch-back: false`, or use `username`/`password`',
    );
  }
  return problems;
}
