// Test certificates made with the openssl command line.
import { execFileSync } from 'node:child_process';

/** Writes a self-signed certificate for `subject` and its key (RSA 2048, no passphrase). */
export function selfSignedCertificate(
  files: { key: string; cert: string },
  subject: string,
  days: number,
): void {
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes'],
      ...['-keyout', files.key, '-out', files.cert],
      ...['-days', String(days), '-subj', subject],
    ],
    { stdio: 'ignore' },
  );
}
