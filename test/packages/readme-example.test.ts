// The README's example (its first ```ts block) compiles against the generated 1.36 package,
// the line its expect-error directive marks is an error, and each `Pod.X; // value` comment is
// what the package says: the value at run time, and a type the constant is assignable to.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { TEST_PACKAGES } from "../helpers.js";
import { makeProject, typecheck } from "../support/typecheck.js";

const PACKAGE = "@k8s-openapi-ts/k8s-1.36";
const example = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(REPO_ROOT, "README.md"), "utf8"))![1]!;
/** `Pod.SCOPE; // "namespaced"` → ["SCOPE", '"namespaced"']; the value ends at two spaces (a remark may follow). */
const claims = [...example.matchAll(/^Pod\.(\w+)(?:\(pod\))?;\s*\/\/ (.+?)(?:\s{2,}.*)?$/gm)].map((m) => [m[1]!, m[2]!] as const);

describe("README example", () => {
  it("is at most ten lines of code and claims something about several constants", () => {
    expect(example.trim().split("\n").length).toBeLessThanOrEqual(10);
    expect(claims.map(([name]) => name)).toEqual(["URL_PATH_SEGMENT", "SCOPE", "LIST_KIND", "VERBS", "metadata"]);
  });

  it("compiles (strict), the @ts-expect-error is an error, and each claimed type holds", () => {
    const checks = claims.map(([name, value], i) => {
      const type = /^[A-Z]\w*$/.test(value) ? `import("${PACKAGE}/meta/v1").${value}` : value;
      return `export const claim${i}: ${type} = Pod.${name}${name === "metadata" ? "(pod)" : ""};`;
    });
    const project = makeProject({ [PACKAGE]: join(TEST_PACKAGES, "v1.36") });
    const text = `${example}${checks.join("\n")}\n`;
    expect(typecheck(project, { "example.ts": text }).map((d) => `${d.line + 1}: ${d.message}`)).toEqual([]);
    const stripped = text.replace(/\/\/ @ts-expect-error.*/, "");
    expect(typecheck(project, { "stripped.ts": stripped }).map((d) => d.line + 1)).toEqual([text.split("\n").findIndex((l) => l.includes("@ts-expect-error")) + 2]);
  });

  it("each claimed value is the constant's value at run time", async () => {
    const { Pod } = (await import(pathToFileURL(join(TEST_PACKAGES, "v1.36/core/v1/index.mjs")).href)) as { Pod: Record<string, unknown> };
    for (const [name, value] of claims) {
      if (name === "metadata") continue;
      expect(Pod[name], name).toEqual(JSON.parse(value.replace(/^readonly /, "")));
    }
  });
});
