// How bytes reach the API server. Two transports, both without dependencies:
// - `fetchTransport` (the default): Node's global fetch. It has no option for a custom CA;
//   pass an undici `dispatcher` (e.g. `new Agent({ connect: { ca } })` from the undici
//   package) or start node with NODE_EXTRA_CA_CERTS to trust a cluster CA with it.
// - `nodeHttpTransport`: node:https / node:http, which take `ca`, `cert` and `key` directly.
//   The client uses it when its config carries a `ca` (or client certificate). They are
//   loaded on its first request, not by this module: the main entry loads no `node:`
//   built-in, so bundlers and runtimes with `fetch` can use it.

export interface TransportRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  /** The body as it arrives; iterating it after the signal aborted throws. */
  body: AsyncIterable<Uint8Array>;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

/**
 * A transport over `fetch` (the global one unless given). `init` is merged into every
 * RequestInit — the place for an undici `dispatcher`.
 */
export function fetchTransport(fetchFn: typeof fetch = globalThis.fetch, init: Record<string, unknown> = {}): Transport {
  return async (request) => {
    const requestInit: RequestInit = { ...init, method: request.method, headers: request.headers, signal: request.signal };
    if (request.body !== undefined) requestInit.body = request.body;
    const response = await fetchFn(request.url, requestInit);
    const body = response.body;
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: body ? (body as unknown as AsyncIterable<Uint8Array>) : EMPTY,
    };
  };
}

export interface TlsOptions {
  /** PEM certificate(s) of the cluster CA. */
  ca?: string | Buffer | undefined;
  /** Client certificate and key (PEM), for clusters that authenticate by certificate. */
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
  /** Defaults to true; set false only against test clusters. */
  rejectUnauthorized?: boolean | undefined;
  /** The name the server's certificate must carry (and SNI), when it differs from the URL's host (kubeconfig `tls-server-name`). */
  servername?: string | undefined;
}

function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

/** A transport over node:https (or node:http for http: URLs), with TLS options. */
export function nodeHttpTransport(options: TlsOptions = {}): Transport {
  const tls: TlsOptions = {};
  for (const key of ["ca", "cert", "key", "rejectUnauthorized", "servername"] as const) if (options[key] !== undefined) Object.assign(tls, { [key]: options[key] });
  let modules: Promise<[typeof import("node:http"), typeof import("node:https")]> | undefined;
  return async (request) => {
    const [http, https] = await (modules ??= Promise.all([import("node:http"), import("node:https")]));
    return new Promise<TransportResponse>((resolve, reject) => {
      // Content-Length on every body: for DELETE (and GET, OPTIONS) node:http sends neither
      // Content-Length nor chunked encoding by itself, and the server then reads no body at
      // all (a delete's DeleteOptions, dryRun included, were silently dropped).
      const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
      const headers = body === undefined ? request.headers : { ...withoutHeader(request.headers, "content-length"), "Content-Length": String(body.byteLength) };
      const options = { method: request.method, headers, signal: request.signal };
      const onResponse = (response: import("node:http").IncomingMessage): void => {
        resolve({
          status: response.statusCode ?? 0,
          header: (name) => {
            const value = response.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
          },
          body: response,
        });
      };
      const req =
        request.url.protocol === "https:"
          ? https.request(request.url, { ...options, ...tls }, onResponse)
          : http.request(request.url, options, onResponse);
      req.on("error", reject);
      req.end(body);
    });
  };
}
