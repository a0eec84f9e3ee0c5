// The two tsc runners the tests rely on (test/crd/corpus-check.ts runTsc, test/hostile/support.ts
// typecheckPackages) fail loudly when tsc checked nothing: it did not start, reported an error
// without a location, or never reached the files. Each run compiles a control file with a
// deliberate error and requires that error; the control's own diagnostic is not returned.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTsc } from "../crd/corpus-check.js";
import { tempDir, typecheckPackages } from "./support.js";

const MISSING_TSC = join(tempDir("no-tsc"), "tsc");
const OPTIONS = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [] };

function project(files: Record<string, string>, include = ["checks/*.ts"], compilerOptions: object = OPTIONS): string {
  const dir = tempDir("tsc-control");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include }));
  return dir;
}

describe("runTsc (CRD tests)", () => {
  it("returns the errors of the checked files, with their location, and not the control's", async () => {
    const dir = project({ "checks/a.ts": "export const ok: string = 'x';\n", "checks/b.ts": "\nexport const bad: string = 1;\n" });
    const { diagnostics } = await runTsc(dir);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(["checks/b.ts:2 TS2322"]);
  });

  it("fails when tsc does not start", async () => {
    await expect(runTsc(project({ "checks/a.ts": "export {};\n" }), MISSING_TSC)).rejects.toThrow(/tsc failed .* no located error/s);
  });

  it("fails when the include matches no file", async () => {
    await expect(runTsc(project({ "checks/a.ts": "export {};\n" }, ["elsewhere/*.ts"]))).rejects.toThrow(/checked none of the files/);
  });

  it("fails on a configuration error (a bad compiler option)", async () => {
    await expect(runTsc(project({ "checks/a.ts": "export {};\n" }, ["checks/*.ts"], { ...OPTIONS, target: "ES1999" }))).rejects.toThrow(/configuration error:.*--target/s);
  });
});

describe("typecheckPackages (hostile-input tests)", () => {
  const pkg = (text: string) => {
    const dir = tempDir("tsc-pkg");
    writeFileSync(join(dir, "index.d.ts"), text);
    return dir;
  };

  it("returns each package's errors, and not the control's", async () => {
    const good = pkg("export interface A { a: string }\n");
    const bad = pkg("export interface B { b: Missing }\n");
    const errors = await typecheckPackages([good, bad]);
    expect(errors.get(good)).toEqual([]);
    expect(errors.get(bad)!.join("\n")).toMatch(/index\.d\.ts\(1,\d+\): error TS2304: Cannot find name 'Missing'/);
    expect(errors.has("(other)")).toBe(false);
  });

  it("fails when tsc does not start", async () => {
    await expect(typecheckPackages([pkg("export {};\n")], [], MISSING_TSC)).rejects.toThrow(/tsc failed .* no located error/s);
  });

  it("fails when a package has no declaration file to check", async () => {
    await expect(typecheckPackages([tempDir("tsc-empty")])).rejects.toThrow(/no declaration file/);
  });
});
