// scripts/release.ts refuses what must not be published: the checks on a tarball's
// package.json and files (unit), and, end to end on two tiny packages packed and installed
// offline, a good one passes while one without a LICENSE and with the wrong name is refused
// with a message naming both and the run exits 1. Fast: no generated package is packed.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageVersionFor } from "../../generator/emit/package-files.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { checkTarball, preflight, release, releasePackages, type ReleasePackage } from "../../scripts/release.js";

const APACHE = "                                 Apache License\n                           Version 2.0, January 2004\n";
const expected: ReleasePackage = { label: "fake", dir: "/nowhere", name: "@k8s-openapi-ts/k8s-1.99", version: "1.99.100", scripts: false };
const goodPkg = { name: "@k8s-openapi-ts/k8s-1.99", version: "1.99.100", license: "Apache-2.0", files: ["index.js", "index.d.ts"], main: "./index.js", types: "./index.d.ts" };
const goodFiles = ["LICENSE", "README.md", "index.d.ts", "index.js", "package.json"];
const check = (pkg: object, files = goodFiles, license = APACHE) => checkTarball(expected, pkg, files, () => license);

describe("checkTarball", () => {
  it("passes a package with the expected name and version, Apache-2.0 and its LICENSE, README, and only what it points at", () => {
    expect(check(goodPkg)).toEqual([]);
  });

  it("refuses a wrong name or version, a private package, another license, and no `files` list", () => {
    expect(check({ ...goodPkg, name: "@k8s-openapi-ts/k8s-1.98" })).toEqual([`name is "@k8s-openapi-ts/k8s-1.98", expected "@k8s-openapi-ts/k8s-1.99"`]);
    expect(check({ ...goodPkg, version: "1.99.101" })).toEqual([expect.stringMatching(/^version is 1\.99\.101, expected 1\.99\.100/)]);
    expect(check({ ...goodPkg, version: "1.99" })).toEqual([`version "1.99" is not semver`]);
    expect(check({ ...goodPkg, private: true })).toEqual([expect.stringContaining(`"private": true`)]);
    expect(check({ ...goodPkg, license: "MIT" })).toEqual([`license is "MIT", expected "Apache-2.0"`]);
    expect(check({ ...goodPkg, files: undefined })).toEqual([expect.stringContaining(`no "files" list`)]);
  });

  it("refuses a tarball without LICENSE or README, with another license text, or lacking a file package.json points at", () => {
    expect(check(goodPkg, goodFiles.filter((f) => f !== "LICENSE"))).toEqual(["no LICENSE file"]);
    expect(check(goodPkg, goodFiles, "MIT License\n")).toEqual(["LICENSE is not the Apache License, Version 2.0"]);
    expect(check(goodPkg, goodFiles.filter((f) => f !== "README.md"))).toEqual(["no README"]);
    expect(check({ ...goodPkg, exports: { ".": { import: "./index.mjs", require: "./index.js" }, "./sub/*": "./sub/*.js" }, bin: { x: "bin/x.mjs" } })).toEqual([
      "package.json points at files the tarball lacks: bin/x.mjs, index.mjs",
    ]);
  });

  it("refuses tests, TypeScript sources and configs, caches, tarballs and local-path dependencies in the tarball", () => {
    const files = [...goodFiles, "test/a.test.js", "src/client.ts", "lib/x.spec.mjs", "tsconfig.json", ".cache/x", "old.tgz", "types/a.d.mts", "types/b.d.ts"];
    expect(check({ ...goodPkg, dependencies: { "@k8s-openapi-ts/stable": "file:../stable", yaml: "^2.8.0" } }, files)).toEqual([
      "ships tests: test/a.test.js, lib/x.spec.mjs",
      "ships TypeScript sources (ship built JavaScript and declarations): src/client.ts",
      "ships TypeScript configuration: tsconfig.json",
      "ships dependencies, caches or repository machinery: .cache/x",
      "ships tarballs, logs or local configuration: old.tgz",
      `dependencies: @k8s-openapi-ts/stable is "file:../stable", not a registry version`,
    ]);
  });

  it("a package's own forbidden paths (the client's sources)", () => {
    const client = releasePackages().find((p) => p.name === "@k8s-openapi-ts/client")!;
    const problems = checkTarball({ ...client, version: "1.99.100", name: expected.name }, goodPkg, [...goodFiles, "examples/list-watch.js"], () => APACHE);
    expect(problems).toEqual(["ships the client's sources, examples or build scripts: examples/list-watch.js"]);
  });
});

