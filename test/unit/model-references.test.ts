// The model stage's reference check (generator/model/references.ts): every name an emitted
// file refers to is declared or imported — helpers included — and no type alias is itself.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/errors.js";
import { buildModel } from "../../generator/model/build-model.js";
import { emitModules } from "../../generator/emit/emit-package.js";
import { HELPER_MODULE_NEEDS, HELPER_TYPES, specialTypeReferences } from "../../generator/special-cases.js";
import type { Schema, SwaggerDocument } from "../../generator/spec-types.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { tempDir, typecheckPackages } from "../hostile/support.js";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const OBJECT_META: Schema = { type: "object", properties: { name: { type: "string" } } };
const LIST_META: Schema = { type: "object", properties: { continue: { type: "string" } } };
const GVK = [{ group: "example.com", version: "v1", kind: "Widget" }];
const WIDGET: Schema = {
  type: "object",
  properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { $ref: `#/definitions/${META}.ObjectMeta` } },
  "x-kubernetes-group-version-kind": GVK,
};
const WIDGET_PATHS: SwaggerDocument["paths"] = {
  "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}": {
    get: { "x-kubernetes-action": "get", "x-kubernetes-group-version-kind": GVK[0]!, responses: {} },
  },
};

function doc(definitions: Record<string, Schema>, paths: SwaggerDocument["paths"] = {}): SwaggerDocument {
  return { swagger: "2.0", info: { title: "t", version: "1" }, definitions, paths };
}

function refusal(build: () => unknown): GeneratorError {
  try {
    build();
  } catch (error) {
    if (error instanceof GeneratorError) return error;
    throw error;
  }
  throw new Error("expected a GeneratorError");
}

