// Network failures name the fix: a TLS client against a plain-HTTP server (a real one, on
// loopback), DNS, refused connections; and downloads name the mirror, proxy and checksum inputs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  explainRepositoryError,
  networkProblem,
  withDownloadHint,
} from '../../src/errors/network.js';
import { errorMessage } from '../../src/errors.js';
import { HttpClient } from '../../src/http/client.js';
import { recordingLogger } from '../../test/support/logger.js';

let server: http.Server;
let port: number;

beforeAll(async () => {
  // A registry served over plain HTTP, as `registry:2` without TLS (distribution's
  // registry/registry.go serves HTTP unless tls.certificate is configured).
  server = http.createServer((_req, res) => res.writeHead(200).end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function failureOf(url: string, lines: string[]): Promise<unknown> {
  const client = new HttpClient({
    timeoutSeconds: 5,
    retries: 2,
    logger: recordingLogger(lines),
    retryBaseMs: 1,
  });
  try {
    await client.request(url);
    throw new Error('no failure');
  } catch (error) {
    return error;
  } finally {
    await client.close();
  }
}

describe('TLS against a plain-HTTP server', () => {
  it('fails once, in one sentence, and names plain-http for OCI', async () => {
    const lines: string[] = [];
    const error = await failureOf(`https://127.0.0.1:${String(port)}/v2/`, lines);
    expect(networkProblem(error)).toBe('tls-plain');
    // Not retried: the same handshake fails the same way every time.
    expect(lines.filter((l) => l.includes('retrying'))).toEqual([]);
    const message = explainRepositoryError(error, true);
    expect(message).toMatch(/TLS handshake failed: the server answered in plain HTTP/);
    expect(message).toContain('set `plain-http: true`');
    expect(message).not.toMatch(/SSL routines|0A00010B|ssl3_/);
    expect(explainRepositoryError(error, false)).toContain('use an http:// URL in `repo-url`');
  });

  it('recognises Helm’s own words for it', () => {
    const helm = new Error(
      'helm push to oci://127.0.0.1:5000/ns failed: helm push exited 1: Error: Head "https://127.0.0.1:5000/v2/ns/hello/manifests/1.0.0": http: server gave HTTP response to HTTPS client',
    );
    expect(explainRepositoryError(helm, true)).toMatch(
      /; the registry speaks plain HTTP: set `plain-http: true`/,
    );
  });
});

describe('download failures', () => {
  it('a host that does not resolve names helm-mirror, the proxy and helm-checksum', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND get.helm.sh'), {
      code: 'ENOTFOUND',
    });
    const message = errorMessage(withDownloadHint(dns, 'helm'));
    expect(message).toContain('`helm-mirror`');
    expect(message).toContain('HTTPS_PROXY');
    expect(message).toContain('NO_PROXY');
    expect(message).toContain('`helm-checksum`');
  });

  it('a refused connection to the helm-push mirror names helm-push-mirror', async () => {
    const lines: string[] = [];
    // Port 1 on loopback: nothing listens there.
    const error = await failureOf('http://127.0.0.1:1/helm-push.tar.gz', lines);
    expect(networkProblem(error)).toBe('refused');
    const message = errorMessage(withDownloadHint(error, 'helm-push'));
    expect(message).toContain('`helm-push-mirror`');
    expect(message).toContain('HTTPS_PROXY');
  });

  it('leaves errors that are not about the network alone', () => {
    const other = new Error('checksum mismatch');
    expect(withDownloadHint(other, 'helm')).toBe(other);
    expect(explainRepositoryError(other, true)).toBe('checksum mismatch');
  });
});
