// The index cap at its real size: a server that never ends its index.yaml is cut off at 256 MiB.
// Streaming that much through the reader takes seconds, so this file stays out of `test:unit`.
import { afterEach, expect, it } from 'vitest';
import { READ_LIMITS } from '../../src/http/body.js';
import { HttpClient } from '../../src/http/client.js';
import { ChartRepository } from '../../src/repo/chartrepo.js';
import { endless, serve, type Recorder } from '../../test/support/hostile-server.js';
import { recordingLogger } from '../../test/support/logger.js';

const open: Recorder[] = [];
const client = new HttpClient({ timeoutSeconds: 5, retries: 0, logger: recordingLogger([]) });

afterEach(async () => {
  await client.close();
  await Promise.all(open.splice(0).map((r) => r.close()));
});

it('stops an endless index at the index cap', { timeout: 120_000 }, async () => {
  const versions = Buffer.from(
    Array.from({ length: 512 }, (_, i) => `  - name: other\n    version: 0.0.${String(i)}\n`).join(
      '',
    ),
  );
  const server = await serve((_req, res, sent) => {
    res.writeHead(200, { 'content-type': 'application/x-yaml' });
    res.write('apiVersion: v1\nentries:\n  other:\n');
    endless(res, sent, versions);
  }, open);
  const repo = new ChartRepository(server.url, client, { username: 'user', password: 'pw' });
  await expect(repo.readIndex([{ chart: 'c', version: '1' }])).rejects.toThrow(
    `${server.url}/index.yaml is larger than 256 MiB`,
  );
  expect(server.sent.bytes).toBeLessThan(READ_LIMITS.index + 16 * 1024 * 1024);
});
