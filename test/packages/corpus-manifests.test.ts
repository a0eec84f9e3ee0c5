// Every built-in document of ../shared/corpus gets the right verdict against the generated
// packages, through the package's apiVersion+kind map (ResourceOf), with excess-property
// checks on: it type-checks, or it fails exactly at the fields SOURCES.md lists.
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Schema } from "../../generator/spec-types.js";
import { TEST_PACKAGES, VERSIONS, readResources, readSpec } from "../helpers.js";
import { CORPUS, corpusFiles, corpusIndex, corpusPath, countDocuments, listedDefects, readDocuments, type ListedDefect } from "../support/corpus.js";
import { toLiteral } from "../support/literal.js";
import { makeProject, typecheck, type Diagnostic } from "../support/typecheck.js";

interface CheckedDocument {
  /** The generated TypeScript file that holds the document. */
  source: string;
  file: string;
  /** "2" or "1.items[3]" for an item of a kubectl List. */
  id: string;
  doc: number;
  apiVersion: string;
  kind: string;
  paths: string[];
  firstLine: number;
  diagnostics: Diagnostic[];
}

const pkg = (version: string) => `@k8s-openapi-ts/k8s-${version}`;

function knownKinds(version: string): Set<string> {
  const known = new Set<string>();
  for (const r of readResources(version)) {
    known.add(`${r.apiVersion} ${r.kind}`);
    if (r.listKind) known.add(`${r.apiVersion} ${r.listKind}`);
  }
  return known;
}

/** The apiVersion/kind pairs a pinned spec defines (its definitions' x-kubernetes-group-version-kind), independent of the generated packages. */
function specKinds(version: string): Set<string> {
  const kinds = new Set<string>();
  for (const schema of Object.values(readSpecCached(version).definitions)) {
    for (const g of schema["x-kubernetes-group-version-kind"] ?? []) kinds.add(`${g.group ? `${g.group}/${g.version}` : g.version} ${g.kind}`);
  }
  return kinds;
}

/** Builds one TypeScript file per corpus file: a typed constant per document. */
function buildFiles(files: string[], version: string, known: Set<string>) {
  const sources: Record<string, string> = {};
  const documents: CheckedDocument[] = [];
  const custom: string[] = [];
  files.forEach((file, fileIndex) => {
    const source = `f${fileIndex}_${basename(file).replace(/\W/g, "_")}.ts`;
    const lines = [`import type { ResourceOf } from "${pkg(version)}";`];
    let lineCount = 1;
    const add = (value: Record<string, unknown>, doc: number, id: string) => {
      const apiVersion = String(value.apiVersion);
      const kind = String(value.kind);
      if (!known.has(`${apiVersion} ${kind}`) && !file.includes("manifests-deprecated")) {
        custom.push(`${corpusPath(file)}#${id} ${apiVersion} ${kind}`);
        return;
      }
      const literal = toLiteral(value);
      const name = `doc_${id.replace(/\W/g, "_")}`;
      const entry: CheckedDocument = { source, file: corpusPath(file), id, doc, apiVersion, kind, paths: literal.paths, firstLine: lineCount, diagnostics: [] };
      lines.push(`export const ${name}: ResourceOf<${JSON.stringify(apiVersion)}, ${JSON.stringify(kind)}> = ${literal.text};`);
      lineCount += literal.paths.length;
      documents.push(entry);
    };
    readDocuments(file).forEach((value, doc) => {
      const object = value as Record<string, unknown>;
      if (object.apiVersion === "v1" && object.kind === "List" && Array.isArray(object.items)) {
        // kubectl's client-side List: each item is a manifest of its own.
        object.items.forEach((item, i) => add(item as Record<string, unknown>, doc, `${doc}.items[${i}]`));
      } else add(object, doc, String(doc));
    });
    sources[source] = lines.join("\n") + "\n";
  });
  return { sources, documents, custom };
}

