// `generate --from-cluster`: the OpenAPI v2 document a cluster serves at /openapi/v2, reached
// with the kubeconfig as kubectl reads it (client/src/config/: files, context, CA, token,
// client certificate, exec plugins). Every failure is one line naming the kubeconfig, the
// context and what failed, and happens before anything is written.
import { describeScope, KubeconfigError, type KubeconfigErrorScope } from "../../client/src/config/errors.js";
import { loadKubeconfig, type LoadedKubeconfig } from "../../client/src/config/load-kubeconfig.js";
import { nodeHttpTransport, type TransportResponse } from "../../client/src/transport.js";
import { USER_AGENT } from "../../client/src/client.js";
import { GeneratorError } from "../errors.js";
import { MAX_DOCUMENT_BYTES } from "./read-document.js";

export interface FromClusterOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  insecureSkipTlsVerify?: boolean | undefined;
  timeoutMs: number;
}

export interface ClusterDocument {
  bytes: Buffer;
  /** `<server>/openapi/v2`, for messages and the package's provenance. */
  url: string;
  context: string;
  files: string[];
  /** True when TLS verification was skipped (the kubeconfig asked, the caller allowed it). */
  insecure: boolean;
}

export const OPENAPI_V2_PATH = "/openapi/v2";

export async function readClusterDocument(options: FromClusterOptions): Promise<ClusterDocument> {
  const loaded = await loadCluster(options);
  const scope: KubeconfigErrorScope = { files: loaded.files, context: loaded.context };
  const url = new URL(`${new URL(loaded.server).pathname.replace(/\/+$/, "")}${OPENAPI_V2_PATH}`, loaded.server);
  const fail = (what: string): GeneratorError => new GeneratorError(`${describeScope(scope)}: ${url.href}: ${what}`);
  const response = await send(loaded, url, options.timeoutMs, fail);
  const bytes = await readBody(response, options.timeoutMs, fail);
  if (response.status < 200 || response.status > 299) throw fail(httpFailure(response.status, bytes, loaded.user));
  checkSwagger(bytes, response.header("content-type"), fail);
  return { bytes, url: url.href, context: loaded.context, files: loaded.files, insecure: loaded.insecureSkipTlsVerify };
}

async function loadCluster(options: FromClusterOptions): Promise<LoadedKubeconfig> {
  try {
    return await loadKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, insecureSkipTlsVerify: options.insecureSkipTlsVerify });
  } catch (error) {
    if (error instanceof KubeconfigError) throw new GeneratorError(error.message);
    throw error;
  }
}

async function send(loaded: LoadedKubeconfig, url: URL, timeoutMs: number, fail: (what: string) => GeneratorError): Promise<TransportResponse> {
  const config = loaded.clientConfig;
  const token = typeof config.token === "function" ? await config.token() : config.token;
  const headers: Record<string, string> = { Accept: "application/json", "User-Agent": USER_AGENT, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  try {
    return await nodeHttpTransport(config)({ url, method: "GET", headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw fail(connectionFailure(error, timeoutMs));
  }
}

/** A failed connection in words: which of unreachable, DNS, TLS or timeout it was. */
export function connectionFailure(error: unknown, timeoutMs: number): string {
  const err = error as NodeJS.ErrnoException & { reason?: string };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  switch (err.code) {
    case "ECONNREFUSED":
      return "cannot reach the cluster: connection refused (is the API server running, and is the kubeconfig's server right?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach the cluster: the host name does not resolve (DNS: ${err.code})`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
    case "ECONNRESET":
      return `cannot reach the cluster: ${err.code}`;
  }
  if (err.code && /CERT|SELF_SIGNED|SSL|TLS|ERR_TLS/.test(err.code)) return `TLS verification failed: ${err.message} (${err.code}); is the kubeconfig's certificate authority the cluster's?`;
  return `cannot reach the cluster: ${err.message ?? String(error)}`;
}

async function readBody(response: TransportResponse, timeoutMs: number, fail: (what: string) => GeneratorError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > MAX_DOCUMENT_BYTES) throw fail(`the response is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; no OpenAPI document is that large`);
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof GeneratorError) throw error;
    throw fail(`the connection failed while reading the response: ${connectionFailure(error, timeoutMs)}`);
  }
  return Buffer.concat(chunks);
}

/** 401 and 403 say whose credentials; anything else gives the server's Status message when there is one. */
export function httpFailure(status: number, body: Buffer, user: string | undefined): string {
  const who = user === undefined ? "no user (anonymous)" : `user "${user}"`;
  const message = statusMessage(body);
  const detail = message ? ` (server says: ${message})` : "";
  if (status === 401) return `HTTP 401 Unauthorized: the server did not accept the credentials of ${who}${detail}`;
  if (status === 403) return `HTTP 403 Forbidden: ${who} may not read ${OPENAPI_V2_PATH}${detail}`;
  return `HTTP ${status}${detail}`;
}

function statusMessage(body: Buffer): string | undefined {
  try {
    const value = JSON.parse(body.toString("utf8")) as { kind?: unknown; message?: unknown };
    return value.kind === "Status" && typeof value.message === "string" ? value.message.replace(/\s+/g, " ").slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** The response must be a Swagger 2.0 JSON document; say what it is instead. */
function checkSwagger(bytes: Buffer, contentType: string | null, fail: (what: string) => GeneratorError): void {
  const type = contentType ? `content-type ${contentType.split(";")[0]}` : "no content-type";
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  } catch {
    throw fail(`the response is not a Swagger 2.0 document: not JSON (${type}, ${bytes.length} bytes)`);
  }
  const record = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  if (record["swagger"] === "2.0") return;
  const what = typeof record["openapi"] === "string" ? `an OpenAPI ${record["openapi"]} document` : "JSON without swagger: \"2.0\"";
  throw fail(`the response is not a Swagger 2.0 document: ${what} (${type})`);
}
