// Every failure of finding, reading or using a kubeconfig: the message names the kubeconfig
// file(s) and, once one is chosen, the context, so the user knows where to look.

export interface KubeconfigErrorScope {
  /** The kubeconfig files read (or looked for), in precedence order. */
  files: readonly string[];
  /** The context in use, when one was chosen. */
  context?: string | undefined;
}

export class KubeconfigError extends Error {
  override readonly name = "KubeconfigError";
  readonly files: readonly string[];
  readonly context: string | undefined;
  /** What failed, without the files and context prefix. */
  readonly reason: string;

  constructor(scope: KubeconfigErrorScope, reason: string, options?: { cause?: unknown }) {
    super(`${describeScope(scope)}: ${reason}`, options);
    this.files = scope.files;
    this.context = scope.context;
    this.reason = reason;
  }
}

/** `kubeconfig a.yaml, b.yaml, context "admin"`: the prefix of every message. */
export function describeScope(scope: KubeconfigErrorScope): string {
  const files = scope.files.length === 0 ? "kubeconfig (none found)" : `kubeconfig ${scope.files.join(", ")}`;
  return scope.context === undefined ? files : `${files}, context "${scope.context}"`;
}

/** Errors of the in-cluster (service account) configuration. */
export class InClusterConfigError extends Error {
  override readonly name = "InClusterConfigError";
}

/** A problem with one part of the configuration (a field, a file it names, a plugin); the loader puts the kubeconfig and context in front. */
export class ConfigProblem extends Error {}
