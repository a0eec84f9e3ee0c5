// Kubeconfig loading (client/src/config/), as kubectl does it: which files, how they merge,
// relative paths, file vs inline data, token files, exec credential plugins (a small node
// script as the plugin), insecure-skip-tls-verify refused unless allowed, and the in-cluster
// service-account configuration — most of it end to end against a loopback HTTPS server
// whose CA openssl generates per run.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeClient, type KubeRequest } from "../../client/src/index.js";
import { inClusterConfig, InClusterConfigError, KubeconfigError, loadKubeconfig } from "../../client/src/config/index.js";
import { tokenFileSource, TOKEN_FILE_REREAD_MS } from "../../client/src/config/credentials.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { makePki, startTestServer, writeKubeconfig, type KubeconfigParts, type Pki, type TestServer } from "../support/test-cluster.js";

let dir: string;
let pki: Pki;
let server: TestServer;
/** Serves a certificate for the name kube.test only. */
let namedServer: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "k8s-kubeconfig-"));
  mkdirSync(join(dir, "pki"));
  pki = makePki(join(dir, "pki"));
  server = await startTestServer(pki);
  namedServer = await startTestServer(pki, "named");
});
afterAll(async () => {
  await server.stop();
  await namedServer.stop();
  rmSync(dir, { recursive: true, force: true });
});

const getNamespace: KubeRequest<{ metadata: { name: string } }, "object"> = { method: "GET", path: "/api/v1/namespaces/default", query: {}, headers: {}, response: "object" };

let folders = 0;
/** A new empty folder under the test's temporary folder. */
function folder(name = "case"): string {
  const path = join(dir, `${name}-${++folders}`);
  mkdirSync(path, { recursive: true });
  return path;
}

/** An environment without $KUBECONFIG and with a home that has no kubeconfig. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: folder("home"), PATH: process.env["PATH"] ?? "", ...extra };
}

/** One context "main" on the test server with the given user fields. */
function simpleConfig(user: Record<string, unknown>, cluster: Record<string, unknown> = {}): KubeconfigParts {
  return {
    clusters: { test: { server: server.url, "certificate-authority": pki.files.ca, ...cluster } },
    users: { me: user },
    contexts: { main: { cluster: "test", user: "me", namespace: "team" } },
    currentContext: "main",
  };
}

async function loadError(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the promise to reject");
  return error;
}

async function lastAuthorization(client: KubeClient): Promise<string | undefined> {
  await client.request(getNamespace);
  return server.callers.at(-1)?.authorization;
}

