// The CRD generator on a CRD written for the tests (test/fixtures/crd/widgets.yaml): YAML
// read as kubectl reads it, each schema feature's mapping (checked by tsc, strict), the
// constants, versions (deprecated, unserved), errors on broken CRDs, and the same types
// as from a cluster-style document that holds the CRD next to the built-in definitions.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { crdsToSwagger } from "../../generator/crd/crd-to-swagger.js";
import { buildCrdDocument, generateCrdPackage, type CrdPackageResult } from "../../generator/crd/generate-crd.js";
import { parseManifests } from "../../generator/crd/read-manifests.js";
import { GeneratorError } from "../../generator/errors.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { generatePackage } from "../../generator/pipeline.js";
import type { Schema, SwaggerDocument } from "../../generator/spec-types.js";
import { writePackages } from "../../generator/write/write-output.js";
import { TEST_PACKAGES, readSpec } from "../helpers.js";
import { runTsc } from "./corpus-check.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/crd/widgets.yaml");
const CERTIFICATES = join(REPO_ROOT, "../shared/corpus/crds/cert-manager/deploy/crds/cert-manager.io_certificates.yaml");
const GATEWAY_CLASSES = join(REPO_ROOT, "../shared/corpus/crds/gateway-api/config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml");
const K8S = "@k8s-openapi-ts/k8s-1.36";
const NAME = "@test/widgets";

