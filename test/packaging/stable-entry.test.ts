// The stable entry's promise, checked for every generated package and every kind: each
// version's constants are ResourceDescriptors, each object (AnyResource) is a
// KubernetesObject, each list a KubernetesList, each WatchEvent a stable WatchEvent, and the
// "./stable" subpath is the same declarations as @k8s-openapi-ts/stable. All modules of all
// packages are imported, so with skipLibCheck false this also type-checks every
// declaration file (strict, exactOptionalPropertyTypes), with TypeScript 7 and with 5.9.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { STABLE_PACKAGE_NAME, STABLE_PACKAGE_VERSION } from "../../generator/emit/package-files.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { VERSIONS } from "../helpers.js";
import { BIN, generatedPackage, generatedPackages, run } from "./support.js";

const versions = generatedPackages().filter((p) => p.folder !== "stable");
let project = "";

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-stable-"));
  const scope = join(project, "node_modules/@k8s-openapi-ts");
  mkdirSync(scope, { recursive: true });
  for (const pkg of [...versions, generatedPackage("stable")]) symlinkSync(pkg.dir, join(scope, pkg.name.split("/")[1]!), "dir");
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "stable-check", private: true, type: "module" })}\n`);
  const files: string[] = [];
  for (const pkg of versions) {
    const exportsMap = (JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8")) as { exports: Record<string, unknown> }).exports;
    const modules = Object.keys(exportsMap).filter((s) => s !== "." && s !== "./stable" && !s.endsWith(".json")).map((s) => s.slice(2));
    const lines = [
      `import type * as S from "@k8s-openapi-ts/stable";`,
      `import type * as Sub from "${pkg.name}/stable";`,
      `import type { AnyResource } from "${pkg.name}";`,
      `import type { WatchEvent } from "${pkg.name}/meta/v1";`,
      ...modules.map((m, i) => `import * as m${i} from "${pkg.name}/${m}";`),
      `type Constants = ${modules.map((_, i) => `(typeof m${i})[keyof typeof m${i}]`).join(" | ")};`,
      // Guards: "[] as never[]" is assignable to anything, so Constants must not be never,
      // and it must hold a known kind's constants (core/v1 Pod, apps/v1 Deployment).
      `type Assert<T extends true> = T;`,
      `export type ConstantsAreNotNever = Assert<[Constants] extends [never] ? false : true>;`,
      `export type ConstantsHoldPod = Assert<typeof m${modules.indexOf("core/v1")}.Pod extends Constants ? true : false>;`,
      `export type ConstantsHoldDeployment = Assert<typeof m${modules.indexOf("apps/v1")}.Deployment extends Constants ? true : false>;`,
      `export const descriptors: readonly S.ResourceDescriptor[] = [] as Constants[];`,
      `export const objects: readonly S.KubernetesObject[] = [] as AnyResource[];`,
      `export const lists: readonly S.KubernetesList[] = [] as Extract<AnyResource, { items: unknown }>[];`,
      `export const events: readonly S.WatchEvent[] = [] as WatchEvent<AnyResource>[];`,
      `export const sameA: readonly S.ResourceDescriptor[] = [] as Sub.ResourceDescriptor[];`,
      `export const sameB: readonly Sub.ResourceDescriptor[] = [] as S.ResourceDescriptor[];`,
      `export const sameC: readonly S.WatchEvent[] = [] as Sub.WatchEvent[];`,
      `// @ts-expect-error (proves this file is checked) a Pod's constants are not a Service's`,
      `export const wrong: S.ResourceDescriptor<import("${pkg.name}/core/v1").Service> = m${modules.indexOf("core/v1")}.Pod;`,
    ];
    expect(modules).toEqual(expect.arrayContaining(["core/v1", "apps/v1"]));
    const file = `check-${pkg.folder}.ts`;
    writeFileSync(join(project, file), `${lines.join("\n")}\n`);
    files.push(file);
  }
  const compilerOptions = { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, module: "node16", moduleResolution: "node16", target: "ES2022", noEmit: true, types: [] };
  writeFileSync(join(project, "tsconfig.json"), `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

it("every kind of every version satisfies the stable interfaces, and every declaration file type-checks (TS 7)", async () => {
  expect(versions.map((p) => p.folder)).toEqual(VERSIONS.map((v) => `v${v}`));
  const result = await run(process.execPath, [BIN.tsc7, "-p", join(project, "tsconfig.json"), "--listFilesOnly"], { cwd: project });
  const checked = result.stdout.split("\n").filter((f) => f.includes("/.cache/test-packages/") && /\.d\.m?ts$/.test(f));
  expect(checked.length).toBeGreaterThan(VERSIONS.length * 30);
  const compile = await run(process.execPath, [BIN.tsc7, "-p", join(project, "tsconfig.json")], { cwd: project });
  expect(`${compile.stdout}${compile.stderr}`.trim()).toBe("");
  expect(compile.code).toBe(0);
}, 180_000);

it("the same check passes under TypeScript 5.9", async () => {
  const compile = await run(process.execPath, [BIN.tsc59, "-p", join(project, "tsconfig.json")], { cwd: project });
  expect(`${compile.stdout}${compile.stderr}`.trim()).toBe("");
  expect(compile.code).toBe(0);
}, 180_000);

it("the stable entry is one source: generator/emit/stable/index.d.ts, emitted verbatim, and the package the client imports (issue 14)", () => {
  const source = join(REPO_ROOT, "generator/emit/stable");
  const text = readFileSync(join(source, "index.d.ts"), "utf8");
  expect(readFileSync(join(generatedPackage("stable").dir, "index.d.ts"), "utf8")).toBe(text);
  for (const pkg of versions) expect(readFileSync(join(pkg.dir, "stable/index.d.ts"), "utf8"), pkg.folder).toBe(text);
  const linked = JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as { name: string; version: string };
  expect(linked).toMatchObject({ name: STABLE_PACKAGE_NAME, version: STABLE_PACKAGE_VERSION });
  // The devDependency link that resolves the client's `import type … from "@k8s-openapi-ts/stable"`.
  expect(realpathSync(join(REPO_ROOT, "node_modules", STABLE_PACKAGE_NAME))).toBe(realpathSync(source));
  const client = JSON.parse(readFileSync(join(REPO_ROOT, "client/package.json"), "utf8")) as { dependencies: Record<string, string> };
  expect(client.dependencies[STABLE_PACKAGE_NAME]).toBe(`^${STABLE_PACKAGE_VERSION}`);
  expect(readFileSync(join(REPO_ROOT, "client/src/types.ts"), "utf8")).toMatch(/^import type \{[^}]*\bObjectMeta\b[^}]*\} from "@k8s-openapi-ts\/stable";$/m);
});
