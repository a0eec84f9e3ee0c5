// Typed errors of the executor and the watch stream.
import type { Status, StatusDetails } from "./types.js";

/**
 * The API server answered with a failure `Status` (or a non-2xx response without one,
 * for which a Status is synthesised from the HTTP status line).
 */
export class KubeApiError extends Error {
  override readonly name: string = "KubeApiError";
  /** HTTP status code (Status.code when the body carried one). */
  readonly code: number;
  /** Status.reason: "NotFound", "AlreadyExists", "Conflict", "Expired", "Gone", "Forbidden"… */
  readonly reason: string;
  readonly details: StatusDetails | undefined;
  readonly status: Status;

  constructor(status: Status, httpStatus: number) {
    super(status.message ?? `${status.reason ?? "Failure"} (HTTP ${httpStatus})`);
    this.status = status;
    this.code = status.code ?? httpStatus;
    this.reason = status.reason ?? "Unknown";
    this.details = status.details ?? undefined;
  }
}

/**
 * 410 Gone: the requested resourceVersion is older than the server keeps (etcd
 * compaction). A watcher re-lists; a direct caller must list again.
 */
export class GoneError extends KubeApiError {
  override readonly name: string = "GoneError";
}

/** Builds the typed error of a failure Status. */
export function statusError(status: Status, httpStatus: number): KubeApiError {
  return (status.code ?? httpStatus) === 410 ? new GoneError(status, httpStatus) : new KubeApiError(status, httpStatus);
}

/** A watch stream line that is not a JSON watch event. */
export class WatchDecodeError extends Error {
  override readonly name = "WatchDecodeError";
  constructor(
    message: string,
    readonly line: string,
  ) {
    super(message);
  }
}

/** The request did not complete within the executor's timeout. */
export class KubeTimeoutError extends Error {
  override readonly name = "KubeTimeoutError";
}
