// The client's README example (client/examples/list-watch.ts) run as a program against the
// loopback fake API server: it lists the pods of "demo", then watches while one pod is added
// there, one deleted, and one added in another namespace (which it must not print). Used on the
// source (tsx) and on the packed package's built JavaScript.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import { TEST_PACKAGES } from "../helpers.js";
import { FakeApiServer, type KindInfo } from "./fake-apiserver.js";

export interface ExampleRun {
  stdout: string;
  stderr: string;
  requests: FakeApiServer["requests"];
}

const pod = (name: string, namespace: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec: { containers: [{ name: "c", image: "nginx" }] } });

/** Runs `command args… demo` in `cwd` with the example's environment; stops it (by its pid) once it printed the delete. */
export async function runListWatchExample(command: string, args: string[], cwd: string): Promise<ExampleRun> {
  const core = (await import(pathToFileURL(join(TEST_PACKAGES, "v1.36/core/v1/index.mjs")).href)) as Record<string, KindInfo>;
  const Pod = core["Pod"]!;
  const server = new FakeApiServer([Pod]);
  const baseUrl = await server.start();
  try {
    server.put(Pod, pod("a", "demo"));
    server.put(Pod, pod("b", "demo"));
    server.put(Pod, pod("other", "elsewhere"));
    const child = spawn(command, [...args, "demo"], { cwd, env: { ...process.env, K8S_API: baseUrl, K8S_TOKEN: "tok", K8S_WATCH_SECONDS: "60" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const waitFor = async (check: () => boolean, what: string): Promise<void> => {
      const end = Date.now() + 30_000;
      while (!check()) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`example: no ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(() => server.openWatches === 1, "watch");
      server.put(Pod, pod("c", "demo"));
      server.remove(Pod, "demo", "a");
      server.put(Pod, pod("d", "elsewhere"));
      await waitFor(() => stdout.includes("Delete Pod demo/a"), "output");
    } finally {
      child.kill();
      await exited;
    }
    return { stdout, stderr, requests: server.requests };
  } finally {
    await server.stop();
  }
}

/** What the example must have printed and asked. */
export function expectListWatchOutput(run: ExampleRun): void {
  const out = run.stdout.trim().split("\n");
  expect(out[0]).toMatch(/^2 Pod objects at resourceVersion \d+$/);
  expect(out.slice(1).map((l) => l.replace(/ @\d+$/, ""))).toEqual(["Apply Pod demo/c", "Delete Pod demo/a"]);
  expect(run.stderr).toBe("");
  expect(run.requests.every((r) => r.authorization === "Bearer tok")).toBe(true);
  expect(run.requests[0]!.url).toBe("/api/v1/namespaces/demo/pods?limit=500");
}