let dir: string;
let widgets: CrdPackageResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-crd-"));
  widgets = await generateCrdPackage({ inputs: [join(REPO_ROOT, "test/fixtures/crd")], name: NAME, kubernetes: "1.36" });
  await writePackages(join(dir, "node_modules/@test"), new Map([["widgets", widgets.files]]));
  mkdirSync(join(dir, "node_modules/@k8s-openapi-ts"), { recursive: true });
  symlinkSync(join(TEST_PACKAGES, "v1.36"), join(dir, "node_modules", K8S), "dir");
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` and returns the GeneratorError it throws. */
async function failure(fn: () => unknown): Promise<GeneratorError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof GeneratorError) return error;
    throw error;
  }
  throw new Error("expected a GeneratorError");
}

describe("reading YAML as kubectl does", () => {
  it("uses YAML 1.1 scalars as go-yaml resolves them", () => {
    const [doc] = parseManifests("a: yes\nb: off\nc: 0755\nd: 1.5\ne: ~\nf: 0x1F\n", "t.yaml");
    expect(doc!.value).toEqual({ a: true, b: false, c: 493, d: 1.5, e: null, f: 31 });
  });

  it("keeps timestamps, sexagesimal-looking values and a bare dot as strings", () => {
    const [doc] = parseManifests("t: 2024-01-02T15:04:05Z\nd: 2024-01-02\nm: 1:30\ndot: .\nop: =\n", "t.yaml");
    expect(doc!.value).toEqual({ t: "2024-01-02T15:04:05Z", d: "2024-01-02", m: "1:30", dot: ".", op: "=" });
  });

  it("numbers documents as they stand in the file, skipping empty ones", () => {
    const docs = parseManifests("---\na: 1\n---\n---\nb: 2\n", "t.yaml");
    expect(docs.map((d) => [d.index, d.value])).toEqual([
      [0, { a: 1 }],
      [2, { b: 2 }],
    ]);
  });

  it("reports a YAML syntax error with the file, document, line and column", async () => {
    const error = await failure(() => parseManifests("a: 1\n---\nb: [1, 2\nc: 3\n", "bad.yaml"));
    expect(error.location?.file).toBe("bad.yaml");
    expect(error.message).toMatch(/^YAML document 1: /);
    expect(error.location?.line).toBeGreaterThanOrEqual(3);
  });
});

describe("CRD documents", () => {
  const crd = (patch: (c: any) => void, wrap?: (c: any) => unknown) => {
    const [doc] = parseManifests(readFileSync(FIXTURE, "utf8"), FIXTURE).filter((d) => (d.value as any).metadata?.name === "gadgets.example.com");
    const value = structuredClone(doc!.value) as any;
    patch(value);
    return [{ file: "crds.yaml", index: 3, value: wrap ? wrap(value) : value }];
  };

  it.each([
    ["a missing plural", (c: any) => delete c.spec.names.plural, "/spec/names/plural", /expected a non-empty string, found nothing/],
    ["an unknown scope", (c: any) => (c.spec.scope = "Global"), "/spec/scope", /"Namespaced" or "Cluster"/],
    ["a name that is not <plural>.<group>", (c: any) => (c.metadata.name = "gadget.example.com"), "/metadata/name", /<plural>\.<group>/],
    ["a served version without schema", (c: any) => delete c.spec.versions[0].schema, "/spec/versions/0/schema/openAPIV3Schema", /needs schema\.openAPIV3Schema/],
    ["a $ref in the schema", (c: any) => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties = { x: { $ref: "#/definitions/X" } }), "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/x/$ref", /\$ref is not allowed/],
    ["a type list", (c: any) => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties = { x: { type: ["string", "null"] } }), "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/x/type", /type to be a string/],
    ["no storage version", (c: any) => (c.spec.versions[0].storage = false), "/spec/versions", /exactly one version must be the storage version/],
    ["served not a boolean", (c: any) => (c.spec.versions[0].served = "yes"), "/spec/versions/0/served", /expected true or false/],
  ])("names file, document index and JSON pointer for %s", async (_, patch, pointer, message) => {
    const error = await failure(() => crdsToSwagger(crd(patch)));
    expect(error.location).toEqual({ file: "crds.yaml", pointer });
    expect(error.message).toMatch(/^document 3: /);
    expect(error.message).toMatch(message);
  });

  it("points into the items of a v1 List", async () => {
    const error = await failure(() => crdsToSwagger(crd((c) => (c.spec.scope = "x"), (c) => ({ apiVersion: "v1", kind: "List", items: [c] }))));
    expect(error.location).toEqual({ file: "crds.yaml", pointer: "/items/0/spec/scope" });
  });

  it("reads the items of a CustomResourceDefinitionList, which may leave out apiVersion and kind", () => {
    const [doc] = crd(() => {}, (c) => ({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinitionList", items: [{ metadata: c.metadata, spec: c.spec }] }));
    expect(crdsToSwagger([doc!]).crds.map((c) => `${c.name} ${c.kind}`)).toEqual(["gadgets.example.com Gadget"]);
  });

  it("refuses the same kind twice, and says where the first one was", async () => {
    const twice = [...crd(() => {}), ...crd(() => {})];
    const error = await failure(() => crdsToSwagger(twice));
    expect(error.message).toMatch(/example\.com Gadget is defined twice \(first in crds\.yaml document 3\)/);
  });

  it("ignores other documents and apiextensions.k8s.io/v1beta1 CRDs with a note, and fails when no CRD is left", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "k8s-openapi-ts-crd-")), "old.yaml");
    writeFileSync(path, "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: a.b.c}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    const error = await failure(() => buildCrdDocument([path]));
    expect(error.message).toBe("no apiextensions.k8s.io/v1 CustomResourceDefinition found");
    expect(error.hint).toMatch(/v1beta1 CustomResourceDefinition ignored: only apiextensions\.k8s\.io\/v1 is served/);
    expect(error.hint).toMatch(/v1 ConfigMap ignored \(not a CustomResourceDefinition\)/);
  });

  it("publishes definitions and paths as the API server does", async () => {
    const { document } = await buildCrdDocument([FIXTURE]);
    expect(Object.keys(document.definitions).sort()).toEqual(["com.example.v1.Doodad", "com.example.v1.DoodadList", "com.example.v1.Gadget", "com.example.v1.GadgetCollection", "com.example.v1.Widget", "com.example.v1.WidgetList", "com.example.v1beta1.Widget", "com.example.v1beta1.WidgetList"]);
    expect(document.definitions["com.example.v1.Widget"]!["x-kubernetes-group-version-kind"]).toEqual([{ group: "example.com", version: "v1", kind: "Widget" }]);
    expect(document.definitions["com.example.v1.Widget"]!.properties!.metadata!.$ref).toBe("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    const actions = Object.entries(document.paths).flatMap(([path, item]) =>
      (["get", "put", "post", "delete", "patch"] as const).filter((m) => item[m]).map((m) => `${m} ${path} ${item[m]!["x-kubernetes-action"]} ${item[m]!["x-kubernetes-group-version-kind"]!.kind}`),
    );
    expect(actions.filter((a) => a.includes("/v1/") && !a.includes("/doodads")).sort()).toEqual(
      [
        "get /apis/example.com/v1/gadgets list Gadget",
        "post /apis/example.com/v1/gadgets post Gadget",
        "delete /apis/example.com/v1/gadgets deletecollection Gadget",
        "get /apis/example.com/v1/gadgets/{name} get Gadget",
        "put /apis/example.com/v1/gadgets/{name} put Gadget",
        "patch /apis/example.com/v1/gadgets/{name} patch Gadget",
        "delete /apis/example.com/v1/gadgets/{name} delete Gadget",
        "get /apis/example.com/v1/widgets list Widget",
        "get /apis/example.com/v1/namespaces/{namespace}/widgets list Widget",
        "post /apis/example.com/v1/namespaces/{namespace}/widgets post Widget",
        "delete /apis/example.com/v1/namespaces/{namespace}/widgets deletecollection Widget",
        "get /apis/example.com/v1/namespaces/{namespace}/widgets/{name} get Widget",
        "put /apis/example.com/v1/namespaces/{namespace}/widgets/{name} put Widget",
        "patch /apis/example.com/v1/namespaces/{namespace}/widgets/{name} patch Widget",
        "delete /apis/example.com/v1/namespaces/{namespace}/widgets/{name} delete Widget",
        "get /apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status get Widget",
        "put /apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status put Widget",
        "patch /apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status patch Widget",
        "get /apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale get Scale",
        "put /apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale put Scale",
        "patch /apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale patch Scale",
      ].sort(),
    );
  });
});

describe("a package from a CRD", () => {
  it("has one module per version, the constants, and notes for what it skipped", () => {
    // Besides the package-level files (root index, resources.json, the stable entry): one module per served version.
    expect([...widgets.files.keys()].filter((f) => f.endsWith("index.d.ts") && !f.startsWith("stable/")).sort()).toEqual(["example.com/v1/index.d.ts", "example.com/v1beta1/index.d.ts", "index.d.ts"]);
    expect(widgets.notes).toEqual([
      `${FIXTURE} document 0: v1 Namespace ignored (not a CustomResourceDefinition)`,
      `${FIXTURE} document 2: example.com/v1alpha1 Widget skipped: the version is not served (served: false)`,
    ]);
    const require = createRequire(import.meta.url);
    const v1 = require(join(dir, "node_modules", NAME, "example.com/v1/index.js"));
    expect({ ...v1.Widget, metadata: undefined }).toEqual({
      API_VERSION: "example.com/v1",
      GROUP: "example.com",
      KIND: "Widget",
      VERSION: "v1",
      URL_PATH_SEGMENT: "widgets",
      SCOPE: "namespaced",
      LIST_KIND: "WidgetList",
      VERBS: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"],
      PATCH_TYPES: ["json", "merge", "apply"],
      SUBRESOURCES: ["scale", "status"],
      metadata: undefined,
    });
    expect(v1.Gadget.SCOPE).toBe("cluster");
    expect(v1.Gadget.LIST_KIND).toBe("GadgetCollection"); // spec.names.listKind, not <Kind>List
    expect(v1.Widget.metadata({ metadata: { name: "w" } })).toEqual({ name: "w" });
  });

  it("marks a deprecated version @deprecated with its deprecationWarning, in the type and in resources.json", () => {
    const dts = widgets.files.get("example.com/v1beta1/index.d.ts")!;
    expect(dts).toContain("@deprecated Deprecated: example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget.");
    const entries = JSON.parse(widgets.files.get("resources.json")!) as { apiVersion: string; kind: string; deprecated: string | null }[];
    expect(entries.map((e) => [e.apiVersion, e.kind, e.deprecated])).toEqual([
      ["example.com/v1", "Doodad", null],
      ["example.com/v1", "Gadget", null],
      ["example.com/v1", "Widget", null],
      ["example.com/v1beta1", "Widget", "Deprecated: example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget."],
    ]);
  });

  it("keeps a multi-sentence deprecationWarning whole in @deprecated, escaped so the comment stays one JSDoc tag (issue 14)", async () => {
    const warning = "example.com/v1beta1 Widget is deprecated. Use example.com/v1 Widget: run `kubectl convert` first!\n@see https://example.com/migrate */ then apply. Thanks";
    const yaml = readFileSync(FIXTURE, "utf8").replace(
      "deprecationWarning: example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget",
      `deprecationWarning: ${JSON.stringify(warning)}`,
    );
    expect(yaml).toContain("Thanks");
    const input = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-crd-deprecation-"));
    writeFileSync(join(input, "widgets.yaml"), yaml);
    const result = await generateCrdPackage({ inputs: [input], name: NAME, kubernetes: "1.36" });
    rmSync(input, { recursive: true, force: true });
    const note = "Deprecated: example.com/v1beta1 Widget is deprecated. Use example.com/v1 Widget: run `kubectl convert` first! @see https://example.com/migrate */ then apply. Thanks.";
    // What TypeScript reads as the @deprecated tag of the type and of the constants: the whole note.
    const dts = result.files.get("example.com/v1beta1/index.d.ts")!;
    const source = ts.createSourceFile("index.d.ts", dts, ts.ScriptTarget.Latest, true);
    const widgetDeclarations = source.statements.filter((s) => (ts.isInterfaceDeclaration(s) || ts.isVariableStatement(s)) && /\bWidget\b/.test(s.getText(source).split("\n").find((l) => /^export/.test(l)) ?? ""));
    expect(widgetDeclarations).toHaveLength(2);
    for (const declaration of widgetDeclarations) {
      const node = ts.isVariableStatement(declaration) ? declaration.declarationList.declarations[0]! : declaration;
      const tag = ts.getJSDocDeprecatedTag(node);
      expect(tag && ts.getTextOfJSDocComment(tag.comment)).toBe(note.replace("*/", "*\\/").replace("@see", "\\@see"));
    }
    // "@see", in the description's first paragraph too, did not become a tag.
    for (const declaration of widgetDeclarations) expect(ts.getJSDocTags(declaration).map((t) => t.tagName.text)).toEqual(["deprecated"]);
    const entry = (JSON.parse(result.files.get("resources.json")!) as { apiVersion: string; deprecated: string | null }[]).find((e) => e.apiVersion === "example.com/v1beta1");
    expect(entry?.deprecated).toBe(note);
  });

  it("maps each schema feature as documented (checked by tsc, strict, with @ts-expect-error for what must not compile)", async () => {
    const dts = widgets.files.get("example.com/v1/index.d.ts")!;
    expect(dts).toContain("@default 1");
    expect(dts).toContain('mode?: "Fast" | "Slow" | null;');
    expect(dts).toContain("note?: string | null;");
    mkdirSync(join(dir, "checks"), { recursive: true });
    writeFileSync(
      join(dir, "checks/features.ts"),
      `import type { Widget, WidgetList, Gadget, GadgetCollection, Doodad } from "${NAME}/example.com/v1";
