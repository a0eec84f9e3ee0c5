// @k8s-openapi-ts/client: a generic Kubernetes client over the resource constants of any
// generated @k8s-openapi-ts/k8s-1.XX package. It imports no generated package.
export * from "./types.js";
export * from "./request.js";
export * from "./errors.js";
export { decodeWatchStream } from "./watch-decoder.js";
export { fetchTransport, nodeHttpTransport, type TlsOptions, type Transport, type TransportRequest, type TransportResponse } from "./transport.js";
export { KubeClient, USER_AGENT, type CallOptions, type ClientConfig, type ClientExtras } from "./client.js";
export { watcher, reflector, Store, type WatcherEvent, type WatcherOptions } from "./watcher.js";
