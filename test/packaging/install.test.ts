// Installs the packed tarballs of Kubernetes 1.28 and 1.36 (and @k8s-openapi-ts/stable) side by
// side in a fresh project outside the repository, the way users do, then compiles consumers
// with TypeScript 5.9 and TypeScript 7 under node16 ESM, node16 CommonJS and bundler
// resolution (skipLibCheck false, strict, exactOptionalPropertyTypes), runs them under node,
// and bundles a Pod-constants consumer with esbuild.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { BIN, generatedPackage, npmEnv, npmPack, pool, run } from "./support.js";

const CONSUMER = join(REPO_ROOT, "test/packaging/consumer");
const MINORS = ["v1.28", "v1.36"] as const;
let project = "";
const report: Record<string, unknown> = {};

const COMPILER_OPTIONS = { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noUncheckedIndexedAccess: true, target: "ES2022", types: [] };
const MODES = {
  "node16-esm": { type: "module", options: { module: "node16", moduleResolution: "node16" } },
  "node16-cjs": { type: "commonjs", options: { module: "node16", moduleResolution: "node16" } },
  bundler: { type: "module", options: { module: "preserve", moduleResolution: "bundler", noEmit: true } },
} as const;
type Mode = keyof typeof MODES;
const COMPILERS = { "5.9": BIN.tsc59, "7": BIN.tsc7 } as const;
type Compiler = keyof typeof COMPILERS;

/** What the consumer prints, whichever way it was compiled or bundled. */
const EXPECTED_OUTPUT = {
  versions: ["1.28", "1.36"],
  names: ["@k8s-openapi-ts/k8s-1.28", "@k8s-openapi-ts/k8s-1.36"],
  constants: ["v1", "Pod", "pods", "namespaced", "PodList", "PodList", "apps", "deployments"],
  frozen: true,
  paths: ["/api/v1/namespaces/ns/pods", "/api/v1/namespaces/ns/pods", "/apis/apps/v1/namespaces/ns/deployments", "/api/v1/namespaces/ns/services"],
  described: ["Pod/old (PodList, 8 verbs)", "Pod/new (PodList, 8 verbs)", "Deployment/web (DeploymentList, 8 verbs)"],
  found: ["old", "new", "web"],
  items: ["a", "old", "new"],
  events: ["ADDED Pod/new", "BOOKMARK 42", "ERROR too old"],
  metadata: "new",
  check: "function",
};

/**
 * The ```ts examples of the installed READMEs, one file each (the stable README's two blocks
 * together: the second uses the first). Examples leave `somePod` (and, once, `Pod`) to the reader.
 */