import type { Widget as WidgetV1beta1 } from "${NAME}/example.com/v1beta1";
import type { ResourceOf } from "${NAME}";
import { Widget as WidgetKind } from "${NAME}/example.com/v1";
import type { ObjectMeta } from "${K8S}/meta/v1";
type Spec = Widget["spec"];
type Status = NonNullable<Widget["status"]>;

export const full: Widget = {
  apiVersion: "example.com/v1",
  kind: "Widget",
  metadata: { name: "w", namespace: "default", labels: { app: "w" } },
  spec: {
    size: { width: 3, unit: "cm" },           // nested object, enum
    replicas: 2,                               // default: still optional
    ratio: 0.5,                                // format double → number
    startTime: "2024-01-02T15:04:05Z",         // format date-time → string
    data: "aGk=",                              // format byte → string
    mode: "Fast",                              // enum → literal union
    note: null,                                // nullable
    labels: { a: "b" },                        // additionalProperties → map
    limits: { cpu: 1, memory: "1Gi" },         // map of int-or-string
    maxUnavailable: "25%",                     // x-kubernetes-int-or-string
    ports: [{ name: "http", port: 80 }],       // list-type map: an array
    tags: ["a", "b"],                          // list-type set: an array
    config: { anything: [1, { x: 2 }] },       // preserve-unknown-fields object → open object
    options: { debug: true, extra: 1 },        // properties + preserve-unknown-fields
    values: [1, "two", { three: 3 }],          // untyped preserve-unknown-fields → any JSON
    workload: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { k: "v" } }, // embedded resource
    source: { git: "https://example.com/repo" }, // oneOf: the properties, optional
    target: { host: "h" },                     // anyOf / not: the properties, optional
    window: "5m",                              // allOf of value validations: the type
  },
  status: { replicas: 1, conditions: [{ type: "Ready", lastTransitionTime: "2024-01-02T15:04:05Z" }] },
};
export const minimal: Widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: {}, spec: { size: { width: 1 } } };
export const intReplicas: Spec["maxUnavailable"] = 1;
export const nullConditions: Status["conditions"] = null;
export const anyValue: Spec["values"] = "text";
export const embeddedMeta: ObjectMeta | undefined = full.spec.workload?.metadata;
export const list: WidgetList = { apiVersion: "example.com/v1", kind: "WidgetList", metadata: {}, items: [{ metadata: { name: "w" }, spec: { size: { width: 1 } } }] };
export const byMap: ResourceOf<"example.com/v1", "Widget"> = full;
export const older: ResourceOf<"example.com/v1beta1", "Widget"> = { apiVersion: "example.com/v1beta1", kind: "Widget", metadata: {}, spec: { size: "large" } };
export const olderDirect: WidgetV1beta1 = older;
export const gadget: Gadget = { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g" }, spec: { whatever: { nested: true } } };
export const gadgets: GadgetCollection = { apiVersion: "example.com/v1", kind: "GadgetCollection", items: [gadget] };
export const gadgetsByMap: ResourceOf<"example.com/v1", "GadgetCollection"> = gadgets;
export const doodad: Doodad = { apiVersion: "example.com/v1", kind: "Doodad", metadata: { name: "d" }, spec: { x: 1 }, anything: [true] }; // root preserve-unknown-fields
export const segment: "widgets" = WidgetKind.URL_PATH_SEGMENT;
export const scope: "namespaced" = WidgetKind.SCOPE;
export const subresources: readonly ["scale", "status"] = WidgetKind.SUBRESOURCES;
export const patchTypes: readonly ["json", "merge", "apply"] = WidgetKind.PATCH_TYPES;
export const meta: ObjectMeta = WidgetKind.metadata(full);

// @ts-expect-error enum: only the listed values
export const badMode: Spec["mode"] = "Medium";
// @ts-expect-error nested required field
export const badSize: Spec["size"] = { unit: "cm" };
// @ts-expect-error nested enum
export const badUnit: Spec["size"] = { width: 1, unit: "mm" };
// @ts-expect-error spec is required
export const noSpec: Widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: {} };
// @ts-expect-error metadata is required
export const noMetadata: Widget = { apiVersion: "example.com/v1", kind: "Widget", spec: { size: { width: 1 } } };
// @ts-expect-error the apiVersion of another version
export const wrongVersion: Widget = { apiVersion: "example.com/v1beta1", kind: "Widget", metadata: {}, spec: { size: { width: 1 } } };
// @ts-expect-error v1beta1's size is a string
export const wrongShape: WidgetV1beta1 = { apiVersion: "example.com/v1beta1", kind: "Widget", metadata: {}, spec: { size: { width: 1 } } };
// @ts-expect-error unknown field (no preserve-unknown-fields): excess property check
export const unknownField: Spec["size"] = { width: 1, height: 2 };
// @ts-expect-error map values are strings
export const badLabels: Spec["labels"] = { a: 1 };
// @ts-expect-error int-or-string is not boolean
export const badIntOrString: Spec["maxUnavailable"] = true;
// @ts-expect-error list-map items keep their required keys
export const badPort: Spec["ports"] = [{ name: "http" }];
// @ts-expect-error not nullable: only optional properties accept null, a required one does not
export const nullWidth: Spec["size"] = { width: null };
// @ts-expect-error embedded resource: metadata is ObjectMeta
export const badEmbedded: Spec["workload"] = { metadata: { name: 5 } };
// @ts-expect-error root preserve-unknown-fields: metadata is still ObjectMeta
export const badDoodad: Doodad = { apiVersion: "example.com/v1", kind: "Doodad", metadata: { name: 5 } };
// @ts-expect-error format int32 is a number
export const badWidth: Spec["size"] = { width: "3" };
`,
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [] }, include: ["checks/*.ts"] }),
    );
    // The package README's example compiles too.
    const readme = widgets.files.get("README.md")!;
    expect(readme).toContain("| `@test/widgets/example.com/v1`      | `example.com/v1`      | Widget              | widgets | namespaced | WidgetList       | scale, status |");
    expect(readme).toContain("- example.com/v1alpha1 Widget skipped: the version is not served (served: false)");
    writeFileSync(join(dir, "checks/readme.ts"), /```ts\n([\s\S]*?)```/.exec(readme)![1]!);
    const { diagnostics, output } = await runTsc(dir);
    expect(diagnostics, output).toEqual([]);
  });
});

describe("the same types as from a cluster document", () => {
  /**
   * What a cluster serves at /openapi/v2 once the CRDs are installed, built here
   * independently of the generator: the pinned 1.36 spec plus, per served version, the
   * definition `<reversed group>.<version>.<Kind>` and its list, and the REST paths.
   */
  function clusterDocument(files: string[]): SwaggerDocument {
    const doc = readSpec("1.36");
    const crds = files.flatMap((f) => parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toJS() as any)).filter((d) => d?.kind === "CustomResourceDefinition");
    for (const crd of crds) {
      const { group, names, scope } = crd.spec;
      const reversed = group.split(".").reverse().join(".");
      const listKind = names.listKind ?? `${names.kind}List`;
      for (const v of crd.spec.versions) {
        if (!v.served) continue;
        const gvk = { group, version: v.version ?? v.name, kind: names.kind };
        const name = `${reversed}.${v.name}.${names.kind}`;
        const schema = v.schema.openAPIV3Schema as Schema;
        doc.definitions[name] = {
          ...schema,
          properties: {
            ...schema.properties,
            apiVersion: { type: "string" },
            kind: { type: "string" },
            metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
          },
          "x-kubernetes-group-version-kind": [gvk],
        };
        doc.definitions[`${reversed}.${v.name}.${listKind}`] = {
          type: "object",
          required: ["items"],
          properties: {
            apiVersion: { type: "string" },
            items: { type: "array", items: { $ref: `#/definitions/${name}` } },
            kind: { type: "string" },
            metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
          },
          "x-kubernetes-group-version-kind": [{ ...gvk, kind: listKind }],
        };
        const root = `/apis/${group}/${v.name}${scope === "Namespaced" ? "/namespaces/{namespace}" : ""}/${names.plural}`;
        const op = (action: string, kind = gvk) => ({ responses: { "200": { description: "OK" } }, "x-kubernetes-action": action, "x-kubernetes-group-version-kind": kind });
        // A cluster's PATCH operations of custom resources accept no strategic merge patch.
        const patch = (kind = gvk) => ({ ...op("patch", kind), consumes: ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/apply-patch+cbor"] });
        const watch = { name: "watch", in: "query", type: "boolean" };
        doc.paths[root] = { get: { ...op("list"), parameters: [watch] }, post: op("post"), delete: op("deletecollection") };
        doc.paths[`${root}/{name}`] = { get: op("get"), put: op("put"), patch: patch(), delete: op("delete") };
        if (v.subresources?.status) doc.paths[`${root}/{name}/status`] = { get: op("get"), put: op("put"), patch: patch() };
        const scale = { group: "autoscaling", version: "v1", kind: "Scale" };
        if (v.subresources?.scale) doc.paths[`${root}/{name}/scale`] = { get: op("get", scale), put: op("put", scale), patch: patch(scale) };
      }
    }
    // Served as JSON from Go maps: every object's keys in sorted order.
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    return sorted(doc) as SwaggerDocument;
  }

  /** A module's declarations without comments, header and imports; the external alias `meta_v1_` read as `meta_v1`. */
  const typesOf = (text: string) =>
    text
      .replace(/\/\*\*[\s\S]*?\*\//g, "")
      .replace(/^\/\/.*$/gm, "")
      .replace(/^import .*$/gm, "")
      .replace(/\b(meta_v1|autoscaling_v1)_\./g, "$1.")
      .replace(/\s+/g, " ")
      .trim();

  it("for every CRD kind: declarations, constants and resources.json", async () => {
    const files = [FIXTURE, CERTIFICATES, GATEWAY_CLASSES];
    const fromCrds = await generateCrdPackage({ inputs: files, name: NAME, kubernetes: "1.36" });
    const fromCluster = await generatePackage({ document: clusterDocument(files), file: "cluster.json", name: "@test/cluster", kubernetesVersion: "1.36", sourceDescription: "a cluster" });
    const modules = [...fromCrds.files.keys()].filter((f) => /\/index\.(d\.ts|js|mjs)$/.test(f) && !f.startsWith("stable/")).sort();
    expect(modules).toEqual(
      ["cert-manager.io/v1", "example.com/v1", "example.com/v1beta1", "gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"].flatMap((m) => [`${m}/index.d.ts`, `${m}/index.js`, `${m}/index.mjs`]),
    );
    for (const module of modules) {
      const cluster = fromCluster.files.get(module);
      expect(cluster, module).toBeDefined();
      expect(typesOf(fromCrds.files.get(module)!), module).toBe(typesOf(cluster!));
    }
    // The CRD package imports the built-ins from the Kubernetes package; the cluster package has them itself.
    expect(fromCrds.files.get("example.com/v1/index.d.ts")).toContain(`from "${K8S}/meta/v1"`);
    expect(fromCluster.files.get("example.com/v1/index.d.ts")).toContain(`from "../../meta/v1/index.js"`);
    type Entry = { apiVersion: string; deprecated: string | null };
    const crdEntries = JSON.parse(fromCrds.files.get("resources.json")!) as Entry[];
    const clusterEntries = (JSON.parse(fromCluster.files.get("resources.json")!) as Entry[]).filter((e) => crdEntries.some((c) => c.apiVersion === e.apiVersion));
    // Deprecation is a CRD field (versions[].deprecated) that /openapi/v2 does not carry.
    const withoutDeprecation = (entries: Entry[]) => entries.map((e) => ({ ...e, deprecated: null }));
    expect(withoutDeprecation(crdEntries)).toEqual(withoutDeprecation(clusterEntries));
    expect(crdEntries).toHaveLength(7);
  }, 120_000);
});