describe("names the helper types refer to", () => {
  it("refuses the issue's document: ObjectMeta and a resource kind, no ListMeta (meta/v1 would not compile: List needs ListMeta)", () => {
    const error = refusal(() => buildModel(doc({ [`${META}.ObjectMeta`]: OBJECT_META, "com.example.v1.Widget": WIDGET }, WIDGET_PATHS), "spec.json"));
    expect(error.message).toContain(`does not define "${META}.ListMeta"`);
    expect(error.message).toContain("helper types in meta/v1 (List)");
    expect(error.location).toEqual({ file: "spec.json", pointer: `/definitions/${META}.ObjectMeta` });
  });

  it("refuses a document without meta/v1 whose types embed a resource kind (Embedded<…> lives in meta/v1)", () => {
    const { metadata: _metadata, ...bare } = WIDGET.properties!;
    const definitions = {
      "com.example.v1.Widget": { ...WIDGET, properties: bare },
      "com.example.v1.Holder": { type: "object", properties: { widget: { $ref: "#/definitions/com.example.v1.Widget" } } },
    };
    const error = refusal(() => buildModel(doc(definitions, WIDGET_PATHS), "spec.json"));
    expect(error.message).toContain(`does not define "${META}.ListMeta"`);
    expect(error.message).toContain('refers to the resource kind "com.example.v1.Widget", written Embedded<…>');
    expect(error.location?.pointer).toBe("/definitions/com.example.v1.Holder");
  });

  it("accepts the same documents with ListMeta, or when an external package provides the helpers", () => {
    expect(() => buildModel(doc({ [`${META}.ObjectMeta`]: OBJECT_META, [`${META}.ListMeta`]: LIST_META, "com.example.v1.Widget": WIDGET }, WIDGET_PATHS), "spec.json")).not.toThrow();
    const model = buildModel(doc({ "com.example.v1.Widget": WIDGET }, WIDGET_PATHS), "crds", { provided: (name) => name.startsWith(`${META}.`) });
    expect(model.helpersExternal).toBe(true);
  });

  it("HELPER_MODULE_NEEDS is exactly what the helper template refers to but does not declare", () => {
    const template = readFileSync(join(REPO_ROOT, "generator/emit/templates/meta-helpers.d.ts.hbs"), "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
    const declared = new Set([...template.matchAll(/export (?:type|interface) (\w+)/g)].map((m) => m[1]!));
    const typeParameters = new Set([...template.matchAll(/[<,]\s*(\w+) extends/g)].map((m) => m[1]!));
    const names = new Set([...template.matchAll(/(?<![\w."'])([A-Z]\w*)\b(?!["'])/g)].map((m) => m[1]!));
    const free = [...names].filter((n) => !declared.has(n) && !typeParameters.has(n) && n !== "Omit").sort();
    expect(free).toEqual(HELPER_MODULE_NEEDS.map((n) => n.slice(n.lastIndexOf(".") + 1)).sort());
    expect(HELPER_TYPES.filter((n) => n !== "Omit").sort()).toEqual([...declared].sort());
  });
});

describe("names definitions refer to", () => {
  it("refuses a special type whose definition is missing (JSONSchemaPropsOrBool names JSONSchemaProps)", () => {
    const error = refusal(() => buildModel(doc({ "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool": {} }), "spec.json"));
    expect(error.message).toContain('"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", which the document does not define');
    expect(error.location?.pointer).toBe("/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool");
  });

  it("refuses an embedded resource without ObjectMeta, and a $ref the producer left dangling, at their pointers", () => {
    const embedded = refusal(() => buildModel(doc({ "x.v1.T": { type: "object", properties: { raw: { type: "object", "x-kubernetes-embedded-resource": true } } } }), "f"));
    expect(embedded.message).toContain(`x-kubernetes-embedded-resource (its metadata is ObjectMeta) refers to the definition "${META}.ObjectMeta"`);
    expect(embedded.location?.pointer).toBe("/definitions/x.v1.T/properties/raw");
    const dangling = refusal(() => buildModel(doc({ "x.v1.T": { type: "array", items: { $ref: "#/definitions/x.v1.Gone" } } }), "f"));
    expect(dangling.message).toBe('$ref "#/definitions/x.v1.Gone" names no definition of the document');
    expect(dangling.location?.pointer).toBe("/definitions/x.v1.T/items/$ref");
  });

  it("specialTypeReferences: top-level union members are eager, array elements and object members are not", () => {
    const ext = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1";
    expect(specialTypeReferences(`${ext}.JSONSchemaPropsOrArray`)).toEqual([
      { target: `${ext}.JSONSchemaProps`, eager: true },
      { target: `${ext}.JSONSchemaProps`, eager: false },
    ]);
    expect(specialTypeReferences(`${META}.WatchEvent`)).toEqual([{ target: `${META}.Status`, eager: false }]);
  });
});

describe("type alias loops", () => {
  it("refuses A → A (the fuzz case: ObjectMeta is a $ref to itself), naming the loop and its $ref", () => {
    const error = refusal(() => buildModel(doc({ [`${META}.ObjectMeta`]: { $ref: `#/definitions/${META}.ObjectMeta` }, [`${META}.ListMeta`]: LIST_META }), "spec.json"));
    expect(error.message).toContain(`pure $ref definitions refer to each other in a loop with no object type in between: "${META}.ObjectMeta" → "${META}.ObjectMeta"`);
    expect(error.location).toEqual({ file: "spec.json", pointer: `/definitions/${META}.ObjectMeta/$ref` });
  });

  it("refuses A → B → A, and a loop through union and intersection members", () => {
    const pure = refusal(() => buildModel(doc({ "x.v1.A": { $ref: "#/definitions/x.v1.B" }, "x.v1.B": { $ref: "#/definitions/x.v1.A" } }), "f"));
    expect(pure.message).toContain('loop with no object type in between: "x.v1.A" → "x.v1.B" → "x.v1.A"');
    expect(pure.location?.pointer).toBe("/definitions/x.v1.A/$ref");
    const mixed = refusal(() =>
      buildModel(doc({ "x.v1.A": { allOf: [{ $ref: "#/definitions/x.v1.B" }] }, "x.v1.B": { oneOf: [{ type: "string" }, { $ref: "#/definitions/x.v1.A" }] } }), "f"),
    );
    expect(mixed.message).toMatch(/^definitions refer to each other in a loop .*"x\.v1\.A" → "x\.v1\.B" → "x\.v1\.A"/);
    expect(mixed.location?.pointer).toBe("/definitions/x.v1.A/allOf/0/$ref");
  });

  it("accepts recursion through arrays and object members (TypeScript defers those): strict tsc accepts what is emitted", async () => {
    const definitions: Record<string, Schema> = {
      "x.v1.Tree": { type: "object", properties: { children: { type: "array", items: { $ref: "#/definitions/x.v1.Tree" } } } },
      "x.v1.Forest": { type: "array", items: { $ref: "#/definitions/x.v1.Trees" } },
      "x.v1.Trees": { $ref: "#/definitions/x.v1.Forest" },
      "x.v1.Maybe": { type: "object", nullable: true, properties: { next: { $ref: "#/definitions/x.v1.Maybe" } } },
    };
    const files = emitModules(buildModel(doc(definitions), "f"), { source: "f" });
    const dts = files.get("x.v1/index.d.ts")!;
    expect(dts).toContain("export type Trees = Forest;");
    expect(dts).toContain("export type Forest = Trees[];");
    const dir = tempDir("alias-recursion");
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    expect([...(await typecheckPackages([dir])).values()].flat()).toEqual([]);
  });
});
