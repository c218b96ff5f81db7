import type { InputReader } from '../reader.js';

/** Who the repository is told we are: a user and password, or a bearer token. */
export interface CredentialInputs {
  username?: string;
  password?: string;
  accessToken?: string;
}

export function readCredentials(r: InputReader): CredentialInputs {
  const username = r.optional('username');
  // The password is kept exactly as given: spaces can be part of it.
  const password = r.raw('password') === '' ? undefined : r.raw('password');
  if ((username === undefined) !== (password === undefined)) {
    r.problems.push(
      username === undefined
        ? 'input `password` is set without `username`: set both or neither'
        : 'input `username` is set without `password`: set input `password` (a secret) too, or neither',
    );
  }
  const accessToken = r.optional('access-token');
  return {
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    ...(accessToken !== undefined && { accessToken }),
  };
}

/**
 * `access-token` replaces `username`/`password` and reaches the repository only as a Bearer
 * header (our client; helm-push through HELM_REPO_ACCESS_TOKEN). Helm itself cannot send one:
 * its repositories file and HTTP getter know only Basic auth (helm/helm pkg/getter/httpgetter.go).
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