describe("finding the kubeconfig, as kubectl does", () => {
  it("an explicit path wins over $KUBECONFIG, which wins over ~/.kube/config", async () => {
    const home = folder("home");
    mkdirSync(join(home, ".kube"));
    const config = (name: string): KubeconfigParts => ({ clusters: { c: { server: `https://${name}.example` } }, contexts: { [name]: { cluster: "c" } }, currentContext: name });
    const homeFile = writeKubeconfig(join(home, ".kube/config"), config("home"));
    const envFile = writeKubeconfig(join(folder(), "env.yaml"), config("env"));
    const explicit = writeKubeconfig(join(folder(), "explicit.yaml"), config("explicit"));
    const env = { HOME: home, KUBECONFIG: envFile };
    expect(await loadKubeconfig({ kubeconfig: explicit, env })).toMatchObject({ files: [explicit], context: "explicit", server: "https://explicit.example" });
    expect(await loadKubeconfig({ env })).toMatchObject({ files: [envFile], context: "env" });
    expect(await loadKubeconfig({ env: { HOME: home } })).toMatchObject({ files: [homeFile], context: "home" });
    expect(await loadKubeconfig({ env: { HOME: home, KUBECONFIG: "" } })).toMatchObject({ files: [homeFile] });
  });

  it("skips missing $KUBECONFIG files, requires an explicit file, and says where it looked", async () => {
    const present = writeKubeconfig(join(folder(), "present.yaml"), { clusters: { c: { server: "https://present.example" } }, contexts: { p: { cluster: "c" } }, currentContext: "p" });
    const missing = join(folder(), "missing.yaml");
    expect((await loadKubeconfig({ env: cleanEnv({ KUBECONFIG: [missing, present].join(delimiter) }) })).files).toEqual([present]);

    const explicit = await loadError(loadKubeconfig({ kubeconfig: missing, env: cleanEnv({ KUBECONFIG: present }) }));
    expect(explicit).toBeInstanceOf(KubeconfigError);
    expect(explicit.message).toBe(`kubeconfig ${missing}: the file does not exist`);

    const other = join(folder(), "other.yaml");
    const none = await loadError(loadKubeconfig({ env: cleanEnv({ KUBECONFIG: [missing, other].join(delimiter) }) }));
    expect(none.message).toContain(missing);
    expect(none.message).toContain(other);

    const env = cleanEnv();
    const noHome = await loadError(loadKubeconfig({ env }));
    expect(noHome.message).toContain(join(env["HOME"]!, ".kube/config"));
  });

  it("reads YAML as kubectl does: yes is true, a timestamp-like or 1:30-like value stays a string", async () => {
    const file = join(folder(), "config");
    writeFileSync(file, ["clusters:", "- name: c", "  cluster: { server: https://c.example, insecure-skip-tls-verify: yes }", "contexts:", "- name: c", "  context: { cluster: c, namespace: 2024-01-02 }", "- name: d", "  context: { cluster: c, namespace: 1:30 }", "current-context: c", ""].join("\n"));
    expect(await loadKubeconfig({ kubeconfig: file, insecureSkipTlsVerify: true, env: cleanEnv() })).toMatchObject({ insecureSkipTlsVerify: true, namespace: "2024-01-02" });
    expect((await loadKubeconfig({ kubeconfig: file, context: "d", insecureSkipTlsVerify: true, env: cleanEnv() })).namespace).toBe("1:30");
  });

  it("names the file and line of a broken kubeconfig", async () => {
    const file = join(folder(), "broken.yaml");
    writeFileSync(file, "clusters:\n- name: a\n  cluster: {server: [\n");
    const error = await loadError(loadKubeconfig({ kubeconfig: file, env: cleanEnv() }));
    expect(error.message).toMatch(new RegExp(`^kubeconfig ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid YAML \\(line \\d+`));
  });
});