function readmeExamples(): Map<string, string> {
  const blocks = (pkg: string) =>
    [...readFileSync(join(project, "node_modules/@k8s-openapi-ts", pkg, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const files = new Map<string, string>();
  const k8s = blocks("k8s-1.36");
  expect(k8s.length).toBe(4);
  k8s.forEach((block, i) => {
    const prelude = [
      /import (type )?\{[^}]*\bPod\b/.test(block) ? "" : `import { Pod } from "@k8s-openapi-ts/k8s-1.36/core/v1";`,
      `declare const somePod: import("@k8s-openapi-ts/k8s-1.36/core/v1").Pod;`,
    ];
    files.set(`readme-k8s-${i + 1}.ts`, `${prelude.join("\n")}\n${block}\nexport {};\n`);
  });
  const stable = blocks("stable");
  expect(stable.length).toBe(2);
  files.set("readme-stable.ts", `${stable.join("\n")}\nexport {};\n`);
  return files;
}

function duBytes(dir: string): { apparent: number; disk: number } {
  let apparent = 0;
  let disk = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = duBytes(path);
      apparent += sub.apparent;
      disk += sub.disk;
    } else {
      const st = statSync(path);
      apparent += st.size;
      disk += st.blocks * 512;
    }
  }
  return { apparent, disk };
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-consumer-"));
  const tarballs = join(project, "tarballs");
  mkdirSync(tarballs);
  const packed = await pool([...MINORS, "stable"], 3, (folder) => npmPack(generatedPackage(folder), tarballs));
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "consumer", version: "0.0.0", private: true }, null, 2)}\n`);
  // Zero dependencies: nothing is fetched, so --offline must succeed.
  const install = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", ...packed], { cwd: project, env: npmEnv() });
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);

  const readmes = readmeExamples();
  for (const [mode, { type, options }] of Object.entries(MODES)) {
    const dir = join(project, mode);
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: `consumer-${mode}`, private: true, type })}\n`);
    for (const file of ["main.ts", "generic.ts"]) copyFileSync(join(CONSUMER, file), join(dir, file));
    // The published READMEs' examples compile too (ES modules: one uses top-level await).
    const files = ["main.ts", ...(type === "module" ? [...readmes.keys()] : [])];
    if (type === "module") for (const [file, text] of readmes) writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, ...options }, files }, null, 2)}\n`);
  }
}, 180_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
  writeFileSync(join(REPO_ROOT, ".cache/packaging-report-install.json"), `${JSON.stringify(report, null, 2)}\n`);
});

describe("installed side by side, as users do", () => {
  it("installs both minors and the stable entry into node_modules, outside the repository", () => {
    expect(project.startsWith(REPO_ROOT)).toBe(false);
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; dependencies?: object }> };
    const installed = Object.keys(lock.packages).filter((p) => p !== "").sort();
    expect(installed).toEqual(["node_modules/@k8s-openapi-ts/k8s-1.28", "node_modules/@k8s-openapi-ts/k8s-1.36", "node_modules/@k8s-openapi-ts/stable"]);
    for (const p of installed) expect(lock.packages[p]!.dependencies).toBeUndefined();
    const sizes: Record<string, unknown> = {};
    for (const name of ["k8s-1.28", "k8s-1.36", "stable"]) {
      const { apparent, disk } = duBytes(join(project, "node_modules/@k8s-openapi-ts", name));
      sizes[`@k8s-openapi-ts/${name}`] = { apparentMB: +(apparent / 1e6).toFixed(3), diskMB: +(disk / 1e6).toFixed(3) };
      if (name !== "stable") expect(apparent).toBeLessThan(2.5e6);
    }
    report["installedSize"] = sizes;
  });

  const matrix = (Object.keys(COMPILERS) as Compiler[]).flatMap((compiler) => (Object.keys(MODES) as Mode[]).map((mode) => ({ compiler, mode })));
  it(`compiles the consumer with ${matrix.map((m) => `TS ${m.compiler} ${m.mode}`).join(", ")}`, async () => {
    const esmFiles = (JSON.parse(readFileSync(join(project, "node16-esm", "tsconfig.json"), "utf8")) as { files: string[] }).files;
    expect(esmFiles).toEqual(["main.ts", "readme-k8s-1.ts", "readme-k8s-2.ts", "readme-k8s-3.ts", "readme-k8s-4.ts", "readme-stable.ts"]);
    const results = await pool(matrix, 2, async ({ compiler, mode }) => {
      const dir = join(project, mode);
      const outDir = join(dir, `out-${compiler}`);
      const args = ["-p", join(dir, "tsconfig.json"), ...(MODES[mode].options.module === "node16" ? ["--outDir", outDir] : [])];
      const started = performance.now();
      const result = await run(process.execPath, [COMPILERS[compiler], ...args], { cwd: dir });
      return { compiler, mode, code: result.code, output: `${result.stdout}${result.stderr}`.trim(), seconds: +((performance.now() - started) / 1000).toFixed(1) };
    });
    report["compile"] = results;
    expect(results.map(({ compiler, mode, code, output }) => ({ compiler, mode, code, output }))).toEqual(
      matrix.map(({ compiler, mode }) => ({ compiler, mode, code: 0, output: "" })),
    );
    const versions = await Promise.all([run(process.execPath, [BIN.tsc59, "--version"]), run(process.execPath, [BIN.tsc7, "--version"])]);
    expect(versions.map((v) => v.stdout.trim())).toEqual(["Version 5.9.3", "Version 7.0.2"]);
  }, 240_000);

  for (const { compiler, mode } of (Object.keys(COMPILERS) as Compiler[]).flatMap((compiler) => (["node16-esm", "node16-cjs"] as const).map((mode) => ({ compiler, mode }))))
    it(`runs the TS ${compiler} ${mode} output under node`, async () => {
      const main = join(project, mode, `out-${compiler}`, "main.js");
      const source = readFileSync(main, "utf8");
      expect(source).toMatch(mode === "node16-cjs" ? /require\("@k8s-openapi-ts\/k8s-1\.36\/core\/v1"\)/ : /from "@k8s-openapi-ts\/k8s-1\.36\/core\/v1"/);
      const result = await run(process.execPath, [main], { cwd: project });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual(EXPECTED_OUTPUT);
    });

  it("runs the bundler-resolution consumer bundled by esbuild", async () => {
    const outfile = join(project, "bundler", "bundle.mjs");
    await build({ entryPoints: [join(project, "bundler", "main.ts")], bundle: true, format: "esm", platform: "node", outfile, logLevel: "silent" });
    const result = await run(process.execPath, [outfile], { cwd: project });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(EXPECTED_OUTPUT);
  });

  it("loads the constants with plain require and import, every subpath included", async () => {
    const cjs = [
      `const { Pod } = require("@k8s-openapi-ts/k8s-1.36/core/v1");`,
      `const { Pod: Pod28 } = require("@k8s-openapi-ts/k8s-1.28/core/v1");`,
      `const { PACKAGE_INFO } = require("@k8s-openapi-ts/k8s-1.36");`,
      `const resources = require("@k8s-openapi-ts/k8s-1.36/resources.json");`,
      `require("@k8s-openapi-ts/k8s-1.36/stable"); require("@k8s-openapi-ts/stable");`,
      `const subpaths = Object.keys(require("@k8s-openapi-ts/k8s-1.36/package.json").exports).filter((s) => !s.endsWith(".json"));`,
      `for (const s of subpaths) require("@k8s-openapi-ts/k8s-1.36" + s.slice(1));`,
      `console.log(JSON.stringify([Pod.URL_PATH_SEGMENT, Pod28.LIST_KIND, PACKAGE_INFO.kubernetesVersion, resources.length > 100, subpaths.length]));`,
    ].join("\n");
    const esm = [
      `import { Pod } from "@k8s-openapi-ts/k8s-1.36/core/v1";`,
      `import { Pod as Pod28 } from "@k8s-openapi-ts/k8s-1.28/core/v1";`,
      `import { PACKAGE_INFO } from "@k8s-openapi-ts/k8s-1.36";`,
      `import resources from "@k8s-openapi-ts/k8s-1.36/resources.json" with { type: "json" };`,
      `import pkg from "@k8s-openapi-ts/k8s-1.36/package.json" with { type: "json" };`,
      `import "@k8s-openapi-ts/k8s-1.36/stable"; import "@k8s-openapi-ts/stable";`,
      `const subpaths = Object.keys(pkg.exports).filter((s) => !s.endsWith(".json"));`,
      `for (const s of subpaths) await import("@k8s-openapi-ts/k8s-1.36" + s.slice(1));`,
      `console.log(JSON.stringify([Pod.URL_PATH_SEGMENT, Pod28.LIST_KIND, PACKAGE_INFO.kubernetesVersion, resources.length > 100, subpaths.length]));`,
    ].join("\n");
    writeFileSync(join(project, "plain.cjs"), cjs);
    writeFileSync(join(project, "plain.mjs"), esm);
    const subpathCount = Object.keys(JSON.parse(readFileSync(join(project, "node_modules/@k8s-openapi-ts/k8s-1.36/package.json"), "utf8")).exports).length - 2;
    for (const file of ["plain.cjs", "plain.mjs"]) {
      const result = await run(process.execPath, ["--no-warnings", join(project, file)], { cwd: project });
      expect({ file, stderr: result.stderr }).toEqual({ file, stderr: "" });
      expect(JSON.parse(result.stdout)).toEqual(["pods", "PodList", "1.36", true, subpathCount]);
    }
  });

  it("a bundle that uses only Pod's constants adds at most 1 KB (esbuild, minified, tree-shaken)", async () => {
    const use = `console.log(Pod.API_VERSION, Pod.KIND, Pod.URL_PATH_SEGMENT, Pod.SCOPE, Pod.LIST_KIND);`;
    writeFileSync(join(project, "pod-constants.mjs"), `import { Pod } from "@k8s-openapi-ts/k8s-1.36/core/v1";\n${use}\n`);
    writeFileSync(join(project, "baseline.mjs"), `const Pod = globalThis.Pod;\n${use}\n`);
    const bundle = async (entry: string) => {
      const result = await build({ entryPoints: [join(project, entry)], bundle: true, minify: true, treeShaking: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" });
      return result.outputFiles[0]!.text;
    };
    const [withPod, baseline] = await Promise.all([bundle("pod-constants.mjs"), bundle("baseline.mjs")]);
    const added = Buffer.byteLength(withPod) - Buffer.byteLength(baseline);
    report["podConstantsBundle"] = { bundleBytes: Buffer.byteLength(withPod), baselineBytes: Buffer.byteLength(baseline), addedBytes: added, bundle: withPod };
    expect(withPod).toContain('"pods"');
    for (const other of ["services", "configmaps", "Binding", "Namespace"]) expect(withPod).not.toContain(other);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(1024);
    writeFileSync(join(project, "bundle.mjs"), withPod);
    const result = await run(process.execPath, [join(project, "bundle.mjs")]);
    expect(result.stdout.trim()).toBe("v1 Pod pods namespaced PodList");
  });
});
