// openapi-typescript, run on the same spec (converted with swagger2openapi), is an
// independent oracle for property coverage: every property it emits for a definition we
// emit as an interface must be in ours, with the same optionality — except where our
// documented rules differ (fixups, required resource metadata, required apiVersion/kind).
import { join } from "node:path";
import { createRequire } from "node:module";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { FIXUPS, fixupApplies } from "../../generator/normalise/fixups.js";
import { SPECIAL_TYPES } from "../../generator/special-cases.js";
import { TEST_PACKAGES, readResources, readSpec } from "../helpers.js";

const require = createRequire(import.meta.url);
const swagger2openapi = require("swagger2openapi") as { convertObj(spec: unknown, options: object): Promise<{ openapi: object }> };

type Members = Map<string, boolean>; // property → optional

function membersOf(node: ts.TypeLiteralNode | ts.InterfaceDeclaration): Members {
  const members: Members = new Map();
  for (const m of node.members) {
    if (ts.isPropertySignature(m) && m.name) {
      const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
      members.set(name, Boolean(m.questionToken));
    }
  }
  return members;
}

async function oracle(version: string): Promise<Map<string, Members>> {
  const { openapi } = await swagger2openapi.convertObj(readSpec(version), { patch: true, warnOnly: true });
  const text = astToString(await openapiTS(openapi as never));
  const source = ts.createSourceFile("oracle.ts", text, ts.ScriptTarget.Latest, true);
  const out = new Map<string, Members>();
  const components = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "components")!;
  const schemas = components.members.find((m) => m.name?.getText() === "schemas") as ts.PropertySignature;
  for (const m of (schemas.type as ts.TypeLiteralNode).members) {
    if (!ts.isPropertySignature(m) || !m.type || !ts.isTypeLiteralNode(m.type)) continue;
    out.set((m.name as ts.StringLiteral).text, membersOf(m.type));
  }
  return out;
}

function ours(version: string, definitions: Iterable<string>): Map<string, Members> {
  const out = new Map<string, Members>();
  const files = new Map<string, ts.SourceFile>();
  for (const name of definitions) {
    const module = moduleOf(name);
    if (!module) continue;
    const path = join(TEST_PACKAGES, `v${version}`, module, "index.d.ts");
    let source = files.get(path);
    if (!source) {
      source = ts.createSourceFile(path, ts.sys.readFile(path) ?? "", ts.ScriptTarget.Latest, true);
      files.set(path, source);
    }
    const exportName = name.split(".").pop();
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === exportName);
    if (decl) out.set(name, membersOf(decl));
  }
  return out;
}

function moduleOf(name: string): string | undefined {
  for (const prefix of ["io.k8s.api.", "io.k8s.apimachinery.pkg.apis.", "io.k8s.apimachinery.pkg.", "io.k8s.apiextensions-apiserver.pkg.apis.", "io.k8s.kube-aggregator.pkg.apis."]) {
    if (name.startsWith(prefix)) return name.slice(prefix.length).split(".").slice(0, -1).join("/");
  }
  return undefined;
}

/** The special types, as the README's table names them. */
const SPECIAL = [
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
  "io.k8s.apimachinery.pkg.api.resource.Quantity",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
  "io.k8s.apimachinery.pkg.runtime.RawExtension",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
  "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
];

it("the README's special types are the generator's", () => {
  expect([...SPECIAL].sort()).toEqual(Object.keys(SPECIAL_TYPES).sort());
});

describe("openapi-typescript as an oracle (1.30 and 1.36)", () => {
  it.each(["1.30", "1.36"])("%s: same properties, same optionality but for documented rules", async (version) => {
    const expected = await oracle(version);
    const actual = ours(version, expected.keys());
    const resources = new Set(readResources(version).map((r) => r.definition));
    const repaired = new Set(FIXUPS.filter((f) => fixupApplies(f, version)).map((f) => f.name));
    const differences: string[] = [];
    let compared = 0;
    let fixedByUs = 0;
    const skipped: string[] = [];
    for (const [name, theirs] of expected) {
      const mine = actual.get(name);
      if (!mine) {
        skipped.push(name);
        continue;
      }
      for (const [property, optional] of theirs) {
        compared++;
        if (!mine.has(property)) {
          differences.push(`${name}.${property}: missing`);
          continue;
        }
        // The oracle reads the raw spec: where an in-range fixup repairs the property, ours must
        // differ from it in the fixup's direction; a resource's apiVersion, kind and metadata are
        // required in ours whatever the spec says; everything else is as the spec says.
        const short = `${name.split(".").slice(-3).join(".")}-${property}`;
        const expectedOptional = repaired.has(`optional-${short}`)
          ? (fixedByUs++, true)
          : repaired.has(`required-${short}`)
            ? (fixedByUs++, false)
            : resources.has(name) && ["metadata", "apiVersion", "kind"].includes(property)
              ? false
              : optional;
        if (mine.get(property) !== expectedOptional) differences.push(`${name}.${property}: optional ${mine.get(property)}, expected ${expectedOptional} (openapi-typescript: ${optional})`);
      }
      for (const property of mine.keys()) if (!theirs.has(property)) differences.push(`${name}.${property}: extra`);
    }
    expect(differences).toEqual([]);
    // What has no interface of ours is exactly the list definitions (one generic List<K> alias
    // each) and the special types (README), among the object types openapi-typescript emits.
    const spec = readSpec(version);
    const isList = (name: string): boolean => {
      const def = spec.definitions[name];
      const gvks = def?.["x-kubernetes-group-version-kind"] ?? [];
      const items = def?.properties?.["items"];
      return gvks.length === 1 && gvks[0]!.kind.endsWith("List") && items?.type === "array" && def?.properties?.["metadata"]?.$ref === "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
    };
    const lists = [...expected.keys()].filter(isList);
    expect(skipped.sort()).toEqual([...lists, ...[...expected.keys()].filter((name) => SPECIAL.includes(name))].sort());
    // Facts of the pinned specs: 71 lists in 1.30 and 88 in 1.36, and WatchEvent (the one special
    // type openapi-typescript emits as an object type; the others are scalars or maps there).
    expect({ lists: lists.length, skipped: skipped.length }).toEqual(version === "1.30" ? { lists: 71, skipped: 72 } : { lists: 88, skipped: 89 });
    expect(compared).toBeGreaterThan(2000);
    // Every in-range optionality fixup met one property of the oracle's output, and differed there.
    expect(fixedByUs).toBe([...repaired].filter((f) => /^(optional|required)-/.test(f)).length);
  });
});
