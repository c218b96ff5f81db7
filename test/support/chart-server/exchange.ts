// One request and its answer, recorded as it is sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './request.js';
import type { RecordedRequest } from './types.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export class Exchange {
  readonly url: URL;
  readonly method: string;
  readonly record: RecordedRequest;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    base: string,
  ) {
    this.url = new URL(req.url ?? '/', base);
    this.method = req.method ?? 'GET';
    this.record = {
      method: this.method,
      path: this.url.pathname,
      query: this.url.search.replace(/^\?/, ''),
      status: 0,
    };
  }

  get reading(): boolean {
    return this.method === 'GET' || this.method === 'HEAD';
  }

  send(
    status: number,
    body: string | Buffer,
    type = JSON_TYPE,
    headers: Record<string, string> = {},
  ): void {
    this.record.status = status;
    this.res.writeHead(status, {
      ...headers,
      'content-type': type,
      'content-length': String(Buffer.byteLength(body)),
    });
    this.res.end(this.method === 'HEAD' ? undefined : body);
  }

  sendJson(status: number, value: unknown, headers?: Record<string, string>): void {
    this.send(status, JSON.stringify(value), JSON_TYPE, headers);
  }

  /** Reads the rest of the body first, so the client sees the answer, not a reset. */
  async drainAndSend(status: number, value: unknown, headers?: Record<string, string>) {
    await readBody(this.req);
    this.sendJson(status, value, headers);
  }
}
