// The consumer under test/consumers compiles under `tsc --strict` (exactOptionalPropertyTypes,
// skipLibCheck off) against every generated version, with its @ts-expect-error invariants.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { TEST_PACKAGES, VERSIONS } from "../helpers.js";
import { makeProject, typecheck } from "../support/typecheck.js";

describe("consumer", () => {
  it("compiles against every version, and every @ts-expect-error is an error", () => {
    const template = readFileSync(join(REPO_ROOT, "test/consumers/consumer.ts"), "utf8");
    const project = makeProject(Object.fromEntries(VERSIONS.map((v) => [`@k8s-openapi-ts/k8s-${v}`, join(TEST_PACKAGES, `v${v}`)])));
    const files = Object.fromEntries(VERSIONS.map((v) => [`consumer-${v}.ts`, template.replaceAll("@k8s-openapi-ts/k8s-1.36", `@k8s-openapi-ts/k8s-${v}`)]));
    const diagnostics = typecheck(project, files);
    expect(diagnostics.map((d) => `${d.file.split("/").pop()}:${d.line + 1}: ${d.message}`)).toEqual([]);
    expect(template.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(7);
  });
});