describe("names across CRD versions", () => {
  it("stay the same when a CRD gains a version: each version keeps its module and export", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-crd-"));
    const one = readFileSync(FIXTURE, "utf8").split(/^---$/m).find((d) => d.includes("name: gadgets.example.com"))!;
    const two = one.replace(
      "  versions:\n",
      "  versions:\n  - name: v2\n    served: true\n    storage: false\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: string\n",
    );
    writeFileSync(join(base, "one.yaml"), one);
    writeFileSync(join(base, "two.yaml"), two);
    const before = await generateCrdPackage({ inputs: [join(base, "one.yaml")], name: NAME, kubernetes: "1.36" });
    const after = await generateCrdPackage({ inputs: [join(base, "two.yaml")], name: NAME, kubernetes: "1.36" });
    const body = (text: string) => text.split("\n").slice(1).join("\n"); // without the header naming the source file
    expect(body(after.files.get("example.com/v1/index.d.ts")!)).toBe(body(before.files.get("example.com/v1/index.d.ts")!));
    expect(after.files.get("example.com/v1/index.js")).toBe(before.files.get("example.com/v1/index.js"));
    expect(after.files.get("example.com/v2/index.d.ts")).toContain("export interface Gadget {");
    expect(after.files.get("example.com/v2/index.d.ts")).toContain('apiVersion: "example.com/v2";');
    rmSync(base, { recursive: true, force: true });
  });
});