describe("merging $KUBECONFIG files with kubectl's rules", () => {
  function threeFiles(): { a: string; b: string; c: string } {
    const a = writeKubeconfig(join(folder("a"), "config"), {
      clusters: { shared: { server: "https://a.example:6443" } },
      users: { u: { token: "from-a" } },
      contexts: { both: { cluster: "shared", user: "u", namespace: "ns-a" } },
    });
    const b = writeKubeconfig(join(folder("b"), "config"), {
      clusters: { shared: { server: "https://b.example", "certificate-authority-data": Buffer.from(pki.ca).toString("base64") }, "only-b": { server: "https://only-b.example" } },
      users: { u: { token: "from-b" }, ub: { token: "b-token" } },
      contexts: { both: { cluster: "only-b", user: "ub", namespace: "ns-b" }, "ctx-b": { cluster: "only-b", user: "ub" } },
      currentContext: "ctx-b",
    });
    const c = writeKubeconfig(join(folder("c"), "config"), { contexts: { "ctx-c": { cluster: "shared" } }, currentContext: "ctx-c" });
    return { a, b, c };
  }

  it("current-context comes from the first file that sets it", async () => {
    const { a, b, c } = threeFiles();
    const loaded = await loadKubeconfig({ env: cleanEnv({ KUBECONFIG: [a, b, c].join(delimiter) }) });
    expect(loaded).toMatchObject({ files: [a, b, c], context: "ctx-b", server: "https://only-b.example", clientConfig: { token: "b-token" } });
    expect((await loadKubeconfig({ env: cleanEnv({ KUBECONFIG: [a, c, b].join(delimiter) }) })).context).toBe("ctx-c");
  });

  it("the first file to name a cluster, user or context wins it, whole (fields are not mixed)", async () => {
    const { a, b, c } = threeFiles();
    const loaded = await loadKubeconfig({ context: "both", env: cleanEnv({ KUBECONFIG: [a, b, c].join(delimiter) }) });
    expect(loaded).toMatchObject({ context: "both", cluster: "shared", server: "https://a.example:6443", namespace: "ns-a", clientConfig: { token: "from-a" } });
    expect(loaded.clientConfig.ca).toBeUndefined(); // b's "shared" has a CA; a's does not, and a's wins whole
    const reversed = await loadKubeconfig({ context: "both", env: cleanEnv({ KUBECONFIG: [b, a].join(delimiter) }) });
    expect(reversed).toMatchObject({ cluster: "only-b", server: "https://only-b.example", namespace: "ns-b", clientConfig: { token: "b-token" } });
    // An entry only a later file has is still found: ctx-c (file c) uses cluster "shared" of file a.
    expect(await loadKubeconfig({ context: "ctx-c", env: cleanEnv({ KUBECONFIG: [a, b, c].join(delimiter) }) })).toMatchObject({ server: "https://a.example:6443", user: undefined });
  });
});

describe("choosing the context", () => {
  it("uses the explicit context, else current-context; its namespace becomes defaultNamespace", async () => {
    const file = writeKubeconfig(join(folder(), "config"), {
      clusters: { test: { server: server.url, "certificate-authority": pki.files.ca } },
      users: { me: { token: "t" } },
      contexts: { main: { cluster: "test", user: "me", namespace: "team" }, bare: { cluster: "test", user: "me" } },
      currentContext: "main",
    });
    expect((await KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() })).defaultNamespace).toBe("team");
    expect((await KubeClient.fromKubeconfig({ kubeconfig: file, context: "bare", env: cleanEnv() })).defaultNamespace).toBe("default");
  });

  it("says which contexts exist when none is chosen or the chosen one is missing, and which reference is broken", async () => {
    const file = writeKubeconfig(join(folder(), "config"), {
      clusters: { test: { server: server.url } },
      users: { me: { token: "t" } },
      contexts: { one: { cluster: "test", user: "me" }, "no-cluster": { cluster: "gone", user: "me" }, "no-user": { cluster: "test", user: "ghost" } },
    });
    expect((await loadError(loadKubeconfig({ kubeconfig: file, env: cleanEnv() }))).message).toBe(
      `kubeconfig ${file}: no context chosen: current-context is not set and no context was given (its contexts: one, no-cluster, no-user)`,
    );
    expect((await loadError(loadKubeconfig({ kubeconfig: file, context: "two", env: cleanEnv() }))).message).toBe(`kubeconfig ${file}, context "two": no such context (its contexts: one, no-cluster, no-user)`);
    expect((await loadError(loadKubeconfig({ kubeconfig: file, context: "no-cluster", env: cleanEnv() }))).message).toBe(`kubeconfig ${file}, context "no-cluster": cluster "gone" not found`);
    expect((await loadError(loadKubeconfig({ kubeconfig: file, context: "no-user", env: cleanEnv() }))).message).toBe(`kubeconfig ${file}, context "no-user": user "ghost" not found`);
  });
});