/** Hands each diagnostic to the document whose lines hold it. */
function attach(documents: CheckedDocument[], diagnostics: Diagnostic[]) {
  for (const diagnostic of diagnostics) {
    const doc = documents.find(
      (d) => d.source === basename(diagnostic.file) && diagnostic.line >= d.firstLine && diagnostic.line < d.firstLine + d.paths.length,
    );
    if (!doc) throw new Error(`diagnostic outside any document: ${diagnostic.file}:${diagnostic.line + 1} ${diagnostic.message}`);
    doc.diagnostics.push(diagnostic);
  }
}

/** The schema at a field path of a kind, to tell numeric Quantities (accepted) from real type errors. */
function isQuantityField(version: string, apiVersion: string, kind: string, path: string): boolean {
  const spec = readSpecCached(version);
  const def = Object.entries(spec.definitions).find(([, s]) =>
    s["x-kubernetes-group-version-kind"]?.some((g) => (g.group ? `${g.group}/${g.version}` : g.version) === apiVersion && g.kind === kind),
  );
  let schema: Schema | undefined = def?.[1];
  for (const part of path.split(/\.|(?=\[)/)) {
    while (schema?.$ref) schema = spec.definitions[schema.$ref.replace("#/definitions/", "")];
    if (!schema) return false;
    if (part.startsWith("[")) schema = Array.isArray(schema.items) ? schema.items[0] : schema.items;
    else schema = schema.properties?.[part] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
  }
  return schema?.$ref === "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity";
}
const specs = new Map<string, ReturnType<typeof readSpec>>();
function readSpecCached(version: string) {
  if (!specs.has(version)) specs.set(version, readSpec(version));
  return specs.get(version)!;
}

/** Whether a diagnostic at `at` is explained by a listed defect. */
function explains(defect: ListedDefect, at: string): boolean {
  if (defect.kind !== "missing") return at === defect.path;
  // A missing property is reported on the object that lacks it.
  const parent = defect.path.includes(".") ? defect.path.slice(0, defect.path.lastIndexOf(".")) : "";
  return at === parent || at === defect.path;
}

/** `a.b[0].c` → ["a", "b", 0, "c"]. */
function segments(path: string): (string | number)[] {
  return path === "" ? [] : path.split(/\.|(?=\[)/).map((part) => (part.startsWith("[") ? Number(part.slice(1, -1)) : part));
}

/** The type at a path of a kind, as a TypeScript type expression over the package's ResourceOf. */
function typeAt(version: string, apiVersion: string, kind: string, path: (string | number)[]): string {
  let type = `ResourceOf<${JSON.stringify(apiVersion)}, ${JSON.stringify(kind)}>`;
  for (const part of path) type = typeof part === "number" ? `NonNullable<${type}>[number]` : `NonNullable<${type}>[${JSON.stringify(part)}]`;
  return type;
}

function valueAt(value: unknown, path: (string | number)[]): { found: boolean; value?: unknown } {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, part)) return { found: false };
    current = (current as Record<string | number, unknown>)[part];
  }
  return { found: true, value: current };
}

/**
 * A file that compiles exactly when the package's types have the listed defect: an unknown field
 * is no key of its object's type, a missing field is required there, a wrong value is not
 * assignable (`@ts-expect-error`). Or a text saying why the document does not show the defect.
 */
