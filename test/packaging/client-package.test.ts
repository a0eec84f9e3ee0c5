// @k8s-openapi-ts/client as users get it: `npm pack` (its prepack script builds dist/ from a
// copy of client/ without dist/), the tarball installed offline into a fresh project outside
// the repository next to the packed generated 1.36 package, then: ESM import and CJS require
// of both entries work under node, the built main entry loads no `node:` built-in at top
// level, the README example compiles (tsc strict, skipLibCheck false) and runs against the
// loopback API server, a CommonJS consumer compiles and runs, and publint and
// arethetypeswrong find nothing. Sizes go to .cache/packaging-report-client.json.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { TEST_PACKAGES } from "../helpers.js";
import { FakeApiServer, type KindInfo } from "../client/fake-apiserver.js";
import { expectListWatchOutput, runListWatchExample } from "../client/run-list-watch-example.js";
import { packFolder, type PackInfo } from "../../scripts/packaging.js";
import { arethetypeswrong, BIN, generatedPackage, npmEnv, npmPack, publintMessages, run } from "./support.js";

let staging = "";
let project = "";
let tarball = "";
let pack: PackInfo;
let installed = "";
const report: Record<string, unknown> = {};

const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, target: "ES2022", types: ["node"] };

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) total += entry.isDirectory() ? sizeOf(join(dir, entry.name)) : statSync(join(dir, entry.name)).size;
  return total;
}

/** Bare and relative specifiers a built file loads when it is evaluated (not the lazy import()/require() inside functions). */
function topLevelImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const esm = [...source.matchAll(/^(?:import|export)\s+(?:[^;]*?\s+from\s+)?"([^"]+)"/gm)].map((m) => m[1]!);
  const cjs = [...source.matchAll(/^(?!\s).*?\brequire\("([^"]+)"\)/gm)].map((m) => m[1]!);
  return [...esm, ...cjs];
}

/** Every module reached from `entry` through top-level imports: files of the package, and bare specifiers. */
function importGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const target of topLevelImports(entry)) {
    if (target.startsWith(".")) importGraph(join(dirname(entry), target), seen);
    else seen.add(target);
  }
  return seen;
}

