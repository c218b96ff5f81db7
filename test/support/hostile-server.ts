// Loopback servers that misbehave on purpose: answers that never end or come one byte at a time.
// Limits are checked by the bytes the server got out, not by time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorder {
  url: string;
  port: number;
  seen: Array<{ method: string; path: string; authorization?: string }>;
  /** Bytes the handler managed to write. */
  sent: { bytes: number };
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, sent: { bytes: number }) => void;

/** Starts a server on `host` that records every request; `open` collects it for the clean-up. */
export async function serve(
  handler: Handler,
  open: Recorder[],
  host = '127.0.0.1',
): Promise<Recorder> {
  const seen: Recorder['seen'] = [];
  const sent = { bytes: 0 };
  const server: Server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization }),
    });
    handler(req, res, sent);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const recorder: Recorder = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`,
    port,
    seen,
    sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(recorder);
  return recorder;
}

/** Writes `chunk` for ever, as fast as the reader takes it, counting the bytes. */
export function endless(res: ServerResponse, sent: { bytes: number }, chunk: Buffer): void {
  const write = (): void => {
    while (!res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', write);
        return;
      }
    }
  };
  res.on('error', () => undefined);
  write();
}

/** One byte every `everyMs`, for ever: never idle long enough for a longer idle timeout. */
export function dribble(res: ServerResponse, sent: { bytes: number }, everyMs: number): void {
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else {
      sent.bytes++;
      res.write('.');
    }
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}