function probeDefect(doc: CheckedDocument, defect: ListedDefect): { text: string } | string {
  const documents = readDocuments(join(CORPUS, doc.file));
  const item = /^\d+\.items\[(\d+)\]$/.exec(doc.id);
  const value = item ? ((documents[doc.doc] as { items: unknown[] }).items[Number(item[1])]) : documents[doc.doc];
  const path = segments(defect.path);
  const name = path.at(-1);
  if (typeof name !== "string") return "the path does not end in a field name";
  const parent = path.slice(0, -1);
  const head = `import type { ResourceOf } from "${pkg("1.36")}";\n`;
  const parentType = typeAt("1.36", doc.apiVersion, doc.kind, parent);
  const here = valueAt(value, path);
  if (defect.kind === "unknown field") {
    if (!here.found) return "the document has no such field";
    return { text: `${head}export const p: ${JSON.stringify(name)} extends keyof NonNullable<${parentType}> ? "known" : "unknown" = "unknown";\n` };
  }
  if (defect.kind === "missing") {
    if (here.found || !valueAt(value, parent).found) return "the document has the field, or not the object that lacks it";
    return { text: `${head}type Parent = NonNullable<${parentType}>;\nexport const p: {} extends Pick<Parent, ${JSON.stringify(name)}> ? "optional" : "required" = "required";\n` };
  }
  if (!here.found) return "the document has no such field";
  return { text: `${head}// @ts-expect-error the listed value is not of the field's type\nexport const p: NonNullable<${parentType}>[${JSON.stringify(name)}] = ${JSON.stringify(here.value)};\n` };
}

describe("the corpus files are the ones INDEX.tsv lists, with its document counts", () => {
  it.each(["manifests", "manifests-deprecated"])("%s/", (folder) => {
    const index = corpusIndex();
    const files = corpusFiles(join(CORPUS, folder)).map(corpusPath).sort();
    // Every file on disk, `*.yaml.injected` included (see corpusFiles), is listed, and the other way round.
    expect(files).toEqual([...index.keys()].filter((f) => f.startsWith(`${folder}/`)).sort());
    const wrong: string[] = [];
    for (const file of files) {
      const ours = JSON.stringify([...countDocuments(join(CORPUS, file))].sort());
      const theirs = JSON.stringify([...index.get(file)!].sort());
      if (ours !== theirs) wrong.push(`${file}: read ${ours}, INDEX.tsv ${theirs}`);
    }
    expect(wrong).toEqual([]);
    // Facts of the shared corpus: 531 files under manifests/, 18 under manifests-deprecated/.
    expect(files.length).toBe(folder === "manifests" ? 531 : 18);
  });
});