beforeAll(async () => {
  // A copy of client/ without dist/ (so prepack must build it, and the test never races the
  // suite's own build in client/dist), inside the repository so the build finds typescript
  // and the base tsconfig as it does in client/.
  staging = mkdtempSync(join(REPO_ROOT, ".cache/client-pack-"));
  copyFileSync(join(REPO_ROOT, "tsconfig.json"), join(staging, "tsconfig.json"));
  cpSync(join(REPO_ROOT, "client"), join(staging, "client"), { recursive: true, filter: (src) => !/[/\\](?:dist|node_modules)$/.test(src) });
  project = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-client-consumer-"));
  const tarballs = join(project, "tarballs");
  mkdirSync(tarballs);
  ({ tarball, info: pack } = await packFolder(join(staging, "client"), tarballs, { scripts: true }));
  const k8s = await npmPack(generatedPackage("v1.36"), tarballs);
  // @k8s-openapi-ts/stable (the client's types-only dependency) from its generated folder, packed.
  const stable = await npmPack(generatedPackage("stable"), tarballs);
  // yaml (the client's dependency for ./config) from the repository's node_modules, packed, so the
  // install needs no registry: --offline must succeed.
  const { tarball: yamlTarball } = await packFolder(join(REPO_ROOT, "node_modules/yaml"), tarballs);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "consumer", version: "0.0.0", private: true, type: "module" }, null, 2)}\n`);
  const install = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, k8s, stable, yamlTarball], { cwd: project, env: npmEnv() });
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  installed = join(project, "node_modules/@k8s-openapi-ts/client");
  // Node's types for the consumers (the example reads a CA file); not part of what is tested.
  symlinkSync(join(REPO_ROOT, "node_modules/@types"), join(project, "node_modules/@types"), "dir");
  report["tarball"] = pack.filename;
  report["tarballBytes"] = pack.size;
  report["unpackedBytes"] = pack.unpackedSize;
  report["installedBytes"] = sizeOf(installed);
  report["files"] = pack.files.length;
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
  if (staging) rmSync(staging, { recursive: true, force: true });
  writeFileSync(join(REPO_ROOT, ".cache/packaging-report-client.json"), `${JSON.stringify(report, null, 2)}\n`);
});

describe("@k8s-openapi-ts/client, packed and installed", () => {
  it("the tarball holds the built ESM and CJS files with declarations, README, LICENSE — no sources", () => {
    const files = pack.files.map((f) => f.path).sort();
    expect(files.filter((f) => !/^(?:dist\/(?:esm|cjs)\/(?:config\/)?[a-z-]+\.(?:js|d\.ts)|dist\/cjs\/package\.json|config\/package\.json|package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    for (const format of ["esm", "cjs"]) for (const entry of ["index", "config/index"]) expect(files).toEqual(expect.arrayContaining([`dist/${format}/${entry}.js`, `dist/${format}/${entry}.d.ts`]));
    expect(JSON.parse(readFileSync(join(installed, "dist/cjs/package.json"), "utf8"))).toEqual({ type: "commonjs" });
    // Built from the sources of this commit: one output per source file, in each format.
    const sources = readdirSync(join(REPO_ROOT, "client/src"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, ".js").replaceAll("\\", "/"));
    for (const format of ["esm", "cjs"]) expect(files.filter((f) => f.startsWith(`dist/${format}/`) && f.endsWith(".js")).map((f) => f.slice(`dist/${format}/`.length)).sort()).toEqual(sources.sort());
  });

  it("is small: tarball and installed size recorded, and bounded", () => {
    expect(pack.size).toBeGreaterThan(10_000);
    expect(pack.size).toBeLessThan(100_000);
    expect(report["installedBytes"]).toBeLessThan(400_000);
  });

  it("import() of both entries works under node (ESM), from dist/esm", async () => {
    const script = `
      const client = await import("@k8s-openapi-ts/client");
      const config = await import("@k8s-openapi-ts/client/config");
      const pods = client.namespaced({ API_VERSION: "v1", GROUP: "", VERSION: "v1", KIND: "Pod", URL_PATH_SEGMENT: "pods", SCOPE: "namespaced", LIST_KIND: "PodList", VERBS: ["list"] }, "ns").list();
      console.log(JSON.stringify({ resolved: [import.meta.resolve("@k8s-openapi-ts/client"), import.meta.resolve("@k8s-openapi-ts/client/config")],
        KubeClient: typeof client.KubeClient, watcher: typeof client.watcher, loadKubeconfig: typeof config.loadKubeconfig, path: pods.path,
        error: new client.GoneError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 410 }, 410) instanceof client.KubeApiError,
        inCluster: await client.KubeClient.inCluster({ env: {} }).catch((e) => e instanceof config.InClusterConfigError) }));`;
    const result = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: project });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      resolved: [pathToFileURL(join(installed, "dist/esm/index.js")).href, pathToFileURL(join(installed, "dist/esm/config/index.js")).href],
      KubeClient: "function",
      watcher: "function",
      loadKubeconfig: "function",
      path: "/api/v1/namespaces/ns/pods",
      error: true,
      inCluster: true, // the lazily loaded config code is the same copy as the ./config entry
    });
  });

  it("require() of both entries works under node (CommonJS), from dist/cjs", async () => {
    const script = `
      const client = require("@k8s-openapi-ts/client");
      const config = require("@k8s-openapi-ts/client/config");
      client.KubeClient.inCluster({ env: {} }).catch((e) => e instanceof config.InClusterConfigError).then((inCluster) =>
      console.log(JSON.stringify({ resolved: [require.resolve("@k8s-openapi-ts/client"), require.resolve("@k8s-openapi-ts/client/config")],
        KubeClient: typeof client.KubeClient, Store: typeof client.Store, inClusterConfig: typeof config.inClusterConfig, KubeconfigError: typeof config.KubeconfigError, inCluster })));`;
    const result = await run(process.execPath, ["-e", script], { cwd: project });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      resolved: [join(installed, "dist/cjs/index.js"), join(installed, "dist/cjs/config/index.js")],
      KubeClient: "function",
      Store: "function",
      inClusterConfig: "function",
      KubeconfigError: "function",
      inCluster: true, // lazily required config code, the same copy as the ./config entry
    });
  });

  it("the built main entry loads no node: built-in (nor yaml, nor the config code) at top level, in either format", () => {
    for (const format of ["esm", "cjs"]) {
      const graph = [...importGraph(join(installed, `dist/${format}/index.js`))];
      expect(graph.length, format).toBeGreaterThan(5); // the scan follows the files
      expect(graph.filter((m) => m.startsWith("node:") || !m.startsWith("/")), format).toEqual([]);
      expect(graph.filter((m) => m.includes("/config/")), format).toEqual([]);
      // The scan sees built-ins where they are: the config entry loads them at top level…
      expect([...importGraph(join(installed, `dist/${format}/config/index.js`))], format).toEqual(expect.arrayContaining(["node:fs/promises", "node:child_process", "yaml"]));
      // …and the node transport keeps its node:https load inside the function.
      const transport = readFileSync(join(installed, `dist/${format}/transport.js`), "utf8");
      expect(transport, format).toMatch(/^\s+.*(?:import|require)\("node:https"\)/m);
      expect(topLevelImports(join(installed, `dist/${format}/transport.js`)), format).toEqual([]);
    }
  });

  it("bundles for the browser (esbuild, code splitting, node: and yaml external) with no node: built-in in the entry chunk", async () => {
    const dir = join(project, "bundle");
    mkdirSync(dir);
    writeFileSync(join(dir, "entry.mjs"), `import { KubeClient, namespaced } from "@k8s-openapi-ts/client";\nexport const client = new KubeClient({ baseUrl: "https://example.invalid" });\nexport { namespaced };\n`);
    const result = await build({ entryPoints: [join(dir, "entry.mjs")], absWorkingDir: project, bundle: true, splitting: true, format: "esm", platform: "browser", external: ["node:*", "yaml"], outdir: join(dir, "out"), write: true, logLevel: "silent" });
    expect(result.errors).toEqual([]);
    const entry = readFileSync(join(dir, "out/entry.js"), "utf8");
    expect(entry).toMatch(/\bKubeClient = class\b/); // the client is in the bundle
    expect(topLevelImports(join(dir, "out/entry.js")).filter((m) => !m.startsWith("./"))).toEqual([]);
    expect(entry).toMatch(/^\s+.*import\("node:https"\)/m); // kept, lazy, for the TLS transport
  });

  it("the README example compiles (tsc strict, skipLibCheck false) and runs as built JavaScript against the loopback server", async () => {
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(example).toBe(`${readFileSync(join(REPO_ROOT, "client/examples/list-watch.ts"), "utf8").trimEnd()}\n`);
    const dir = join(project, "example");
    mkdirSync(dir);
    writeFileSync(join(dir, "list-watch.ts"), example);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...STRICT, module: "nodenext", moduleResolution: "nodenext", outDir: "out" }, files: ["list-watch.ts"] }));
    const tsc = await run(process.execPath, [BIN.tsc59, "-p", dir, "--pretty", "false"], { cwd: dir });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);

    // Plain node on the compiled file: no tsx, no TypeScript at run time.
    expectListWatchOutput(await runListWatchExample(process.execPath, [join(dir, "out/list-watch.js")], dir));
  });

  it("a CommonJS consumer compiles against the require types and runs against the loopback server", async () => {
    const dir = join(project, "cjs");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer-cjs", private: true, type: "commonjs" }));
    writeFileSync(
      join(dir, "main.ts"),
      [
        `import { KubeClient, namespaced, KubeApiError } from "@k8s-openapi-ts/client";`,
        `import { Pod } from "@k8s-openapi-ts/k8s-1.36/core/v1";`,
        `async function main(): Promise<void> {`,
        `  const client = new KubeClient({ baseUrl: process.env["K8S_API"]!, token: "tok" });`,
        `  const created: Pod = await client.request(namespaced(Pod, "ns").create({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx" }] } }));`,
        `  const list = await client.request(namespaced(Pod, "ns").list());`,
        `  // TLS options select nodeHttpTransport, which loads node:http on this first request.`,
        `  const viaNode = await new KubeClient({ baseUrl: process.env["K8S_API"]!, token: "tok", rejectUnauthorized: true }).request(namespaced(Pod, "ns").get("p"));`,
        `  let missing = "";`,
        `  try { await client.request(namespaced(Pod, "ns").get("nope")); } catch (error) { if (error instanceof KubeApiError) missing = error.reason ?? ""; }`,
        `  console.log(JSON.stringify({ created: created.metadata?.name, items: list.items.map((p) => \`\${p.kind}/\${p.metadata?.name}\`), viaNode: viaNode.metadata?.name, missing }));`,
        `}`,
        `void main();`,
        ``,
      ].join("\n"),
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...STRICT, module: "node16", moduleResolution: "node16", outDir: "out" }, files: ["main.ts"] }));
    const tsc = await run(process.execPath, [BIN.tsc59, "-p", dir, "--pretty", "false"], { cwd: dir });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    expect(readFileSync(join(dir, "out/main.js"), "utf8")).toContain(`require("@k8s-openapi-ts/client")`);
    const core = (await import(pathToFileURL(join(TEST_PACKAGES, "v1.36/core/v1/index.mjs")).href)) as Record<string, KindInfo>;
    const server = new FakeApiServer([core["Pod"]!]);
    const baseUrl = await server.start();
    try {
      const result = await run(process.execPath, [join(dir, "out/main.js")], { cwd: dir, env: { ...process.env, K8S_API: baseUrl } });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ created: "p", items: ["Pod/p"], viaNode: "p", missing: "NotFound" });
    } finally {
      await server.stop();
    }
  });

  it("publint reports no errors, warnings or suggestions", async () => {
    const lines = await publintMessages(tarball);
    report["publint"] = lines;
    expect(lines).toEqual([]);
  });

  it("arethetypeswrong finds no problems for either entry under node10, node16 CJS, node16 ESM and bundler", async () => {
    const result = await arethetypeswrong(tarball, "strict");
    report["attw"] = result.problems.length === 0 ? `no problems (${result.entrypoints.length} entry points)` : result.problems;
    expect(result.problems).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.entrypoints.sort()).toEqual([".", "./config", "./package.json"]);
  });
});
