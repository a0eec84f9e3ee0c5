// (4) Type-level invariants: fixtures/compile-checks.mts is type-checked with tsc against the
// generated 1.36 package, installed (symlinked) into a temporary node_modules as
// @k8s-openapi-ts/k8s-1.36 next to @k8s-openapi-ts/client. Every `@ts-expect-error` line must
// be an error (else tsc reports the unused directive) and every other line must compile.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { tempProject } from "./install-temp.js";

const FIXTURE = join(REPO_ROOT, "test/client/fixtures/compile-checks.mts");

const EXAMPLE = join(REPO_ROOT, "client/examples/list-watch.ts");

/**
 * Type-checks, in one tsc program of a temporary consumer project: the fixture (as
 * checks.mts), the fixture without its @ts-expect-error directives (stripped.mts), and the
 * README example. Returns tsc's output.
 */
function tscOutput(): string {
  const dir = tempProject("k8s-client-types-");
  try {
    const source = readFileSync(FIXTURE, "utf8");
    writeFileSync(join(dir, "checks.mts"), source);
    writeFileSync(join(dir, "stripped.mts"), source.split("\n").map((line) => line.replace(/\/\/ @ts-expect-error.*/, "//")).join("\n"));
    copyFileSync(EXAMPLE, join(dir, "list-watch.ts"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        // The consumer's code (fixture, example) under the strictest common options; the client
        // ships declarations (dist/), checked here as a consumer reads them.
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noPropertyAccessFromIndexSignature: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          noImplicitReturns: true,
          noImplicitOverride: true,
          noFallthroughCasesInSwitch: true,
          verbatimModuleSyntax: true,
        },
        files: ["checks.mts", "stripped.mts", "list-watch.ts"],
      }),
    );
    try {
      return execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", dir, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("compile-time invariants against a generated package", () => {
  let output = "";
  beforeAll(() => {
    output = tscOutput();
  });
  const errorsIn = (file: string): string[] => output.split("\n").filter((line) => line.startsWith(`${file}(`));

  it("every @ts-expect-error is an error and everything else (and the README example) compiles", () => {
    expect(readFileSync(FIXTURE, "utf8").match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(15);
    expect(errorsIn("stripped.mts").length).toBeGreaterThan(0); // the output is parsed right
    expect(errorsIn("checks.mts")).toEqual([]);
    expect(errorsIn("list-watch.ts")).toEqual([]);
    expect(output.split("\n").filter((line) => line.includes("client/src/") || line.includes("client/dist/"))).toEqual([]);
  });

  it("without the directives, each expected error is reported on its own line", () => {
    const lines = readFileSync(FIXTURE, "utf8").split("\n");
    const expected = lines.flatMap((line, i) => (line.includes("// @ts-expect-error") ? [i + 2] : [])); // the line after, 1-based
    const errorLines = [...new Set(errorsIn("stripped.mts").map((line) => Number(/^stripped\.mts\((\d+),/.exec(line)![1])))];
    expect(errorLines).toEqual(expected);
  });
});
