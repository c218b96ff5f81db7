// A loopback forward proxy, as HTTP_PROXY / HTTPS_PROXY point to: CONNECT tunnels and
// absolute-form requests, each recorded with the Proxy-Authorization it carried.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface ProxyRecord {
  /** `CONNECT host:port`, or `GET http://host:port/path` for an absolute-form request. */
  line: string;
  proxyAuthorization: string | undefined;
}

export interface TestProxy {
  url: string;
  records: ProxyRecord[];
  close(): Promise<void>;
}

export async function startProxy(): Promise<TestProxy> {
  const records: ProxyRecord[] = [];
  const record = (req: IncomingMessage): void => {
    const auth = req.headers['proxy-authorization'];
    records.push({ line: `${req.method ?? ''} ${req.url ?? ''}`, proxyAuthorization: auth });
  };
  const server = createServer((req, res) => {
    record(req);
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, socket, head: Buffer) => {
    record(req);
    const [host = '', port = ''] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    records,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