describe("paths, inline data and credentials", () => {
  it("resolves relative paths against the folder of the file that names them, not the working folder", async () => {
    const x = folder("x");
    const y = folder("y");
    copyFileSync(pki.files.ca, join(x, "ca.crt"));
    mkdirSync(join(x, "certs"));
    copyFileSync(pki.files.clientCert, join(x, "certs/client.crt"));
    copyFileSync(pki.files.clientKey, join(x, "certs/client.key"));
    writeFileSync(join(y, "token"), "token-from-y\n");
    const fileX = writeKubeconfig(join(x, "config"), {
      clusters: { cx: { server: server.url, "certificate-authority": "ca.crt" } },
      users: { ux: { "client-certificate": "certs/client.crt", "client-key": "./certs/client.key" } },
      contexts: { "cert-user": { cluster: "cx", user: "ux" }, "token-user": { cluster: "cx", user: "uy" } },
      currentContext: "cert-user",
    });
    const fileY = writeKubeconfig(join(y, "config"), { users: { uy: { tokenFile: "token" } } });
    expect(process.cwd()).not.toBe(x);
    const env = cleanEnv({ KUBECONFIG: [fileX, fileY].join(delimiter) });
    const certClient = await KubeClient.fromKubeconfig({ env });
    await certClient.request(getNamespace);
    expect(server.callers.at(-1)).toMatchObject({ clientCn: "alice", authorization: undefined });
    expect(await lastAuthorization(await KubeClient.fromKubeconfig({ context: "token-user", env }))).toBe("Bearer token-from-y");
  });

  it("takes base64 *-data like the files, and refuses both at once or bad base64", async () => {
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    const file = writeKubeconfig(join(folder(), "config"), {
      ...simpleConfig({ "client-certificate-data": base64(pki.clientCert), "client-key-data": base64(pki.clientKey) }, { "certificate-authority": undefined, "certificate-authority-data": base64(pki.ca) }),
    });
    const loaded = await loadKubeconfig({ kubeconfig: file, env: cleanEnv() });
    expect(Buffer.from(loaded.clientConfig.ca as Buffer).toString()).toBe(pki.ca);
    await new KubeClient(loaded.clientConfig).request(getNamespace);
    expect(server.callers.at(-1)!.clientCn).toBe("alice");

    const both = writeKubeconfig(join(folder(), "config"), simpleConfig({ token: "t" }, { "certificate-authority-data": base64(pki.ca) }));
    expect((await loadError(loadKubeconfig({ kubeconfig: both, env: cleanEnv() }))).message).toBe(
      `kubeconfig ${both}, context "main": cluster "test": sets both certificate-authority and certificate-authority-data; give one`,
    );
    const bad = writeKubeconfig(join(folder(), "config"), simpleConfig({ "client-certificate-data": "not base64!", "client-key-data": base64(pki.clientKey) }));
    expect((await loadError(loadKubeconfig({ kubeconfig: bad, env: cleanEnv() }))).message).toContain('user "me": client-certificate-data is not valid base64');
    const halfPair = writeKubeconfig(join(folder(), "config"), simpleConfig({ "client-certificate": pki.files.clientCert }));
    expect((await loadError(loadKubeconfig({ kubeconfig: halfPair, env: cleanEnv() }))).message).toContain("has a client certificate but no client key");
  });

  it("reads a token file (which wins over token), and names the file when it is missing", async () => {
    const here = folder();
    writeFileSync(join(here, "token"), "  file-token\n");
    const file = writeKubeconfig(join(here, "config"), simpleConfig({ token: "inline-token", tokenFile: "token" }));
    expect(await lastAuthorization(await KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() }))).toBe("Bearer file-token");
    const inline = writeKubeconfig(join(here, "inline"), simpleConfig({ token: "inline-token" }));
    expect(await lastAuthorization(await KubeClient.fromKubeconfig({ kubeconfig: inline, env: cleanEnv() }))).toBe("Bearer inline-token");
    unlinkSync(join(here, "token"));
    const error = await loadError(loadKubeconfig({ kubeconfig: file, env: cleanEnv() }));
    expect(error.message).toBe(`kubeconfig ${file}, context "main": user "me": cannot read tokenFile ${join(here, "token")}: ENOENT`);
  });

  it("re-reads a token file once a minute (rotated tokens), keeping the last good one when it vanishes", async () => {
    const path = join(folder(), "token");
    writeFileSync(path, "first");
    let now = 1_000_000;
    const token = await tokenFileSource(path, "tokenFile", () => now);
    writeFileSync(path, "second");
    expect(token()).toBe("first");
    now += TOKEN_FILE_REREAD_MS;
    expect(token()).toBe("second");
    unlinkSync(path);
    now += TOKEN_FILE_REREAD_MS;
    expect(token()).toBe("second");
  });

  it("checks the server's certificate against tls-server-name when the kubeconfig gives one", async () => {
    const config = (cluster: Record<string, unknown>) => ({ clusters: { n: { server: namedServer.url, "certificate-authority": pki.files.ca, ...cluster } }, contexts: { n: { cluster: "n" } }, currentContext: "n" });
    const without = writeKubeconfig(join(folder(), "config"), config({}));
    const refused = await loadError((await KubeClient.fromKubeconfig({ kubeconfig: without, env: cleanEnv() })).request(getNamespace));
    expect(String(refused.message)).toMatch(/altnames|kube\.test|does not match/i);
    const withName = writeKubeconfig(join(folder(), "config"), config({ "tls-server-name": "kube.test" }));
    expect((await (await KubeClient.fromKubeconfig({ kubeconfig: withName, env: cleanEnv() })).request(getNamespace)).metadata.name).toBe("default");
  });
});

