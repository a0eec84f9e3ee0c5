// Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1), run as client-go
// runs them: the command with its args, the caller's environment plus the plugin's `env`
// plus KUBERNETES_EXEC_INFO (an ExecCredential whose spec says we are not interactive),
// standard input closed; the ExecCredential printed on standard output carries a token or a
// client certificate and key. The plugin's standard error is kept for error messages only.
import { spawn } from "node:child_process";
import { ConfigProblem } from "./errors.js";
import type { Env } from "./locate.js";

export const EXEC_API_VERSIONS = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] as const;
export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

export interface ExecConfig {
  /** Absolute when the kubeconfig gave a path; a bare name is looked up in PATH. */
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: ExecApiVersion;
  installHint: string | undefined;
  interactiveMode: "Never" | "IfAvailable" | "Always";
  /** spec.cluster of KUBERNETES_EXEC_INFO, when the kubeconfig sets provideClusterInfo. */
  cluster: ExecClusterInfo | undefined;
}

/** What KUBERNETES_EXEC_INFO tells a plugin about the cluster (provideClusterInfo: true). */
export interface ExecClusterInfo {
  server: string;
  "tls-server-name"?: string;
  "insecure-skip-tls-verify"?: boolean;
  "certificate-authority-data"?: string;
  config?: unknown;
}

export interface ExecCredentialStatus {
  token: string | undefined;
  clientCertificateData: string | undefined;
  clientKeyData: string | undefined;
  /** When the credential stops being valid; undefined: it does not expire. */
  expiresAt: Date | undefined;
}

/** A failure of the plugin; the loader puts the kubeconfig and context in front. */
export class ExecPluginError extends ConfigProblem {}

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export async function runExecPlugin(exec: ExecConfig, env: Env, timeoutMs: number): Promise<ExecCredentialStatus> {
  if (exec.interactiveMode === "Always") throw new ExecPluginError(`exec plugin "${exec.command}" needs an interactive terminal (interactiveMode: Always), which this client does not provide`);
  const { stdout, stderr } = await runCommand(exec, pluginEnvironment(exec, env), timeoutMs);
  return parseExecCredential(stdout, exec, stderr);
}

/** The caller's environment, the plugin's own variables over it, and KUBERNETES_EXEC_INFO. */
function pluginEnvironment(exec: ExecConfig, env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  for (const { name, value } of exec.env) result[name] = value;
  const spec = { interactive: false, ...(exec.cluster ? { cluster: exec.cluster } : {}) };
  result["KUBERNETES_EXEC_INFO"] = JSON.stringify({ apiVersion: exec.apiVersion, kind: "ExecCredential", spec });
  return result;
}

function runCommand(exec: ExecConfig, env: Record<string, string>, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  const name = `exec plugin "${exec.command}"`;
  return new Promise((resolve, reject) => {
    const child = spawn(exec.command, exec.args, { env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) child.kill();
      else into.push(chunk);
    };
    child.stdout.on("data", collect(stdout));
    child.stderr.on("data", collect(stderr));
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === "ENOENT") reject(new ExecPluginError(`${name} not found${exec.installHint ? ` (${oneLine(exec.installHint)})` : ""}`));
      else reject(new ExecPluginError(`${name} could not be started: ${error.code ?? error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const errorText = lastLine(Buffer.concat(stderr).toString("utf8"));
      const said = errorText ? `: ${errorText}` : "";
      if (size > MAX_OUTPUT_BYTES) reject(new ExecPluginError(`${name} printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB`));
      else if (timedOut) reject(new ExecPluginError(`${name} did not finish within ${timeoutMs / 1000} s${said}`));
      else if (signal !== null) reject(new ExecPluginError(`${name} was killed by ${signal}${said}`));
      else if (code !== 0) reject(new ExecPluginError(`${name} failed with exit code ${code}${said}`));
      else resolve({ stdout: Buffer.concat(stdout).toString("utf8"), stderr: errorText });
    });
  });
}

/** stdout → the credential. Never quotes stdout in a message: it may hold a secret. */
export function parseExecCredential(stdout: string, exec: Pick<ExecConfig, "command" | "apiVersion">, stderr = ""): ExecCredentialStatus {
  const name = `exec plugin "${exec.command}"`;
  const said = stderr ? ` (it said: ${stderr})` : "";
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new ExecPluginError(`${name} printed something that is not an ExecCredential: its output (${Buffer.byteLength(stdout)} bytes) is not JSON${said}`);
  }
  if (!isObject(value) || value["kind"] !== "ExecCredential") throw new ExecPluginError(`${name} printed JSON that is not an ExecCredential (kind is not "ExecCredential")${said}`);
  if (value["apiVersion"] !== exec.apiVersion) throw new ExecPluginError(`${name} is configured for ${exec.apiVersion} but returned apiVersion ${JSON.stringify(value["apiVersion"])}`);
  const status = value["status"];
  if (!isObject(status)) throw new ExecPluginError(`${name} returned an ExecCredential without status${said}`);
  const token = optionalString(status, "token", name);
  const clientCertificateData = optionalString(status, "clientCertificateData", name);
  const clientKeyData = optionalString(status, "clientKeyData", name);
  if ((clientCertificateData === undefined) !== (clientKeyData === undefined)) throw new ExecPluginError(`${name} returned ${clientCertificateData ? "clientCertificateData without clientKeyData" : "clientKeyData without clientCertificateData"}`);
  if (!token && !clientCertificateData) throw new ExecPluginError(`${name} returned an ExecCredential with neither status.token nor status.clientCertificateData/clientKeyData${said}`);
  return { token: token || undefined, clientCertificateData, clientKeyData, expiresAt: expiration(status, name) };
}

function expiration(status: Record<string, unknown>, name: string): Date | undefined {
  const text = optionalString(status, "expirationTimestamp", name);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ExecPluginError(`${name} returned an expirationTimestamp that is not a time: ${JSON.stringify(text.slice(0, 40))}`);
  return date;
}

function optionalString(object: Record<string, unknown>, key: string, name: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ExecPluginError(`${name} returned a status.${key} that is not a string`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lastLine(text: string): string {
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  return oneLine(lines.at(-1) ?? "").slice(0, 300);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
