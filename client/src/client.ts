// The executor: sends built requests, maps failures to typed errors, retries nothing.
import { GoneError, KubeApiError, KubeTimeoutError, statusError } from "./errors.js";
import { requestUrl, type KubeRequest } from "./request.js";
import { fetchTransport, nodeHttpTransport, type TlsOptions, type Transport } from "./transport.js";
import type { KubeObject, ObjectList, Status, WatchEvent } from "./types.js";
import type { InClusterOptions, KubeconfigOptions } from "./config/index.js";
import { decodeWatchStream } from "./watch-decoder.js";

export interface ClientConfig extends TlsOptions {
  /** The API server, e.g. `https://10.0.0.1:6443` (a path prefix is kept: `https://proxy/k8s/clusters/c1`). */
  baseUrl: string | URL;
  /** Bearer token, or a function returning the current one (called per request: rotated tokens). */
  token?: string | (() => string | Promise<string>) | undefined;
  /**
   * Timeout of a request, in ms, from sending to the end of its body (default 30 000).
   * For a watch it bounds the wait for the response headers; the stream itself is bounded
   * by the request's `timeoutSeconds` (plus this timeout as slack) when given.
   */
  timeoutMs?: number | undefined;
  /** Extra headers of every request (e.g. User-Agent, Impersonate-User). */
  headers?: Record<string, string> | undefined;
  /**
   * How requests are sent. Default: Node's global fetch, or node:https when `ca`, `cert`
   * or `key` is set (global fetch cannot take a CA without an undici dispatcher; pass
   * `fetchTransport(fetch, { dispatcher })` to use one).
   */
  transport?: Transport | undefined;
  /** The namespace of the kubeconfig context or the pod; `client.defaultNamespace` (default "default"). */
  defaultNamespace?: string | undefined;
}

/** What a client built from a kubeconfig or the in-cluster files may add. */
export type ClientExtras = Pick<ClientConfig, "timeoutMs" | "headers">;

/** Sent unless the config's headers set another. */
export const USER_AGENT = "k8s-openapi-ts-client/0.1.0";

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

const HTTP_REASONS: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  409: "Conflict",
  410: "Gone",
  413: "RequestEntityTooLarge",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function isStatus(value: unknown): value is Status {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Status";
}

/** The typed error of a non-2xx response body. */
function failure(httpStatus: number, text: string): KubeApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) return statusError(parsed, httpStatus);
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: httpStatus, reason: HTTP_REASONS[httpStatus] ?? "Unknown", message: text.slice(0, 1000) || `HTTP ${httpStatus}` };
  return statusError(status, httpStatus);
}

/** A list response with apiVersion and kind filled into every item. */
function completeList<K extends KubeObject>(list: ObjectList<K>, itemType: { apiVersion: string; kind: string } | undefined): ObjectList<K> {
  if (!itemType || !Array.isArray(list.items)) return list;
  return { ...list, items: list.items.map((item) => Object.assign({ apiVersion: itemType.apiVersion, kind: itemType.kind }, item)) };
}