/** What the "garbage" plugin prints: not JSON, and shaped like a secret that must not be quoted. */
const GARBAGE = "secret-looking-garbage token=abc";

describe("exec credential plugins", () => {
  let pluginDir: string;
  let plugin: string;
  beforeAll(() => {
    pluginDir = folder("plugin");
    plugin = join(pluginDir, "plugin.mjs");
    writeFileSync(
      plugin,
      [
        'import { appendFileSync, readFileSync } from "node:fs";',
        "const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);",
        "const log = process.env.PLUGIN_LOG;",
        'appendFileSync(log, JSON.stringify({ info, args: process.argv.slice(2), greeting: process.env.PLUGIN_GREETING ?? null }) + "\\n");',
        'const runs = readFileSync(log, "utf8").trim().split("\\n").length;',
        "const mode = process.argv[2];",
        'const credential = (status, apiVersion = info.apiVersion) => process.stdout.write(JSON.stringify({ apiVersion, kind: "ExecCredential", status }));',
        'if (mode === "token") credential({ token: process.env.PLUGIN_TOKEN });',
        'if (mode === "expiring") credential({ token: `run-${runs}`, expirationTimestamp: new Date(Date.now() - 1000).toISOString() });',
        'if (mode === "cert") credential({ clientCertificateData: readFileSync(process.env.PLUGIN_CERT, "utf8"), clientKeyData: readFileSync(process.env.PLUGIN_KEY, "utf8") });',
        'if (mode === "wrong-version") credential({ token: "x" }, "client.authentication.k8s.io/v1alpha1");',
        'if (mode === "empty") credential({});',
        `if (mode === "garbage") process.stdout.write(${JSON.stringify(GARBAGE)});`,
        'if (mode === "fail") { process.stderr.write("some detail\\nlogin expired: run acme login\\n"); process.exit(3); }',
      ].join("\n"),
    );
    writeFileSync(join(pluginDir, "plugin.sh"), `#!/bin/sh\nexec "${process.execPath}" "$(dirname "$0")/plugin.mjs" "$@"\n`);
    chmodSync(join(pluginDir, "plugin.sh"), 0o755);
  });

  function execUser(mode: string, log: string, exec: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      exec: {
        apiVersion: "client.authentication.k8s.io/v1",
        command: process.execPath,
        args: [plugin, mode],
        env: [{ name: "PLUGIN_LOG", value: log }, { name: "PLUGIN_TOKEN", value: "plugin-token" }, { name: "PLUGIN_CERT", value: pki.files.clientCert }, { name: "PLUGIN_KEY", value: pki.files.clientKey }],
        interactiveMode: "Never",
        ...exec,
      },
    };
  }

  function readLog(log: string): { info: { apiVersion: string; kind: string; spec: { interactive: boolean; cluster?: Record<string, unknown> } }; args: string[]; greeting: string | null }[] {
    return readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as ReturnType<typeof readLog>[number]);
  }

  it.each(["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])("runs a %s plugin with its args and env plus KUBERNETES_EXEC_INFO, and sends its token", async (apiVersion) => {
    const here = folder();
    const log = join(here, "log");
    const file = writeKubeconfig(join(here, "config"), simpleConfig(execUser("token", log, { apiVersion, provideClusterInfo: true, ...(apiVersion.endsWith("v1beta1") ? { interactiveMode: undefined } : {}) })));
    const client = await KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv({ PLUGIN_GREETING: "from the caller's environment" }) });
    expect(await lastAuthorization(client)).toBe("Bearer plugin-token");
    const [run] = readLog(log);
    expect(run).toMatchObject({ args: ["token"], greeting: "from the caller's environment", info: { apiVersion, kind: "ExecCredential", spec: { interactive: false } } });
    expect(run!.info.spec.cluster).toEqual({ server: server.url, "certificate-authority-data": Buffer.from(pki.ca).toString("base64") });
  });

  it("sends the client certificate and key a plugin returns", async () => {
    const here = folder();
    const file = writeKubeconfig(join(here, "config"), simpleConfig(execUser("cert", join(here, "log"))));
    await (await KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() })).request(getNamespace);
    expect(server.callers.at(-1)).toMatchObject({ clientCn: "alice", authorization: undefined });
  });

  it("finds a command given as a relative path next to the kubeconfig, and leaves out cluster info unless asked", async () => {
    const log = join(folder(), "log");
    const file = writeKubeconfig(join(pluginDir, "config"), simpleConfig({ exec: { ...(execUser("token", log)["exec"] as Record<string, unknown>), command: "./plugin.sh", args: ["token"] } }));
    expect(await lastAuthorization(await KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() }))).toBe("Bearer plugin-token");
    expect(readLog(log)[0]!.info.spec.cluster).toBeUndefined();
  });

  it("runs the plugin again when its token has expired", async () => {
    const here = folder();
    const log = join(here, "log");
    const file = writeKubeconfig(join(here, "config"), simpleConfig(execUser("expiring", log)));
    const client = await KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() });
    expect(readLog(log)).toHaveLength(1);
    expect(await lastAuthorization(client)).toBe("Bearer run-2");
    expect(await lastAuthorization(client)).toBe("Bearer run-3");
  });

  it.each([
    ["fail", 'exec plugin "NODE" failed with exit code 3: login expired: run acme login'],
    ["garbage", `exec plugin "NODE" printed something that is not an ExecCredential: its output (${Buffer.byteLength(GARBAGE)} bytes) is not JSON`],
    ["wrong-version", 'exec plugin "NODE" is configured for client.authentication.k8s.io/v1 but returned apiVersion "client.authentication.k8s.io/v1alpha1"'],
    ["empty", 'exec plugin "NODE" returned an ExecCredential with neither status.token nor status.clientCertificateData/clientKeyData'],
  ])("a plugin that does %s is a clear error naming kubeconfig, context and user", async (mode, reason) => {
    const here = folder();
    const file = writeKubeconfig(join(here, "config"), simpleConfig(execUser(mode, join(here, "log"))));
    const error = await loadError(KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() }));
    expect(error).toBeInstanceOf(KubeconfigError);
    expect(error.message).toBe(`kubeconfig ${file}, context "main": user "me": ${reason.replace("NODE", process.execPath)}`);
    expect(error.message).not.toContain("token=abc"); // stdout may hold a secret: never quoted
  });

  it("refuses a v1 plugin without interactiveMode, and says how to install a missing command", async () => {
    const here = folder();
    const noMode = writeKubeconfig(join(here, "config"), simpleConfig(execUser("token", join(here, "log"), { interactiveMode: undefined })));
    expect((await loadError(loadKubeconfig({ kubeconfig: noMode, env: cleanEnv() }))).message).toContain("interactiveMode must be set for client.authentication.k8s.io/v1");
    const missing = writeKubeconfig(join(here, "missing"), simpleConfig(execUser("token", join(here, "log"), { command: "acme-no-such-plugin", installHint: "install it with: brew install acme" })));
    expect((await loadError(loadKubeconfig({ kubeconfig: missing, env: cleanEnv() }))).message).toBe(
      `kubeconfig ${missing}, context "main": user "me": exec plugin "acme-no-such-plugin" not found (install it with: brew install acme)`,
    );
  });
});

