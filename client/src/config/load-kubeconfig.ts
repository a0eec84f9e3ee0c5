// A kubeconfig → the client's configuration, as kubectl would connect: the files found and
// merged (locate.ts), the context chosen (explicit, else current-context), its cluster
// (server, CA, tls-server-name) and user (token, token file, client certificate, exec plugin).
// What kubectl would do but this client cannot (proxies, auth-provider plugins, basic auth,
// impersonation) is refused with a message rather than ignored: ignoring any of them would
// connect differently, or as someone else, than the user expects.
import type { ClientConfig } from "../client.js";
import { CredentialError, decodeBase64Field, readCredentialFile, resolveAgainst, tokenFileSource } from "./credentials.js";
import { ConfigProblem, KubeconfigError, type KubeconfigErrorScope } from "./errors.js";
import { EXEC_API_VERSIONS, runExecPlugin, type ExecApiVersion, type ExecClusterInfo, type ExecConfig, type ExecCredentialStatus } from "./exec-plugin.js";
import { entryLabel, FieldReader } from "./fields.js";
import type { KubeconfigEntry } from "./kubeconfig-file.js";
import { kubeconfigCandidates, readMergedKubeconfig, type Env, type MergedKubeconfig } from "./locate.js";

export interface KubeconfigOptions {
  /** A kubeconfig file (kubectl's --kubeconfig); default: $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string | undefined;
  /** The context to use; default: the kubeconfig's current-context. */
  context?: string | undefined;
  /**
   * Allow a cluster whose kubeconfig says `insecure-skip-tls-verify: true`. Without it such a
   * cluster is refused; with it, verification is skipped only for clusters that ask for it.
   */
  insecureSkipTlsVerify?: boolean | undefined;
  /** The environment ($KUBECONFIG, $HOME, and the base of exec plugins' environment); default process.env. */
  env?: Env | undefined;
  /** How long an exec credential plugin may run (default 60 000 ms). */
  execTimeoutMs?: number | undefined;
}

export interface LoadedKubeconfig {
  /** The kubeconfig files read, in precedence order. */
  files: string[];
  context: string;
  cluster: string;
  /** The context's user; undefined when it names none (anonymous). */
  user: string | undefined;
  server: string;
  /** The context's namespace, else "default". */
  namespace: string;
  /** True only when the kubeconfig asks to skip TLS verification and the caller allowed it. */
  insecureSkipTlsVerify: boolean;
  clientConfig: ClientConfig & { baseUrl: string; defaultNamespace: string };
}

const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
const EXEC_EXTENSION = "client.authentication.k8s.io/exec";

export async function loadKubeconfig(options: KubeconfigOptions = {}): Promise<LoadedKubeconfig> {
  const env = options.env ?? process.env;
  const merged = await readMergedKubeconfig(kubeconfigCandidates(options.kubeconfig, env));
  const contextName = chooseContext(merged, options.context);
  const scope: KubeconfigErrorScope = { files: merged.files, context: contextName };
  try {
    return await resolveContext(merged, contextName, { ...options, env, scope });
  } catch (error) {
    if (error instanceof ConfigProblem) throw new KubeconfigError(scope, error.message, { cause: error });
    throw error;
  }
}

function chooseContext(merged: MergedKubeconfig, requested: string | undefined): string {
  const name = requested || merged.currentContext;
  const known = [...merged.contexts.keys()];
  const listed = known.length === 0 ? "it defines no contexts" : `its contexts: ${known.join(", ")}`;
  if (!name) throw new KubeconfigError({ files: merged.files }, `no context chosen: current-context is not set and no context was given (${listed})`);
  if (!merged.contexts.has(name)) throw new KubeconfigError({ files: merged.files, context: name }, `no such context (${listed})`);
  return name;
}

interface ResolveOptions extends KubeconfigOptions {
  env: Env;
  /** For errors raised after loading (a token refresh at request time). */
  scope: KubeconfigErrorScope;
}

async function resolveContext(merged: MergedKubeconfig, contextName: string, options: ResolveOptions): Promise<LoadedKubeconfig> {
  const showFile = merged.files.length > 1;
  const context = new FieldReader(merged.contexts.get(contextName)!.fields, "the context");
  const clusterName = context.string("cluster");
  if (clusterName === undefined) throw new ConfigProblem("the context names no cluster");
  const clusterEntry = merged.clusters.get(clusterName);
  if (!clusterEntry) throw new ConfigProblem(`cluster "${clusterName}" not found`);
  const userName = context.string("user");
  const userEntry = userName === undefined ? undefined : merged.users.get(userName);
  if (userName !== undefined && !userEntry) throw new ConfigProblem(`user "${userName}" not found`);
  const namespace = context.string("namespace") ?? "default";

  const cluster = await resolveCluster(clusterEntry, showFile, options.insecureSkipTlsVerify === true);
  const user = userEntry ? await resolveUser(userEntry, showFile, cluster, options) : {};
  return {
    files: merged.files,
    context: contextName,
    cluster: clusterName,
    user: userName,
    server: cluster.server,
    namespace,
    insecureSkipTlsVerify: cluster.insecure,
    clientConfig: {
      baseUrl: cluster.server,
      defaultNamespace: namespace,
      ...(cluster.ca ? { ca: cluster.ca } : {}),
      ...(cluster.servername ? { servername: cluster.servername } : {}),
      ...(cluster.insecure ? { rejectUnauthorized: false } : {}),
      ...user,
    },
  };
}