describe("the packages of a release", () => {
  it("stable, every pinned minor, the client and the generator, with the versions of docs/packages.md", () => {
    const packages = releasePackages();
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect(packages[0]).toMatchObject({ name: "@k8s-openapi-ts/stable", version: "1.0.0", label: "generated-types/stable" });
    expect(packages.find((p) => p.name === "@k8s-openapi-ts/k8s-1.36")).toMatchObject({ label: "generated-types/v1.36", version: packageVersionFor("1.36", version) });
    expect(packageVersionFor("1.36", "0.1.0")).toBe("1.36.100");
    expect(packages.find((p) => p.name === "@k8s-openapi-ts/client")!.version).toBe(version);
    expect(packages.slice(-2).map((p) => [p.name, p.dir])).toEqual([
      ["@k8s-openapi-ts/client", join(REPO_ROOT, "client")],
      ["k8s-openapi-ts", REPO_ROOT],
    ]);
    expect(packages.filter((p) => p.name.startsWith("@k8s-openapi-ts/k8s-1.")).length).toBeGreaterThanOrEqual(10);
  });

  it("preflight refuses a tag that is not v<version>", () => {
    expect(preflight(REPO_ROOT)).toEqual([]);
    expect(preflight(REPO_ROOT, "v9.9.9")).toEqual([expect.stringMatching(/^the tag v9\.9\.9 does not name this release: expected v\d+\.\d+\.\d+/)]);
  });
});

const tmp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-release-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fakePackage(folder: string, pkg: object, files: Record<string, string>): ReleasePackage & { dir: string } {
  const dir = join(tmp, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return { label: folder, dir, name: "@k8s-openapi-ts/k8s-1.99", version: "1.99.100", scripts: false };
}

describe("release --dry-run, end to end on tiny packages", () => {
  it("packs and installs the good one, refuses the one with no LICENSE and the wrong name, exits 1", async () => {
    const good = fakePackage("good", goodPkg, { "index.js": "module.exports = {};\n", "index.d.ts": "export {};\n", "README.md": "# good\n" });
    cpSync(join(REPO_ROOT, "client/LICENSE"), join(good.dir, "LICENSE"));
    const bad = fakePackage("bad", { ...goodPkg, name: "@k8s-openapi-ts/k8s-1.98" }, { "index.js": "module.exports = {};\n", "index.d.ts": "export {};\n", "README.md": "# bad\n" });
    const lines: string[] = [];
    const { code, packed } = await release({ dryRun: true, preflight: false, publish: false, packages: [good, bad], out: join(tmp, "out"), log: (l) => lines.push(l) });
    const output = lines.join("\n");
    expect(code).toBe(1);
    expect(packed.map((p) => [p.spec.label, p.install, p.problems])).toEqual([
      ["good", "ok", []],
      ["bad", "ok", [`name is "@k8s-openapi-ts/k8s-1.98", expected "@k8s-openapi-ts/k8s-1.99"`, "no LICENSE file"]],
    ]);
    expect(output).toMatch(/^@k8s-openapi-ts\/k8s-1\.99@1\.99\.100 +\d+(?:\.\d)? kB +5 +ok +ok +-$/m);
    expect(output).toMatch(/^@k8s-openapi-ts\/k8s-1\.98@1\.99\.100 .* 2 FAILED +ok/m);
    expect(output).toContain(`@k8s-openapi-ts/k8s-1.99 (bad):\n  - name is "@k8s-openapi-ts/k8s-1.98", expected "@k8s-openapi-ts/k8s-1.99"\n  - no LICENSE file`);
    expect(output).toContain("release refused: 1 of 2 packages failed their checks");
  }, 60_000);

  it("a package that does not install is refused with npm's message", async () => {
    // A CPU no machine has: npm refuses it (EBADPLATFORM) offline, without asking the registry.
    const broken = fakePackage("broken", { ...goodPkg, cpu: ["no-such-cpu"] }, { "index.js": "", "index.d.ts": "", "README.md": "" });
    cpSync(join(REPO_ROOT, "client/LICENSE"), join(broken.dir, "LICENSE"));
    const lines: string[] = [];
    const { code, packed } = await release({ dryRun: true, preflight: false, publish: false, packages: [broken], out: join(tmp, "out2"), log: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(packed[0]!.install).toBe("FAILED");
    expect(packed[0]!.problems).toEqual([expect.stringMatching(/^does not install into an empty project \(npm install --offline [^]*EBADPLATFORM/)]);
  }, 60_000);

  it("without --dry-run, refuses to run outside GitHub Actions", async () => {
    const saved = process.env.GITHUB_ACTIONS;
    delete process.env.GITHUB_ACTIONS;
    try {
      const lines: string[] = [];
      const { code } = await release({ dryRun: false, preflight: false, publish: false, packages: [], out: join(tmp, "out3"), log: (l) => lines.push(l) });
      expect(code).toBe(2);
      expect(lines.join("\n")).toMatch(/^release refused: publishing with --provenance needs GitHub Actions/);
    } finally {
      if (saved !== undefined) process.env.GITHUB_ACTIONS = saved;
    }
  });
});
