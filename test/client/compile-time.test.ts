// (4) Type-level invariants: fixtures/compile-checks.mts is type-checked with tsc against the
// generated 1.36 package, installed (symlinked) into a temporary node_modules as
// @k8s-openapi-ts/k8s-1.36 next to @k8s-openapi-ts/client. Every `@ts-expect-error` line must
// be an error (else tsc reports the unused directive) and every other line must compile.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { tempProject } from "./install-temp.js";

const FIXTURE = join(REPO_ROOT, "test/client/fixtures/compile-checks.mts");

const EXAMPLE = join(REPO_ROOT, "client/examples/list-watch.ts");

/** Type-checks `file` (as checks.mts) and the README example in a temporary consumer project. */
function tsc(file: string): { ok: boolean; output: string } {
  const dir = tempProject("k8s-client-types-");
  try {
    copyFileSync(file, join(dir, "checks.mts"));
    copyFileSync(EXAMPLE, join(dir, "list-watch.ts"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"], noUncheckedIndexedAccess: true },
        files: ["checks.mts", "list-watch.ts"],
      }),
    );
    try {
      const output = execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
      return { ok: true, output };
    } catch (error) {
      return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("compile-time invariants against a generated package", () => {
  it("every @ts-expect-error is an error and everything else (and the README example) compiles", () => {
    const source = readFileSync(FIXTURE, "utf8");
    expect(source.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(15);
    const result = tsc(FIXTURE);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("without the directives, each expected error is reported on its own line", () => {
    const source = readFileSync(FIXTURE, "utf8");
    const lines = source.split("\n");
    const expected = lines.flatMap((line, i) => (line.includes("// @ts-expect-error") ? [i + 2] : [])); // the line after, 1-based
    const stripped = join(mkdtempSync(join(tmpdir(), "k8s-client-stripped-")), "checks.mts");
    writeFileSync(stripped, lines.map((line) => line.replace(/\/\/ @ts-expect-error.*/, "//")).join("\n"));
    const result = tsc(stripped);
    rmSync(join(stripped, ".."), { recursive: true, force: true });
    expect(result.ok).toBe(false);
    const errorLines = [...new Set([...result.output.matchAll(/checks\.mts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
    expect(errorLines).toEqual(expected);
  });
});
