// Every generated package (each pinned Kubernetes minor and @k8s-openapi-ts/stable), packed with
// `npm pack` as a publisher would, passes publint (no errors, no warnings) and
// @arethetypeswrong/cli (no problems under node10, node16 CJS, node16 ESM and bundler).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { VERSIONS } from "../helpers.js";
import { arethetypeswrong, generatedPackages, npmPack, pool, publintMessages, run } from "./support.js";

const packages = generatedPackages();
const tarballs = new Map<string, string>();
const report: Record<string, { publint: string[]; attw: string }> = {};
let tmp = "";

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-lint-"));
  await pool(packages, 2, async (pkg) => tarballs.set(pkg.folder, await npmPack(pkg, tmp)));
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  writeFileSync(join(REPO_ROOT, ".cache/packaging-report-lint.json"), `${JSON.stringify(report, null, 2)}\n`);
});

describe("publint and arethetypeswrong", () => {
  it("covers every pinned minor (specs/kubernetes.json) and the stable entry", () => {
    expect(packages.map((p) => p.folder)).toEqual([...VERSIONS.map((v) => `v${v}`), "stable"]);
  });

  it("every package.json has what a careful publisher sets, and no runtime dependency", () => {
    for (const pkg of packages) {
      const json = JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8")) as Record<string, unknown> & { exports: Record<string, unknown> };
      expect(json, pkg.name).toMatchObject({
        license: "Apache-2.0",
        type: "commonjs",
        sideEffects: false,
        engines: { node: ">=18" },
        repository: { type: "git" },
        publishConfig: { access: "public" },
      });
      expect(Array.isArray(json["files"]), pkg.name).toBe(true);
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "scripts"]) expect(json[field], `${pkg.name} ${field}`).toBeUndefined();
      // Every code subpath has a types condition, for import and for require.
      for (const [subpath, target] of Object.entries(json.exports)) {
        if (subpath.endsWith(".json")) continue;
        const text = JSON.stringify(target);
        expect(text, `${pkg.name} ${subpath}`).toMatch(/"types":/);
        if (pkg.folder !== "stable" && !subpath.endsWith("stable")) expect(target, `${pkg.name} ${subpath}`).toMatchObject({ import: { types: expect.stringMatching(/\.d\.mts$/) }, require: { types: expect.stringMatching(/\.d\.ts$/) } });
      }
      const readme = readFileSync(join(pkg.dir, "README.md"), "utf8");
      if (pkg.folder !== "stable") {
        expect(json["version"], pkg.name).toMatch(new RegExp(`^${pkg.folder.slice(1).replace(".", "\\.")}\\.\\d+$`));
        for (const heading of ["## Install", "## Usage", "## Libraries: the stable entry", "## Versioning", "## How it was made"]) expect(readme, pkg.name).toContain(heading);
        expect(readme).toContain(`npm install ${pkg.name}@${pkg.version}`);
        expect(readme).toContain("WatchEvent<Pod>");
      }
      expect(readFileSync(join(pkg.dir, "LICENSE"), "utf8")).toMatch(/^Apache License\n/);
    }
  });

  it("every tarball holds only the package's code, types, resources.json, README, CHANGES.md (Kubernetes packages) and LICENSE", async () => {
    for (const pkg of packages) {
      const listing = await run("tar", ["-tzf", tarballs.get(pkg.folder)!]);
      expect(listing.code, pkg.name).toBe(0);
      const files = listing.stdout.split("\n").filter(Boolean);
      expect(files.filter((f) => !/^package\/(?:[a-z0-9]+\/)*(?:index\.(?:js|mjs|d\.ts|d\.mts)|resources\.json|package\.json|README\.md|LICENSE)$/.test(f) && !(pkg.folder !== "stable" && f === "package/CHANGES.md")), pkg.name).toEqual([]);
      expect(files, pkg.name).toEqual(expect.arrayContaining(["package/package.json", "package/README.md", "package/LICENSE", "package/index.js", "package/index.d.ts"]));
      if (pkg.folder !== "stable") expect(files, pkg.name).toEqual(expect.arrayContaining(["package/core/v1/index.mjs", "package/core/v1/index.d.mts", "package/stable/index.d.ts", "package/resources.json", "package/CHANGES.md"]));
    }
  });

  it("publint reports no errors and no warnings on any packed package", async () => {
    const failures: string[] = [];
    for (const pkg of packages) {
      const lines = await publintMessages(tarballs.get(pkg.folder)!);
      (report[pkg.name] ??= { publint: [], attw: "" }).publint = lines;
      failures.push(...lines.filter((l) => !l.startsWith("suggestion:")).map((l) => `${pkg.name}: ${l}`));
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("arethetypeswrong finds no problems in any packed package, for any entry point", async () => {
    const results = await pool(packages, 2, async (pkg) => {
      const result = await arethetypeswrong(tarballs.get(pkg.folder)!, "strict");
      const entrypoints = result.entrypoints.length;
      (report[pkg.name] ??= { publint: [], attw: "" }).attw = result.problems.length === 0 ? `no problems (${entrypoints} entry points)` : JSON.stringify(result.problems);
      return { name: pkg.name, code: result.code, problems: result.problems, entrypoints };
    });
    for (const r of results) {
      expect({ name: r.name, code: r.code, problems: r.problems }).toEqual({ name: r.name, code: 0, problems: [] });
      expect(r.entrypoints).toBeGreaterThan(r.name.endsWith("/stable") ? 1 : 30);
    }
  }, 240_000);
});
