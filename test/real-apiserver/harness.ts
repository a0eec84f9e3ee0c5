// The real kube-apiserver of a test: started by scripts/apiserver.sh into a state folder of its
// own, stopped by the same script. Binaries are built once by the global set-up
// (test/setup/build-apiserver.ts), which also decides whether this suite can run at all.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { KubeClient } from "../../client/src/index.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

export const APISERVER_SCRIPT = join(REPO_ROOT, "scripts/apiserver.sh");

/** Whether this machine can run the suite, decided once by the global set-up. */
export interface RealApiServerAvailability {
  /** Kubernetes minors whose binaries are built, e.g. ["1.36", "1.37"]. */
  minors: string[];
  /** Why the suite cannot run here, when it cannot. */
  skipReason?: string;
}

/** The minors test/apiserver/ has a harness module for, e.g. ["1.36", "1.37"]. */
export function harnessMinors(): string[] {
  return readdirSync(join(REPO_ROOT, "test/apiserver"))
    .filter((name) => name.startsWith("k8s-"))
    .map((name) => name.slice("k8s-".length))
    .sort();
}

export function availability(): RealApiServerAvailability {
  return inject("realApiServer");
}

export interface LiveServer {
  minor: string;
  /** The patch release the server was built from, e.g. "v1.36.3". */
  kubernetesVersion: string;
  state: string;
  kubeconfig: string;
  url: string;
  etcdUrl: string;
  /** PEM files of the admin's credentials, the CA, and bearer tokens. */
  pki: { ca: string; cert: string; key: string; adminToken: string; nobodyToken: string };
  /** A client with full rights (client certificate of a system:masters user). */
  admin(options?: { timeoutMs?: number }): KubeClient;
  stop(): void;
}

function readEnv(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

/** Starts etcd and kube-apiserver of `minor` on loopback; `stop()` ends both. */
export function startApiServer(minor: string, extraFlags: string[] = []): LiveServer {
  const state = mkdtempSync(join(tmpdir(), `k8s-openapi-ts-apiserver-${minor}-`));
  const env = { ...process.env, APISERVER_EXTRA_FLAGS: extraFlags.join(" ") };
  try {
    execFileSync("bash", [APISERVER_SCRIPT, "start", minor, state], { env, stdio: ["ignore", "inherit", "inherit"] });
  } catch (error) {
    rmSync(state, { recursive: true, force: true });
    throw error;
  }
  const values = readEnv(join(state, "env"));
  const pkiDir = join(state, "pki");
  const pki = {
    ca: readFileSync(join(pkiDir, "ca.crt"), "utf8"),
    cert: readFileSync(join(pkiDir, "admin.crt"), "utf8"),
    key: readFileSync(join(pkiDir, "admin.key"), "utf8"),
    adminToken: readFileSync(join(pkiDir, "admin.token"), "utf8"),
    nobodyToken: readFileSync(join(pkiDir, "nobody.token"), "utf8"),
  };
  let stopped = false;
  return {
    minor,
    kubernetesVersion: values.KUBERNETES_VERSION!,
    state,
    kubeconfig: join(state, "kubeconfig"),
    url: values.APISERVER_URL!,
    etcdUrl: values.ETCD_URL!,
    pki,
    admin: (options = {}) => new KubeClient({ baseUrl: values.APISERVER_URL!, ca: pki.ca, cert: pki.cert, key: pki.key, ...options }),
    stop() {
      if (stopped) return;
      stopped = true;
      execFileSync("bash", [APISERVER_SCRIPT, "stop", state], { stdio: ["ignore", "inherit", "inherit"] });
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** GET of a raw path as the admin, e.g. `/openapi/v2`; the body as text. */
export async function getRaw(server: LiveServer, path: string): Promise<string> {
  const { request } = await import("node:https");
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { ca: server.pki.ca, cert: server.pki.cert, key: server.pki.key, headers: { Accept: "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`GET ${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(text);
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
