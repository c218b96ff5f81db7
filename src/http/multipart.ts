import { randomUUID } from 'node:crypto';

export interface FormFile {
  field: string;
  fileName: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * A multipart/form-data body, as browsers' FormData encodes it: each file a part
 * with its field name, file name (`"`, CR and LF percent-encoded) and content type.
 */
export function multipartBody(files: readonly FormFile[]): { contentType: string; body: Buffer } {
  const boundary = `----helm-publish-${randomUUID()}`;
  const escape = (value: string): string =>
    value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.field)}"; filename="${escape(file.fileName)}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}
