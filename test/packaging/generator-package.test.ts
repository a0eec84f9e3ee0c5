// The generator, `k8s-openapi-ts`, as users get it: `npm pack` of a copy of the repository's
// package (support.ts packGenerator; its prepack builds dist/ with esbuild), the tarball installed offline from the
// npm cache into a fresh project outside the repository, then: only built JavaScript and the
// run-time files ship; the install has neither TypeScript nor tsx nor esbuild; `--help`,
// `generate --spec`, `generate --from-cluster`, `crd` and `check` through the installed
// command write byte for byte what the repository's sources write; the programmatic API
// compiles (tsc strict) and runs; publint and arethetypeswrong find nothing.
// Sizes and start-up times go to .cache/packaging-report-generator.json.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { BIN as SOURCE_BIN, specSlice, treeDiff, treeEntries } from "../hostile/support.js";
import { json, makePki, startTestServer, writeKubeconfig, type TestServer } from "../support/test-cluster.js";
import { arethetypeswrong, BIN, installTarballs, packGenerator, publintMessages, run, type PackInfo, type RunResult } from "./support.js";

/** What the generator runs with: package.json `dependencies`, nothing else. */
const RUNTIME_DEPENDENCIES = ["@apidevtools/swagger-parser", "commander", "handlebars", "prettier", "yaml"];
const BUILD_TOOLS = ["typescript", "tsx", "esbuild", "vitest"];
const CRDS = ["cert-manager/deploy/crds/cert-manager.io_certificates.yaml", "cert-manager/deploy/crds/cert-manager.io_issuers.yaml"].map((f) => join(REPO_ROOT, "../shared/corpus/crds", f));
const MANIFESTS = join(REPO_ROOT, "../shared/corpus/manifests/metrics-server");

/** Holds the tarball and the project. */
let root = "";
let project = "";
let tarball = "";
let pack: PackInfo & { tarball: string };
let installed = "";
let work = "";
let spec = "";
let server: TestServer | undefined;
let kubeconfig = "";
const report: Record<string, unknown> = {};

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) total += entry.isDirectory() ? sizeOf(join(dir, entry.name)) : statSync(join(dir, entry.name)).size;
  return total;
}

/** The installed command, as `npx k8s-openapi-ts` runs it in the project. */
function installedCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(join(project, "node_modules/.bin/k8s-openapi-ts"), args, { cwd: project, env: { ...process.env, KUBECONFIG: undefined, ...env } });
}

/** The repository's command, from its TypeScript sources. */
function sourceCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(process.execPath, [SOURCE_BIN, ...args], { cwd: project, env: { ...process.env, KUBECONFIG: undefined, ...env } });
}

/** Runs the same command through both, into two output folders, and returns both trees. */
async function bothWays(args: (out: string) => string[], env: NodeJS.ProcessEnv = {}) {
  const label = `${args("OUT")[0]}-${readdirSync(work).length}`;
  const outs = { installed: join(work, label, "installed", "pkg"), source: join(work, label, "source", "pkg") };
  mkdirSync(join(work, label, "installed"), { recursive: true });
  mkdirSync(join(work, label, "source"), { recursive: true });
  const [a, b] = await Promise.all([installedCli(args(outs.installed), env), sourceCli(args(outs.source), env)]);
  return { installed: a, source: b, trees: { installed: treeEntries(outs.installed), source: treeEntries(outs.source) } };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-generator-consumer-"));
  pack = await packGenerator(root);
  tarball = pack.tarball;
  // Offline: the dependencies come from the npm cache that `npm ci` filled.
  const install = await installTarballs(root, [tarball], { type: "module" });
  if (install.result.code !== 0) throw new Error(`npm install --offline of the generator failed:\n${install.result.stderr}`);
  project = install.project;
  installed = join(project, "node_modules/k8s-openapi-ts");
  work = join(project, "work");
  mkdirSync(work);
  spec = join(project, "slice.swagger.json");
  writeFileSync(spec, JSON.stringify(specSlice("1.36")));
  report["tarball"] = pack.filename;
  report["tarballBytes"] = pack.size;
  report["unpackedBytes"] = pack.unpackedSize;
  report["installedBytes"] = sizeOf(installed);
  report["installedWithDependenciesBytes"] = sizeOf(join(project, "node_modules"));
  report["files"] = pack.files.length;
}, 300_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  writeFileSync(join(REPO_ROOT, ".cache/packaging-report-generator.json"), `${JSON.stringify(report, null, 2)}\n`);
});