describe("the crd command", () => {
  const run = (args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), "crd", ...args], { encoding: "utf8" });

  it("writes the package, prints notes and a summary", () => {
    const out = join(dir, "cli/widgets");
    const result = run([FIXTURE, "--out", out, "--name", NAME, "--kubernetes", "1.36"]);
    expect(result.stderr).toContain("note: ");
    expect(result.stderr).toContain("example.com/v1alpha1 Widget skipped: the version is not served");
    expect(result.stdout).toMatch(/^@test\/widgets: 3 CRDs, 4 served versions, 4 resource kinds, \d+ files in [\d.]+ s → /);
    expect(result.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { name: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: NAME, dependencies: { [K8S]: "1.36.100" } });
  });

  it("fails with file, document index and JSON pointer on a broken CRD, and needs --kubernetes", () => {
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, readFileSync(FIXTURE, "utf8").replace("scope: Cluster", "scope: Everywhere"));
    const result = run([broken, "--out", join(dir, "cli/broken"), "--name", NAME, "--kubernetes", "1.36"]);
    expect(result.stderr.trim()).toBe(`k8s-openapi-ts: ${broken} at /spec/scope: document 3: expected "Namespaced" or "Cluster", found "Everywhere"`);
    expect(result.status).toBe(1);
    const missing = run([FIXTURE, "--out", join(dir, "cli/x"), "--name", NAME]);
    expect(missing.stderr).toMatch(/required option '--kubernetes <minor>' not specified/);
    expect(missing.status).not.toBe(0);
  });
});