describe("corpus manifests against the 1.36 package", () => {
  const version = "1.36";
  let documents: CheckedDocument[] = [];
  let custom: string[] = [];
  const defects = listedDefects();

  beforeAll(() => {
    const files = corpusFiles(join(CORPUS, "manifests"));
    const built = buildFiles(files, version, knownKinds(version));
    documents = built.documents;
    custom = built.custom;
    const project = makeProject({ [pkg(version)]: join(TEST_PACKAGES, `v${version}`) });
    attach(documents, typecheck(project, built.sources));
  });

  it("reads every document, and only the custom resources the pinned 1.36 spec does not define fall outside the package", () => {
    // Facts of the shared corpus (INDEX.tsv): 900 top-level documents under manifests/, 2 of them
    // kubectl `v1 List`s whose 4 items are checked one by one (other `*List` kinds are checked as
    // lists): 902 objects, 3 of them custom resources, 899 checked.
    expect(documents.length).toBe(899);
    expect(custom).toEqual([
      "manifests/gateway-api/conformance/tests/httproute-service-types.yaml#0 gateway.networking.k8s.io/v1 HTTPRoute",
      "manifests/istio/samples/extauthz/local-ext-authz.yaml#0 networking.istio.io/v1 ServiceEntry",
      "manifests/istio/samples/extauthz/local-ext-authz.yaml#1 networking.istio.io/v1 ServiceEntry",
    ]);
    // The package's kinds agree with the pinned spec on every document: custom ones are not in
    // the spec, checked ones are.
    const inSpec = specKinds(version);
    expect(custom.filter((c) => inSpec.has(c.split(" ").slice(1).join(" ")))).toEqual([]);
    expect(documents.filter((d) => !inSpec.has(`${d.apiVersion} ${d.kind}`)).map((d) => `${d.file}#${d.id}`)).toEqual([]);
  });

  it("type-checks every document that SOURCES.md lists no defect for (numeric quantities included)", () => {
    const failing: string[] = [];
    for (const d of documents) {
      const listed = (defects.get(d.file) ?? []).filter((x) => x.doc === d.doc && !(x.kind === "type" && isQuantityField(version, d.apiVersion, d.kind, x.path)));
      if (listed.length === 0 && d.diagnostics.length > 0) {
        failing.push(`${d.file}#${d.id}: ${d.diagnostics.map((x) => `${d.paths[x.line - d.firstLine]}: ${x.message.split("\n")[0]}`).join("; ")}`);
      }
    }
    expect(failing).toEqual([]);
  });

  it("accepts the numeric quantities SOURCES.md lists", () => {
    let quantities = 0;
    for (const [file, list] of defects) {
      for (const defect of list) {
        const doc = documents.find((d) => d.file === file && d.doc === defect.doc);
        if (!doc || defect.kind !== "type" || !isQuantityField(version, doc.apiVersion, doc.kind, defect.path)) continue;
        quantities++;
        expect(doc.diagnostics.map((x) => doc.paths[x.line - doc.firstLine])).not.toContain(defect.path);
      }
    }
    // A fact of SOURCES.md: 15 of its 49 listed defects are numbers at a Quantity.
    expect(quantities).toBe(15);
    expect([...defects.values()].flat().length).toBe(49);
  });

  it("fails each listed defective document at each of its listed fields, and only there", () => {
    let checked = 0;
    let diagnosedInDocument = 0;
    const probes: Record<string, { text: string; label: string }> = {};
    const unexpected: string[] = [];
    const unobserved: string[] = [];
    for (const [file, list] of defects) {
      for (const doc of documents.filter((d) => d.file === file)) {
        const real = list.filter((x) => x.doc === doc.doc && !(x.kind === "type" && isQuantityField(version, doc.apiVersion, doc.kind, x.path)));
        if (real.length === 0) continue;
        checked++;
        const at = doc.diagnostics.map((diagnostic) => doc.paths[diagnostic.line - doc.firstLine] ?? "");
        doc.diagnostics.forEach((diagnostic, i) => {
          if (!real.some((x) => explains(x, at[i]!))) unexpected.push(`${file}#${doc.id}: unexpected error at "${at[i]}": ${diagnostic.message}`);
        });
        // Each listed defect, not just one of them: tsc reports one error per object literal
        // (an unknown field hides the next one, and a missing field beside it), so each defect
        // is also probed on its own against the package's types, in one compiler run below.
        for (const defect of real) {
          const probe = probeDefect(doc, defect);
          if (typeof probe === "string") unobserved.push(`${file}#${doc.id}: ${defect.path} (${defect.kind}): ${probe}`);
          else probes[`probe${Object.keys(probes).length}.ts`] = { text: probe.text, label: `${file}#${doc.id}: ${defect.path} (${defect.kind})` };
          if (at.some((a) => explains(defect, a))) diagnosedInDocument++;
        }
      }
    }
    expect(unexpected).toEqual([]);
    // Control: a probe of a field the type has, claimed unknown, must fail.
    probes["probe-control.ts"] = {
      text: `import type { ResourceOf } from "${pkg(version)}";\nexport const p: "spec" extends keyof NonNullable<ResourceOf<"v1", "Pod">> ? "known" : "unknown" = "unknown";\n`,
      label: "control",
    };
    const project = makeProject({ [pkg(version)]: join(TEST_PACKAGES, `v${version}`) });
    const failed = new Set(typecheck(project, Object.fromEntries(Object.entries(probes).map(([name, p]) => [name, p.text]))).map((d) => basename(d.file)));
    expect(failed.has("probe-control.ts"), "the control probe must fail").toBe(true);
    for (const [name, { label }] of Object.entries(probes)) if (name !== "probe-control.ts" && failed.has(name)) unobserved.push(`${label}: the package's type does not have this defect`);
    expect(unobserved).toEqual([]);
    // Facts of SOURCES.md and the corpus: 22 defective documents, 34 defects (the 49 listed
    // less 15 numeric quantities, which are no defects for these types), 26 of them diagnosed
    // in the whole-document check, the 8 others hidden behind an earlier error of the same object.
    expect({ checked, defects: Object.keys(probes).length - 1, diagnosedInDocument }).toEqual({ checked: 22, defects: 34, diagnosedInDocument: 26 });
    const clean = documents.filter((d) => d.diagnostics.length === 0).length;
    console.log(`corpus manifests on 1.36: ${documents.length} documents; ${clean} type-check; ${checked} fail only at their listed defects; ${custom.length} custom resources left to the CRD tests`);
  });
});