describe("k8s-openapi-ts (the generator), packed and installed", () => {
  it("the tarball holds built JavaScript, the API's declarations and the run-time files — no TypeScript sources", () => {
    const files = pack.files.map((f) => f.path).sort();
    const allowed = /^(?:dist\/[\w-]+\.mjs|dist\/types\/generator\/(?:index|errors|runner\/api)\.d\.ts|generator\/runner\/bin\.mjs|generator\/emit\/templates\/[\w.-]+\.hbs|generator\/emit\/stable\/index\.d\.ts|specs\/kubernetes\.json|package\.json|README\.md|LICENSE)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["dist/cli.mjs", "dist/index.mjs", "dist/generate-worker.mjs", "dist/types/generator/index.d.ts", "LICENSE", "README.md", "specs/kubernetes.json"]));
    // Every template the emitters render ships.
    const templates = readdirSync(join(REPO_ROOT, "generator/emit/templates")).map((t) => `generator/emit/templates/${t}`);
    expect(files).toEqual(expect.arrayContaining(templates));
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { name: string; bin: Record<string, string>; dependencies: Record<string, string>; private?: boolean };
    expect(manifest.name).toBe("k8s-openapi-ts");
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(RUNTIME_DEPENDENCIES);
  });

  it("installs without TypeScript, tsx or esbuild, and its built files import none of them", () => {
    const present = BUILD_TOOLS.filter((name) => existsSync(join(project, "node_modules", name)));
    expect(present).toEqual([]);
    for (const file of readdirSync(join(installed, "dist")).filter((f) => f.endsWith(".mjs"))) {
      const text = readFileSync(join(installed, "dist", file), "utf8");
      expect(text.match(/(?:from\s+|import\()["'](?:typescript|tsx|esbuild)(?:\/[^"']*)?["']/g) ?? [], file).toEqual([]);
    }
  });

  it("--help and --version run through the installed command (start-up timed into the report)", async () => {
    const help = await installedCli(["--help"]);
    expect(help.stderr).toBe("");
    expect(help.code).toBe(0);
    for (const command of ["generate-all", "generate", "crd", "check", "diff"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    const version = await installedCli(["--version"]);
    expect(version.stdout.trim()).toBe(pack.version);
    const startups: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await installedCli(["--help"]);
      startups.push(Math.round(performance.now() - started));
    }
    report["helpStartMs"] = startups; // a record, not a target: scripts/bench-startup.ts measures it
  });

  it("generate --spec writes byte for byte what the sources write", async () => {
    const { installed: a, source: b, trees } = await bothWays((out) => ["generate", "--spec", spec, "--out", out, "--name", "@me/slice-types", "--kubernetes", "1.36"]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toMatch(/^@me\/slice-types: \d+ definitions, \d+ resource kinds, \d+ files in [\d.]+ s → /);
    expect(trees.installed.size).toBeGreaterThan(10);
    expect(treeDiff(trees.source, trees.installed)).toEqual([]);
  });

  it("generate --from-cluster reads the kubeconfig's cluster and writes what the sources write", async () => {
    const pkiDir = join(project, "pki");
    mkdirSync(pkiDir);
    const pki = makePki(pkiDir);
    const document = readFileSync(spec, "utf8");
    server = await startTestServer(pki);
    server.handler = (req, res) => (req.url === "/openapi/v2" && req.headers.authorization === "Bearer good" ? res.writeHead(200, { "content-type": "application/json" }).end(document) : json(res, 401, { kind: "Status", code: 401 }));
    kubeconfig = writeKubeconfig(join(project, "kubeconfig"), {
      clusters: { test: { server: server.url, "certificate-authority": join(pkiDir, "ca.crt") } },
      users: { admin: { token: "good" }, stranger: { token: "bad" } },
      contexts: { admin: { cluster: "test", user: "admin" }, stranger: { cluster: "test", user: "stranger" } },
      currentContext: "admin",
    });
    const { installed: a, source: b, trees } = await bothWays((out) => ["generate", "--from-cluster", "--kubeconfig", kubeconfig, "--out", out, "--name", "@me/cluster-types"]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(trees.installed.size).toBeGreaterThan(10);
    expect(treeDiff(trees.source, trees.installed)).toEqual([]);
    // A refusal is the same clear one-line error, naming the kubeconfig and the context.
    const refused = await installedCli(["generate", "--from-cluster", "--kubeconfig", kubeconfig, "--context", "stranger", "--out", join(work, "refused"), "--name", "x"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(kubeconfig);
    expect(refused.stderr).toContain('"stranger"');
    expect(refused.stderr).toContain("401");
    expect(existsSync(join(work, "refused"))).toBe(false);
  });

  it("crd writes byte for byte what the sources write", async () => {
    const { installed: a, source: b, trees } = await bothWays((out) => ["crd", ...CRDS, "--out", out, "--name", "@me/cert-manager-types", "--kubernetes", "1.36"]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toMatch(/^@me\/cert-manager-types: 2 CRDs, \d+ served versions, \d+ resource kinds/);
    expect(treeDiff(trees.source, trees.installed)).toEqual([]);
  });

  it("check prints what the sources print (pinned specs found through $K8S_OPENAPI_TS_MIRROR)", async () => {
    const env = { K8S_OPENAPI_TS_MIRROR: join(REPO_ROOT, "../shared/specs") };
    const [a, b] = await Promise.all([installedCli(["check", "--kubernetes", "1.30", "--json", MANIFESTS], env), sourceCli(["check", "--kubernetes", "1.30", "--json", MANIFESTS], env)]);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(a).toEqual(b);
  });

  it("the programmatic API compiles (tsc strict, skipLibCheck false) and runs: generate, generateFromCrds, GeneratorError", async () => {
    const dir = join(project, "api");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "build.ts"),
      [
        `import { generate, generateFromCrds, GeneratorError, type GenerateSummary, type CrdSummary } from "k8s-openapi-ts";`,
        `declare const process: { argv: string[] }; // no @types/node: the declarations must not need it`,
        `const types: GenerateSummary = await generate({ spec: process.argv[2]!, out: "api-out/types", name: "@me/api-types", kubernetes: "1.36" });`,
        `const crds: CrdSummary = await generateFromCrds({ crds: process.argv.slice(3), out: "api-out/crds", name: "@me/api-crds", kubernetes: "1.36" });`,
        `let refused = "";`,
        `try {`,
        `  await generate({ spec: "missing.json", out: "api-out/none", name: "x" });`,
        `} catch (error) {`,
        `  if (error instanceof GeneratorError) refused = \`\${error.location?.file}: \${error.message}\`;`,
        `}`,
        `// @ts-expect-error: out is required`,
        `void (() => generate({ spec: "x", name: "x" }));`,
        `console.log(JSON.stringify({ types, crds: { kinds: crds.kinds, crds: crds.crds, servedVersions: crds.servedVersions }, refused }));`,
        ``,
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: false, target: "ES2022", module: "nodenext", moduleResolution: "nodenext", types: [], outDir: "out" }, files: ["build.ts"] }),
    );
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "build", private: true, type: "module" }));
    // node_modules of the project, where the package is installed, are above api/.
    const tsc = await run(process.execPath, [BIN.tsc59, "-p", dir, "--pretty", "false"], { cwd: dir });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    const result = await run(process.execPath, [join(dir, "out/build.js"), spec, ...CRDS], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { types: Record<string, unknown>; crds: Record<string, number>; refused: string };
    expect(out.types).toMatchObject({ name: "@me/api-types", out: join(dir, "api-out/types"), warnings: [] });
    expect(out.types["kinds"]).toBeGreaterThan(0);
    expect(out.types["files"]).toBe([...treeEntries(join(dir, "api-out/types")).values()].filter((v) => v !== "dir").length);
    expect(out.crds).toEqual({ kinds: out.crds["servedVersions"], crds: 2, servedVersions: expect.any(Number) });
    expect(out.refused).toMatch(/^missing\.json: cannot read the file/);
    expect(existsSync(join(dir, "api-out/none"))).toBe(false);
  });

  it("publint reports no errors, warnings or suggestions", async () => {
    const lines = await publintMessages(tarball);
    report["publint"] = lines;
    expect(lines).toEqual([]);
  });

  it("arethetypeswrong finds no problems for node16 ESM and bundler (an ES module package: require() is the one thing it refuses)", async () => {
    const result = await arethetypeswrong(tarball, "esm-only");
    const problems = result.problems;
    // The JSON lists the problems of the resolutions the profile ignores too.
    const ignored = problems.filter((p) => p.resolutionKind === "node10" || p.resolutionKind === "node16-cjs");
    const counted = problems.filter((p) => !ignored.includes(p));
    report["attw"] = counted.length === 0 ? `no problems (${result.entrypoints.length} entry points, profile esm-only; ignored: ${ignored.map((p) => `${p.kind} (${p.resolutionKind})`).join(", ")})` : counted;
    expect(counted).toEqual([]);
    expect(ignored).toEqual([{ kind: "CJSResolvesToESM", entrypoint: ".", resolutionKind: "node16-cjs" }]);
    expect(result.code).toBe(0);
  });
});
