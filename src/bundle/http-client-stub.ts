// Stands in for @actions/http-client in dist/ (tsconfig.json `paths`; see scripts/build.mjs).
// @actions/core imports it only for getIDToken and @actions/tool-cache only for downloadTool;
// helm-publish calls neither, and the real module would bundle undici and load it at start-up.

function notBundled(): never {
  throw new Error(
    'helm-publish does not bundle @actions/http-client (OIDC tokens, tc.downloadTool); use src/http/client.ts',
  );
}

// Both are constructed with `new`; a function declaration throws the message above either way.
export { notBundled as HttpClient, notBundled as BearerCredentialHandler };