describe("deprecated manifests on every version", () => {
  it("fail exactly on the versions that no longer serve their apiVersion", () => {
    const files = corpusFiles(join(CORPUS, "manifests-deprecated"));
    const project = makeProject(Object.fromEntries(VERSIONS.map((v) => [pkg(v), join(TEST_PACKAGES, `v${v}`)])));
    const sources: Record<string, string> = {};
    const expected: { name: string; served: boolean; label: string }[] = [];
    for (const version of VERSIONS) {
      const built = buildFiles(files, version, knownKinds(version));
      // "Served" from the pinned spec's GVKs, not from the package under test.
      const served = specKinds(version);
      built.documents.forEach((d, i) => {
        const text = `import type { ResourceOf } from "${pkg(version)}";\nexport const d: ResourceOf<${JSON.stringify(d.apiVersion)}, ${JSON.stringify(d.kind)}> = ${toLiteral(readDocuments(join(CORPUS, d.file))[d.doc]).text};\n`;
        const name = `v${version.replace(".", "_")}_${i}.ts`;
        sources[name] = text;
        expected.push({ name, served: served.has(`${d.apiVersion} ${d.kind}`), label: `${d.file}#${d.id} (${d.apiVersion} ${d.kind}) on ${version}` });
      });
    }
    const diagnostics = typecheck(project, sources);
    const verdicts = expected.map((e) => {
      const fails = diagnostics.some((d) => basename(d.file) === e.name);
      return `${e.label}: ${fails ? "fails" : "type-checks"}${e.served === !fails ? "" : " (WRONG)"}`;
    });
    expect(verdicts.filter((v) => v.endsWith("(WRONG)"))).toEqual([]);
    // Every document is checked on every version, and is gone at least in the newest pinned
    // one (that is why it is in manifests-deprecated/).
    expect(expected.length % VERSIONS.length).toBe(0);
    expect(expected.length / VERSIONS.length).toBeGreaterThanOrEqual(files.length);
    for (const file of files) {
      const onLatest = verdicts.filter((v) => v.startsWith(`${corpusPath(file)}#`) && v.includes(` on ${VERSIONS.at(-1)}: `));
      expect(onLatest.some((v) => v.endsWith("fails")), `${corpusPath(file)} has a document ${VERSIONS.at(-1)} no longer serves`).toBe(true);
    }
    // The SOURCES.md table says when the beta/alpha ValidatingAdmissionPolicy was last served.
    const verdictOf = (apiVersion: string, version: string) => verdicts.find((v) => v.includes(`(${apiVersion} ValidatingAdmissionPolicy) on ${version}:`));
    expect(verdictOf("admissionregistration.k8s.io/v1beta1", "1.33")).toMatch(/type-checks$/);
    expect(verdictOf("admissionregistration.k8s.io/v1beta1", "1.34")).toMatch(/fails$/);
    expect(verdictOf("admissionregistration.k8s.io/v1alpha1", "1.31")).toMatch(/type-checks$/);
    expect(verdictOf("admissionregistration.k8s.io/v1alpha1", "1.32")).toMatch(/fails$/);
    console.log(`deprecated manifests: ${verdicts.filter((v) => v.includes(": fails")).length} failing and ${verdicts.filter((v) => v.includes(": type-checks")).length} type-checking (document, version) pairs`);
  });
});
