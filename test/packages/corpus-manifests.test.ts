// Every built-in document of ../shared/corpus gets the right verdict against the generated
// packages, through the package's apiVersion+kind map (ResourceOf), with excess-property
// checks on: it type-checks, or it fails exactly at the fields SOURCES.md lists.
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Schema } from "../../generator/spec-types.js";
import { TEST_PACKAGES, VERSIONS, readResources, readSpec } from "../helpers.js";
import { CORPUS, corpusPath, listedDefects, readDocuments, yamlFiles, type ListedDefect } from "../support/corpus.js";
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

describe("corpus manifests against the 1.36 package", () => {
  const version = "1.36";
  let documents: CheckedDocument[] = [];
  let custom: string[] = [];
  const defects = listedDefects();

  beforeAll(() => {
    const files = yamlFiles(join(CORPUS, "manifests"));
    const built = buildFiles(files, version, knownKinds(version));
    documents = built.documents;
    custom = built.custom;
    const project = makeProject({ [pkg(version)]: join(TEST_PACKAGES, `v${version}`) });
    attach(documents, typecheck(project, built.sources));
  });

  it("reads every document, and only custom resources fall outside the package", () => {
    expect(documents.length).toBeGreaterThan(800);
    // Custom resources beside built-ins (checked by the CRD tests) are all of non-built-in groups.
    for (const entry of custom) expect(entry).toMatch(/ [a-z0-9-]+\.[a-z0-9.-]+\/v[0-9a-z]+ /);
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
    expect(quantities).toBeGreaterThanOrEqual(14);
  });

  it("fails each listed defective document, and only at the listed fields", () => {
    let checked = 0;
    for (const [file, list] of defects) {
      for (const doc of documents.filter((d) => d.file === file)) {
        const real = list.filter((x) => x.doc === doc.doc && !(x.kind === "type" && isQuantityField(version, doc.apiVersion, doc.kind, x.path)));
        if (real.length === 0) continue;
        checked++;
        expect(doc.diagnostics.length, `${file}#${doc.id} should fail`).toBeGreaterThan(0);
        for (const diagnostic of doc.diagnostics) {
          const at = doc.paths[diagnostic.line - doc.firstLine] ?? "";
          expect(real.some((x) => explains(x, at)), `${file}#${doc.id}: unexpected error at "${at}": ${diagnostic.message}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    const clean = documents.filter((d) => d.diagnostics.length === 0).length;
    console.log(`corpus manifests on 1.36: ${documents.length} documents; ${clean} type-check; ${checked} fail only at their listed defects; ${custom.length} custom resources left to the CRD tests`);
  });
});

describe("deprecated manifests on every version", () => {
  it("fail exactly on the versions that no longer serve their apiVersion", () => {
    const files = yamlFiles(join(CORPUS, "manifests-deprecated"));
    const project = makeProject(Object.fromEntries(VERSIONS.map((v) => [pkg(v), join(TEST_PACKAGES, `v${v}`)])));
    const sources: Record<string, string> = {};
    const expected: { name: string; served: boolean; label: string }[] = [];
    for (const version of VERSIONS) {
      const known = knownKinds(version);
      const built = buildFiles(files, version, known);
      built.documents.forEach((d, i) => {
        const text = `import type { ResourceOf } from "${pkg(version)}";\nexport const d: ResourceOf<${JSON.stringify(d.apiVersion)}, ${JSON.stringify(d.kind)}> = ${toLiteral(readDocuments(join(CORPUS, d.file))[d.doc]).text};\n`;
        const name = `v${version.replace(".", "_")}_${i}.ts`;
        sources[name] = text;
        expected.push({ name, served: known.has(`${d.apiVersion} ${d.kind}`), label: `${d.file}#${d.id} (${d.apiVersion} ${d.kind}) on ${version}` });
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
