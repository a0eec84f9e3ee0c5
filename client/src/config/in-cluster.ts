// The configuration of a pod: the API server from KUBERNETES_SERVICE_HOST/PORT, the service
// account's token (re-read as the kubelet rotates it), CA and namespace from
// /var/run/secrets/kubernetes.io/serviceaccount/ — what client-go's InClusterConfig reads.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ClientConfig } from "../client.js";
import { CredentialError, readCredentialFile, tokenFileSource } from "./credentials.js";
import { InClusterConfigError } from "./errors.js";
import type { Env } from "./locate.js";

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface InClusterOptions {
  /** The service-account folder (default /var/run/secrets/kubernetes.io/serviceaccount); tests point it elsewhere. */
  root?: string | undefined;
  /** Where KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are read; default process.env. */
  env?: Env | undefined;
}

export interface InClusterConfig {
  server: string;
  /** The pod's namespace (the service account's namespace file), else "default". */
  namespace: string;
  clientConfig: ClientConfig & { baseUrl: string; defaultNamespace: string };
}

export async function inClusterConfig(options: InClusterOptions = {}): Promise<InClusterConfig> {
  const env = options.env ?? process.env;
  const root = options.root ?? SERVICE_ACCOUNT_DIR;
  const host = env["KUBERNETES_SERVICE_HOST"];
  const port = env["KUBERNETES_SERVICE_PORT"];
  if (!host || !port) throw new InClusterConfigError("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set");
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`; // an IPv6 address needs brackets
  try {
    const token = await tokenFileSource(join(root, "token"), "the service-account token");
    const ca = await readCredentialFile(join(root, "ca.crt"), "the service-account CA");
    const namespace = await readNamespace(join(root, "namespace"));
    return { server, namespace, clientConfig: { baseUrl: server, defaultNamespace: namespace, token, ca } };
  } catch (error) {
    if (error instanceof CredentialError) throw new InClusterConfigError(`in-cluster configuration (${server}): ${error.message}`, { cause: error });
    throw error;
  }
}

/** The namespace file is optional, as in client-go; without it the namespace is "default". */
async function readNamespace(file: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trim() || "default";
  } catch {
    return "default";
  }
}
