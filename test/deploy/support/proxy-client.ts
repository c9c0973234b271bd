/**
 * Requests to a reverse proxy on 127.0.0.1 as a browser elsewhere would make them: to a site name the proxy serves
 * (sent as Host, and as the TLS server name, checked against the test's own certificate), from a chosen loopback
 * address, so the proxy sees distinct clients.
 */
import http from 'node:http';
import https from 'node:https';

export interface ProxyTarget {
  scheme: 'http' | 'https';
  port: number;
  /** The site's name, as in the proxy's server_name. */
  siteName: string;
  /** The certificate the proxy presents, trusted for this request only. */
  ca?: string;
}

export interface ProxyRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's address: any of 127.0.0.0/8 reaches the proxy on 127.0.0.1. */
  from?: string;
}

export interface ProxyResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** The origin a browser on this site sends: scheme, name and the port when it is not the scheme's own. */
export function siteOrigin(target: ProxyTarget): string {
  return `${target.scheme}://${target.siteName}:${target.port}`;
}

export function send(target: ProxyTarget, request: ProxyRequest): Promise<ProxyResponse> {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const options: https.RequestOptions = {
    host: '127.0.0.1',
    port: target.port,
    path: request.path,
    method: request.method ?? 'GET',
    headers: {
      host: `${target.siteName}:${target.port}`,
      ...(body ? { 'content-length': String(body.length) } : {}),
      ...request.headers,
    },
    localAddress: request.from ?? '127.0.0.1',
    agent: false,
    ...(target.scheme === 'https' ? { servername: target.siteName, ca: target.ca } : {}),
  };
  return new Promise((resolve, reject) => {
    const outgoing = (target.scheme === 'https' ? https : http).request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
