// @k8s-openapi-ts/client/config: kubeconfig and in-cluster configuration. A separate entry,
// so the main one loads no file system or child-process code unless this is used.
export { loadKubeconfig, type KubeconfigOptions, type LoadedKubeconfig } from "./load-kubeconfig.js";
export { inClusterConfig, SERVICE_ACCOUNT_DIR, type InClusterConfig, type InClusterOptions } from "./in-cluster.js";
export { kubeconfigCandidates, mergeKubeconfigs, readMergedKubeconfig, type Env, type KubeconfigSources, type MergedKubeconfig } from "./locate.js";
export { parseKubeconfig, type KubeconfigEntry, type KubeconfigFile } from "./kubeconfig-file.js";
export { parseExecCredential, EXEC_API_VERSIONS, type ExecCredentialStatus } from "./exec-plugin.js";
export { KubeconfigError, InClusterConfigError } from "./errors.js";
