// The lock and summary of scripts/regenerate.ts (the CI regeneration check), over a real
// generated package: a changed, an added and a removed definition, and a changed file, each
// named in the summary; byte differences between two output folders are found.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTrees, declarationHashes, diffLocks, lockOf, packageFolders } from "../../scripts/regenerate.js";
import { generatedPackage } from "./support.js";

let tmp = "";
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-regen-test-"));
  for (const run of ["a", "b"]) for (const folder of ["v1.28", "stable"]) cpSync(generatedPackage(folder).dir, join(tmp, run, folder), { recursive: true });
  writeFileSync(join(tmp, "b", ".v1.28.stamp.json"), "{}"); // an output-cache stamp is not a package
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("scripts/regenerate.ts", () => {
  it("hashes each top-level declaration of a .d.ts by name, the constants with their type", () => {
    const text = readFileSync(join(generatedPackage("v1.28").dir, "core/v1/index.d.ts"), "utf8");
    const hashes = declarationHashes("core/v1/index.d.ts", text);
    expect(hashes.get("Pod")).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes.has("PodSpec")).toBe(true);
    expect(hashes.get("Pod")).not.toBe(hashes.get("Service"));
    const edited = text.replace("export interface PodSpec {", "/** Edited. */\nexport interface PodSpec {");
    const after = declarationHashes("core/v1/index.d.ts", edited);
    const changed = [...hashes.keys()].filter((k) => hashes.get(k) !== after.get(k));
    expect(changed).toEqual(["PodSpec"]);
  });

  it("finds byte differences between two runs, ignoring output-cache stamps", () => {
    expect(packageFolders(join(tmp, "b"))).toEqual(["stable", "v1.28"]);
    expect(compareTrees(join(tmp, "a"), join(tmp, "b"))).toEqual([]);
    writeFileSync(join(tmp, "b", "v1.28", "index.js"), `${readFileSync(join(tmp, "b", "v1.28", "index.js"), "utf8")}\n`);
    expect(compareTrees(join(tmp, "a"), join(tmp, "b"))).toEqual(["v1.28/index.js: differs"]);
  });

  it("summarises which packages, definitions and files were added, removed or changed", () => {
    const before = lockOf(join(tmp, "a"));
    expect(Object.keys(before.packages)).toEqual(["stable", "v1.28"]);
    expect(Object.keys(before.packages["v1.28"]!.definitions).length).toBeGreaterThan(570);
    expect(diffLocks(before, lockOf(join(tmp, "a")))).toEqual([]);

    const core = join(tmp, "a", "v1.28", "core/v1/index.d.ts");
    let text = readFileSync(core, "utf8");
    text = text.replace("export interface PodSpec {", "/** Edited. */\nexport interface PodSpec {");
    text = text.replace(/\n\/\*\*(?:(?!\*\/)[\s\S])*\*\/\nexport interface ComponentCondition \{[^}]*\}\n/, "\n");
    text += "\nexport interface Brandnew {\n  a: string;\n}\n";
    writeFileSync(core, text);
    writeFileSync(join(tmp, "a", "v1.28", "README.md"), "changed\n");
    rmSync(join(tmp, "a", "stable"), { recursive: true });

    const summary = diffLocks(before, lockOf(join(tmp, "a")));
    expect(summary[0]).toBe("stable: package removed (was @k8s-openapi-ts/stable@1.0.0)");
    expect(summary[1]).toMatch(/^v1\.28 \(@k8s-openapi-ts\/k8s-1\.28@1\.28\.\d+\): definitions \+1 −1 ~1; files \+0 −0 ~2$/);
    expect(summary.slice(2)).toEqual([
      "    definitions added (1): core/v1.Brandnew",
      "    definitions removed (1): core/v1.ComponentCondition",
      "    definitions changed (1): core/v1.PodSpec",
      "    files changed (2): README.md, core/v1/index.d.ts",
    ]);
  });
});