describe("insecure-skip-tls-verify is never applied silently", () => {
  const insecureConfig = (): KubeconfigParts => ({
    clusters: { lab: { server: server.url, "insecure-skip-tls-verify": true } },
    users: { me: { token: "lab-token" } },
    contexts: { lab: { cluster: "lab", user: "me" } },
    currentContext: "lab",
  });

  it("is refused unless the caller allows it, then skips verification for that cluster", async () => {
    const file = writeKubeconfig(join(folder(), "config"), insecureConfig());
    const refused = await loadError(KubeClient.fromKubeconfig({ kubeconfig: file, env: cleanEnv() }));
    expect(refused.message).toBe(
      `kubeconfig ${file}, context "lab": cluster "lab": sets insecure-skip-tls-verify: true; TLS verification is skipped only when you allow it (--insecure-skip-tls-verify, or insecureSkipTlsVerify: true)`,
    );
    const loaded = await loadKubeconfig({ kubeconfig: file, insecureSkipTlsVerify: true, env: cleanEnv() });
    expect(loaded).toMatchObject({ insecureSkipTlsVerify: true, clientConfig: { rejectUnauthorized: false } });
    expect(await lastAuthorization(new KubeClient(loaded.clientConfig))).toBe("Bearer lab-token");
  });

  it("allowing it does not turn verification off for a cluster that does not ask", async () => {
    const config = insecureConfig();
    config.clusters!["lab"] = { server: server.url }; // no CA, no insecure flag: the system CAs do not know ours
    const file = writeKubeconfig(join(folder(), "config"), config);
    const loaded = await loadKubeconfig({ kubeconfig: file, insecureSkipTlsVerify: true, env: cleanEnv() });
    expect(loaded.insecureSkipTlsVerify).toBe(false);
    expect(loaded.clientConfig.rejectUnauthorized).toBeUndefined();
    const error = await loadError(new KubeClient(loaded.clientConfig).request(getNamespace));
    expect(String((error as { cause?: unknown }).cause ?? error.message)).toMatch(/certificate/i);
  });

  it("is refused together with a CA, as kubectl refuses it", async () => {
    const config = insecureConfig();
    config.clusters!["lab"]!["certificate-authority"] = pki.files.ca;
    const file = writeKubeconfig(join(folder(), "config"), config);
    expect((await loadError(loadKubeconfig({ kubeconfig: file, insecureSkipTlsVerify: true, env: cleanEnv() }))).message).toContain("sets both insecure-skip-tls-verify and a certificate authority");
  });
});