interface ResolvedCluster {
  server: string;
  ca: Buffer | undefined;
  servername: string | undefined;
  insecure: boolean;
  /** The cluster's exec extension, passed to plugins that ask for cluster info. */
  execConfig: unknown;
}

async function resolveCluster(entry: KubeconfigEntry, showFile: boolean, insecureAllowed: boolean): Promise<ResolvedCluster> {
  const label = entryLabel("cluster", entry, showFile);
  const cluster = new FieldReader(entry.fields, label);
  const server = serverUrl(cluster);
  if (cluster.has("proxy-url")) throw cluster.problem("proxy-url is set, and this client does not support proxies (connecting directly would bypass the proxy)");
  const ca = await pem(cluster, entry.file, "certificate-authority");
  const insecure = cluster.boolean("insecure-skip-tls-verify");
  if (insecure && ca) throw cluster.problem("sets both insecure-skip-tls-verify and a certificate authority; kubectl refuses that too");
  if (insecure && !insecureAllowed) {
    throw cluster.problem("sets insecure-skip-tls-verify: true; TLS verification is skipped only when you allow it (--insecure-skip-tls-verify, or insecureSkipTlsVerify: true)");
  }
  const execExtension = cluster.records("extensions").find((extension) => extension.string("name") === EXEC_EXTENSION);
  return { server, ca, servername: cluster.string("tls-server-name"), insecure, execConfig: execExtension?.raw("extension") };
}

