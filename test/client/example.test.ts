// The README example (client/examples/list-watch.ts), run as a user would run it — with
// tsx, the generated 1.36 package and the client installed — against the loopback server.
import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { TEST_PACKAGES } from "../helpers.js";
import { FakeApiServer, type KindInfo } from "./fake-apiserver.js";
import { tempProject } from "./install-temp.js";

const EXAMPLE = join(REPO_ROOT, "client/examples/list-watch.ts");
let server: FakeApiServer;
let baseUrl: string;
let Pod: KindInfo;
const pod = (name: string, namespace: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec: { containers: [{ name: "c", image: "nginx" }] } });

beforeAll(async () => {
  const core = (await import(pathToFileURL(join(TEST_PACKAGES, "v1.36/core/v1/index.mjs")).href)) as Record<string, KindInfo>;
  Pod = core.Pod!;
  server = new FakeApiServer([Pod]);
  baseUrl = await server.start();
});
afterAll(async () => server.stop());

describe("README example", () => {
  it("is the file the README shows", () => {
    const example = readFileSync(EXAMPLE, "utf8").trimEnd();
    expect(readFileSync(join(REPO_ROOT, "client/README.md"), "utf8")).toContain(example);
    expect(example.split("\n").length).toBeLessThanOrEqual(32);
  });

  it("lists and watches pods against the loopback server", async () => {
    server.put(Pod, pod("a", "demo"));
    server.put(Pod, pod("b", "demo"));
    server.put(Pod, pod("other", "elsewhere"));
    const dir = tempProject("k8s-client-example-");
    try {
      copyFileSync(EXAMPLE, join(dir, "list-watch.ts"));
      // Run the example; stop it (by its pid) once it printed what the changes below cause.
      const child = spawn(join(REPO_ROOT, "node_modules/.bin/tsx"), ["list-watch.ts", "demo"], { cwd: dir, env: { ...process.env, K8S_API: baseUrl, K8S_TOKEN: "tok", K8S_WATCH_SECONDS: "60" }, stdio: ["ignore", "pipe", "pipe"] });
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
      const out = stdout.trim().split("\n");
      expect(out[0]).toMatch(/^2 Pod objects at resourceVersion \d+$/);
      expect(out.slice(1).map((l) => l.replace(/ @\d+$/, ""))).toEqual(["Apply Pod demo/c", "Delete Pod demo/a"]);
      expect(stderr).toBe("");
      expect(server.requests.every((r) => r.authorization === "Bearer tok")).toBe(true);
      expect(server.requests[0]!.url).toBe("/api/v1/namespaces/demo/pods?limit=500");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
