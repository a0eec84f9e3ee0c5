// The type of every kind's constants, spelled through the meta/v1 helpers (issue 16), is the
// type the package always promised: for every kind of three versions, `typeof Pod` has exactly
// the members of a type literal written from resources.json and the spec (literal types,
// readonly tuples, LIST_KIND only with a list, metadata(object) only with metadata), with the
// same readonly-ness, under TypeScript's identity relation.
import { describe, expect, it } from "vitest";
import { TEST_PACKAGES, readResources, readSpec } from "../helpers.js";
import { makeProject, typecheck } from "../support/typecheck.js";
import { join } from "node:path";

const VERSIONS_CHECKED = ["1.28", "1.30", "1.37"];

/** The constants' type as a literal, from resources.json and the kind's metadata $ref in the spec. */
function expectedLiteral(version: string, kindType: string, e: ReturnType<typeof readResources>[number], metaModule: string): string {
  const tuple = (items: string[]) => `readonly [${items.map((i) => JSON.stringify(i)).join(", ")}]`;
  const metadata = (readSpec(version).definitions[e.definition]?.properties?.["metadata"] as { $ref?: string } | undefined)?.$ref;
  const members = [
    `readonly API_VERSION: ${JSON.stringify(e.apiVersion)};`,
    `readonly GROUP: ${JSON.stringify(e.group)};`,
    `readonly KIND: ${JSON.stringify(e.kind)};`,
    `readonly VERSION: ${JSON.stringify(e.version)};`,
    `readonly URL_PATH_SEGMENT: ${JSON.stringify(e.urlPathSegment)};`,
    `readonly SCOPE: ${JSON.stringify(e.scope)};`,
    ...(e.listKind ? [`readonly LIST_KIND: ${JSON.stringify(e.listKind)};`] : []),
    `readonly VERBS: ${tuple(e.verbs)};`,
    `readonly PATCH_TYPES: ${tuple(e.patchTypes)};`,
    `readonly SUBRESOURCES: ${tuple(e.subresources.map((s) => s.name))};`,
    ...(metadata ? [`metadata(object: ${kindType}): import("${metaModule}").${metadata.slice(metadata.lastIndexOf(".") + 1)};`] : []),
  ];
  return `{ ${members.join(" ")} }`;
}

describe("the constants' type", () => {
  it(`is, for every kind of ${VERSIONS_CHECKED.join(", ")}, identical to the type literal its facts give`, () => {
    const packages = Object.fromEntries(VERSIONS_CHECKED.map((v) => [`@k8s-openapi-ts/k8s-${v}`, join(TEST_PACKAGES, `v${v}`)]));
    const project = makeProject(packages);
    const files: Record<string, string> = {};
    let kinds = 0;
    for (const version of VERSIONS_CHECKED) {
      const pkg = `@k8s-openapi-ts/k8s-${version}`;
      const lines = [
        "type Flat<T> = { [K in keyof T]: T[K] };",
        "type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
      ];
      readResources(version).forEach((e, i) => {
        lines.push(`import { ${e.exportName} as K${i} } from "${pkg}/${e.importPath}";`);
        lines.push(`export const same${i}: Equals<Flat<typeof K${i}>, Flat<${expectedLiteral(version, `K${i}`, e, `${pkg}/meta/v1`)}>> = true;`);
        kinds++;
      });
      files[`constants-${version}.ts`] = `${lines.join("\n")}\n`;
    }
    expect(typecheck(project, files)).toEqual([]);
    expect(kinds).toBeGreaterThan(250);
  }, 120_000);
});