/** The server URL; like client-go, `host:port` without a scheme means https. */
function serverUrl(cluster: FieldReader): string {
  const text = cluster.string("server");
  if (text === undefined) throw cluster.problem("has no server");
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw cluster.problem(`server ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw cluster.problem(`server ${text} is not an http(s) URL`);
  return withScheme.replace(/\/+$/, "");
}

/** `<field>` (a file) or `<field>-data` (base64), never both (kubectl refuses both too). */
async function pem(reader: FieldReader, file: string, field: "certificate-authority" | "client-certificate" | "client-key"): Promise<Buffer | undefined> {
  const path = reader.string(field);
  const data = reader.string(`${field}-data`);
  if (path !== undefined && data !== undefined) throw reader.problem(`sets both ${field} and ${field}-data; give one`);
  try {
    if (data !== undefined) return decodeBase64Field(data, `${field}-data`);
    if (path !== undefined) return await readCredentialFile(resolveAgainst(file, path), field);
    return undefined;
  } catch (error) {
    if (error instanceof CredentialError) throw reader.problem(error.message);
    throw error;
  }
}

type UserConfig = Pick<ClientConfig, "token" | "cert" | "key">;

const UNSUPPORTED_USER_FIELDS: [string, string][] = [
  ["auth-provider", "auth-provider plugins are not supported (they were removed from client-go in 1.26); use the provider's exec credential plugin, e.g. kubelogin or gke-gcloud-auth-plugin"],
  ["username", "basic authentication (username/password) is not supported (kube-apiserver dropped it in 1.19)"],
  ["password", "basic authentication (username/password) is not supported (kube-apiserver dropped it in 1.19)"],
  ["as", "impersonation (as, as-groups, as-uid, as-user-extra) is not supported"],
  ["as-uid", "impersonation (as, as-groups, as-uid, as-user-extra) is not supported"],
  ["as-groups", "impersonation (as, as-groups, as-uid, as-user-extra) is not supported"],
  ["as-user-extra", "impersonation (as, as-groups, as-uid, as-user-extra) is not supported"],
];

async function resolveUser(entry: KubeconfigEntry, showFile: boolean, cluster: ResolvedCluster, options: ResolveOptions): Promise<UserConfig> {
  const user = new FieldReader(entry.fields, entryLabel("user", entry, showFile));
  for (const [field, reason] of UNSUPPORTED_USER_FIELDS) if (user.has(field)) throw user.problem(reason);
  const cert = await pem(user, entry.file, "client-certificate");
  const key = await pem(user, entry.file, "client-key");
  if ((cert === undefined) !== (key === undefined)) throw user.problem(cert ? "has a client certificate but no client key" : "has a client key but no client certificate");
  const token = await staticToken(user, entry.file);
  const exec = user.record("exec");
  if (!exec) return { ...(token ? { token } : {}), ...(cert && key ? { cert, key } : {}) };
  if (token || cert) throw user.problem("sets an exec plugin and also a token or client certificate; give one way to authenticate");
  return execCredentials(execConfig(exec, entry.file, cluster), user, options);
}

/** token or tokenFile; the file wins, as in client-go (its last good read takes precedence). */
async function staticToken(user: FieldReader, file: string): Promise<string | (() => string) | undefined> {
  const path = user.string("tokenFile");
  if (path === undefined) return user.string("token");
  try {
    return await tokenFileSource(resolveAgainst(file, path), "tokenFile");
  } catch (error) {
    if (error instanceof CredentialError) throw user.problem(error.message);
    throw error;
  }
}

function execConfig(exec: FieldReader, file: string, cluster: ResolvedCluster): ExecConfig {
  const command = exec.string("command");
  if (command === undefined) throw exec.problem("has no command");
  const apiVersion = exec.string("apiVersion");
  if (!EXEC_API_VERSIONS.includes(apiVersion as ExecApiVersion)) {
    throw exec.problem(`apiVersion ${JSON.stringify(apiVersion ?? "")} is not supported (supported: ${EXEC_API_VERSIONS.join(", ")})`);
  }
  const interactiveMode = exec.string("interactiveMode") ?? (apiVersion === "client.authentication.k8s.io/v1beta1" ? "IfAvailable" : undefined);
  if (interactiveMode !== "Never" && interactiveMode !== "IfAvailable" && interactiveMode !== "Always") {
    throw exec.problem(interactiveMode === undefined ? "interactiveMode must be set for client.authentication.k8s.io/v1 (Never, IfAvailable or Always)" : `interactiveMode ${JSON.stringify(interactiveMode)} is not Never, IfAvailable or Always`);
  }
  const env = exec.records("env").map((variable) => {
    const name = variable.string("name");
    if (name === undefined) throw variable.problem("has no name");
    return { name, value: variable.string("value") ?? "" };
  });
  return {
    // Only a command with a path separator is a file relative to the kubeconfig; a bare name is looked up in PATH.
    command: command.includes("/") ? resolveAgainst(file, command) : command,
    args: exec.stringList("args"),
    env,
    apiVersion: apiVersion as ExecApiVersion,
    installHint: exec.string("installHint"),
    interactiveMode,
    cluster: exec.boolean("provideClusterInfo") ? clusterInfo(cluster) : undefined,
  };
}

function clusterInfo(cluster: ResolvedCluster): ExecClusterInfo {
  return {
    server: cluster.server,
    ...(cluster.servername ? { "tls-server-name": cluster.servername } : {}),
    ...(cluster.insecure ? { "insecure-skip-tls-verify": true } : {}),
    ...(cluster.ca ? { "certificate-authority-data": cluster.ca.toString("base64") } : {}),
    ...(cluster.execConfig !== undefined ? { config: cluster.execConfig } : {}),
  };
}

/** Runs the plugin now (a failure surfaces at load time); a token that expires is fetched again when it has. */
async function execCredentials(exec: ExecConfig, user: FieldReader, options: ResolveOptions): Promise<UserConfig> {
  const timeoutMs = options.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const run = async (): Promise<ExecCredentialStatus> => {
    try {
      return await runExecPlugin(exec, options.env, timeoutMs);
    } catch (error) {
      if (error instanceof ConfigProblem) throw user.problem(error.message);
      throw error;
    }
  };
  const first = await run();
  const certificate = first.clientCertificateData && first.clientKeyData ? { cert: first.clientCertificateData, key: first.clientKeyData } : {};
  if (!first.token) return certificate;
  const rerun = () =>
    run().catch((error: unknown) => {
      throw error instanceof ConfigProblem ? new KubeconfigError(options.scope, error.message, { cause: error }) : error;
    });
  return { ...certificate, token: first.expiresAt ? refreshingToken(first, rerun) : first.token };
}

function refreshingToken(first: ExecCredentialStatus, run: () => Promise<ExecCredentialStatus>): () => Promise<string> {
  let current = first;
  let pending: Promise<ExecCredentialStatus> | undefined;
  return async () => {
    if (current.expiresAt && current.expiresAt.getTime() <= Date.now()) {
      pending ??= run().finally(() => (pending = undefined));
      current = await pending;
    }
    if (!current.token) throw new ConfigProblem("the exec plugin's new credential has no token");
    return current.token;
  };
}