describe("settings this client cannot honour are refused, not ignored", () => {
  it.each([
    ["auth-provider", { "auth-provider": { name: "oidc" } }, {}, "auth-provider plugins are not supported"],
    ["basic auth", { username: "u", password: "p" }, {}, "basic authentication (username/password) is not supported"],
    ["impersonation", { token: "t", as: "someone-else" }, {}, "impersonation (as, as-groups, as-uid, as-user-extra) is not supported"],
    ["proxy-url", { token: "t" }, { "proxy-url": "http://proxy.example:3128" }, "proxy-url is set, and this client does not support proxies"],
  ])("%s", async (_name, user, cluster, reason) => {
    const file = writeKubeconfig(join(folder(), "config"), simpleConfig(user, cluster));
    const error = await loadError(loadKubeconfig({ kubeconfig: file, env: cleanEnv() }));
    expect(error.message).toMatch(/^kubeconfig .*, context "main": (user "me"|cluster "test"): /);
    expect(error.message).toContain(reason);
  });
});

describe("in-cluster configuration", () => {
  function serviceAccount(namespace?: string): string {
    const root = folder("serviceaccount");
    writeFileSync(join(root, "token"), "sa-token\n");
    copyFileSync(pki.files.ca, join(root, "ca.crt"));
    if (namespace !== undefined) writeFileSync(join(root, "namespace"), namespace);
    return root;
  }
  const clusterEnv = () => ({ KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: String(server.port) });

  it("uses KUBERNETES_SERVICE_HOST/PORT and the service account's token, CA and namespace", async () => {
    const client = await KubeClient.inCluster({ root: serviceAccount("team-a"), env: clusterEnv() });
    expect(client.defaultNamespace).toBe("team-a");
    expect(await lastAuthorization(client)).toBe("Bearer sa-token");
    expect((await KubeClient.inCluster({ root: serviceAccount(), env: clusterEnv() })).defaultNamespace).toBe("default");
  });

  it("brackets an IPv6 service host", async () => {
    expect((await inClusterConfig({ root: serviceAccount("x"), env: { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" } })).server).toBe("https://[fd00::1]:443");
  });

  it("says why it cannot: not in a cluster, or a service-account file missing", async () => {
    const outside = await loadError(KubeClient.inCluster({ root: serviceAccount("x"), env: {} }));
    expect(outside).toBeInstanceOf(InClusterConfigError);
    expect(outside.message).toContain("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT");
    const root = serviceAccount("x");
    unlinkSync(join(root, "token"));
    expect((await loadError(KubeClient.inCluster({ root, env: clusterEnv() }))).message).toContain(`cannot read the service-account token ${join(root, "token")}: ENOENT`);
  });
});

describe("entry points", () => {
  /** Files reached from a module by static imports (type-only and dynamic imports left out). */
  function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const source = readFileSync(entry, "utf8");
    for (const match of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) {
      const target = match[1]!;
      if (target.startsWith(".")) staticGraph(join(entry, "..", target.replace(/\.js$/, ".ts")), seen);
      else seen.add(target);
    }
    return seen;
  }

  it("the main entry does not load the config code (node:fs, node:child_process, yaml) nor any node: built-in until it is used", () => {
    const graph = [...staticGraph(join(REPO_ROOT, "client/src/index.ts"))];
    expect(graph.filter((module) => module.includes("/config/"))).toEqual([]);
    // No node: built-in at all (node:http/https are loaded by nodeHttpTransport on first use).
    expect(graph.filter((module) => module.startsWith("node:") || module === "yaml")).toEqual([]);
    const configGraph = [...staticGraph(join(REPO_ROOT, "client/src/config/index.ts"))];
    expect(configGraph).toEqual(expect.arrayContaining(["node:child_process", "yaml"])); // the scan sees them where they are
    // The package's entries are the built files of these sources (test/packaging/client-package.test.ts checks the built graph).
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "client/package.json"), "utf8")) as { exports: Record<string, { import: { default: string }; require: { default: string } }> };
    expect(pkg.exports["."]).toMatchObject({ import: { default: "./dist/esm/index.js" }, require: { default: "./dist/cjs/index.js" } });
    expect(pkg.exports["./config"]).toMatchObject({ import: { default: "./dist/esm/config/index.js" }, require: { default: "./dist/cjs/config/index.js" } });
  });
});