function linkSignals(timeoutMs: number | undefined, signal: AbortSignal | undefined): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new KubeTimeoutError(`request timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear: () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

function extras(options: ClientExtras): ClientExtras {
  return { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.headers ? { headers: options.headers } : {}) };
}

export class KubeClient {
  private readonly base: URL;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  /** The namespace to use when the caller names none: the kubeconfig context's or the pod's, else "default". */
  readonly defaultNamespace: string;

  /**
   * A client for a kubeconfig's context, found as kubectl finds it (`kubeconfig`, else
   * $KUBECONFIG, else ~/.kube/config). Exec credential plugins run now, so a failure shows
   * here. Loads `@k8s-openapi-ts/client/config` on first use: see docs/clusters.md.
   */
  static async fromKubeconfig(options: KubeconfigOptions & ClientExtras = {}): Promise<KubeClient> {
    const { loadKubeconfig } = await import("./config/load-kubeconfig.js");
    const { clientConfig } = await loadKubeconfig(options);
    return new KubeClient({ ...clientConfig, ...extras(options) });
  }

  /** A client for the pod it runs in: KUBERNETES_SERVICE_HOST/PORT and the service-account token, CA and namespace. */
  static async inCluster(options: InClusterOptions & ClientExtras = {}): Promise<KubeClient> {
    const { inClusterConfig } = await import("./config/in-cluster.js");
    const { clientConfig } = await inClusterConfig(options);
    return new KubeClient({ ...clientConfig, ...extras(options) });
  }

  constructor(private readonly config: ClientConfig) {
    this.defaultNamespace = config.defaultNamespace ?? "default";
    this.base = new URL(config.baseUrl);
    if (this.base.search || this.base.hash) throw new TypeError("baseUrl must not carry a query or fragment");
    this.timeoutMs = config.timeoutMs ?? 30_000;
    const tls = config.ca !== undefined || config.cert !== undefined || config.key !== undefined || config.rejectUnauthorized !== undefined || config.servername !== undefined;
    this.transport = config.transport ?? (tls ? nodeHttpTransport(config) : fetchTransport());
  }

  private url(request: KubeRequest<unknown>): URL {
    const prefix = this.base.pathname.replace(/\/+$/, "");
    return new URL(`${prefix}${requestUrl(request)}`, this.base);
  }

  private async headers(request: KubeRequest<unknown>): Promise<Record<string, string>> {
    const headers: Record<string, string> = { "User-Agent": USER_AGENT, ...this.config.headers, ...request.headers };
    const token = typeof this.config.token === "function" ? await this.config.token() : this.config.token;
    if (token) headers["Authorization"] = `Bearer ${token}`;
    return headers;
  }

  /**
   * Sends a get/list/create/replace/patch/delete request and returns its typed body.
   * Throws {@link KubeApiError} (or {@link GoneError}) for failures, {@link KubeTimeoutError}
   * on timeout. Nothing is retried.
   */
  async request<T>(request: KubeRequest<T, "object" | "list">, options: CallOptions = {}): Promise<T> {
    if (request.response === ("watch" as string)) throw new TypeError("use KubeClient.watch for watch requests");
    const link = linkSignals(this.timeoutMs, options.signal);
    try {
      const response = await this.transport({
        url: this.url(request),
        method: request.method,
        headers: await this.headers(request),
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: link.signal,
      });
      const text = await readText(response.body);
      if (response.status < 200 || response.status > 299) throw failure(response.status, text);
      const value: unknown = text === "" ? undefined : JSON.parse(text);
      if (request.response === "list" && !isStatus(value)) return completeList(value as ObjectList<KubeObject>, request.itemType) as T;
      return value as T;
    } catch (error) {
      if (link.timedOut()) throw new KubeTimeoutError(`${request.method} ${request.path} timed out after ${this.timeoutMs} ms`, { cause: error });
      throw error;
    } finally {
      link.clear();
    }
  }

  /**
   * Opens a watch and yields its events as they arrive. ERROR events end the stream as a
   * thrown {@link KubeApiError} — {@link GoneError} for 410 (resourceVersion too old), as is
   * a 410 response. Added/modified/deleted objects get apiVersion and kind when the server
   * left them out. Breaking out of the loop closes the connection.
   */
  async *watch<K extends KubeObject>(request: KubeRequest<WatchEvent<K>, "watch">, options: CallOptions = {}): AsyncGenerator<WatchEvent<K>, void, undefined> {
    const timeoutParam = request.query["timeoutSeconds"];
    const timeoutSeconds = timeoutParam === undefined ? undefined : Number(timeoutParam);
    const streamLimit = timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000 + this.timeoutMs;
    const link = linkSignals(streamLimit, options.signal);
    const headerAbort = new AbortController();
    const headerTimer = setTimeout(() => headerAbort.abort(new KubeTimeoutError(`watch ${request.path}: no response within ${this.timeoutMs} ms`)), this.timeoutMs);
    const signal = AbortSignal.any([link.signal, headerAbort.signal]);
    const close = new AbortController();
    const finalSignal = AbortSignal.any([signal, close.signal]);
    try {
      let response;
      try {
        response = await this.transport({ url: this.url(request), method: request.method, headers: await this.headers(request), signal: finalSignal });
      } finally {
        clearTimeout(headerTimer);
      }
      if (response.status < 200 || response.status > 299) throw failure(response.status, await readText(response.body));
      for await (const event of decodeWatchStream<K>(response.body)) {
        if (event.type === "ERROR") throw statusError(event.object, event.object.code ?? 500);
        if (event.type !== "BOOKMARK" && request.itemType && typeof event.object === "object") {
          const object = event.object as KubeObject;
          if (object.apiVersion === undefined || object.kind === undefined) {
            yield { type: event.type, object: Object.assign({ apiVersion: request.itemType.apiVersion, kind: request.itemType.kind }, event.object) };
            continue;
          }
        }
        yield event;
      }
    } catch (error) {
      if (link.timedOut() || headerAbort.signal.aborted) throw new KubeTimeoutError(`watch ${request.path} timed out`, { cause: error });
      throw error;
    } finally {
      close.abort();
      link.clear();
    }
  }
}


