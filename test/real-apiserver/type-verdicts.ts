// The TypeScript verdict on each corpus document, made as the corpus tests make it
// (test/support/tsc-verdicts.ts: `const d: ResourceOf<apiVersion, kind> = <document>`, strict,
// exactOptionalPropertyTypes, excess property checks, one compiler run for all documents, in a
// child process so the test's requests to the server go on meanwhile):
// built-in kinds against the 1.36 package, custom resources against the package `crd`
// generates from the corpus CRDs. The project also serves the CRD package's constants.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateCrdPackage } from "../../generator/crd/generate-crd.js";
import { writePackages } from "../../generator/write/write-output.js";
import type { AnyDescriptor } from "../../client/src/index.js";
import { TEST_PACKAGES, readResources, type ResourceEntry } from "../helpers.js";
import { corpusCrdFolders } from "../crd/corpus-check.js";
import { makeProject } from "../support/typecheck.js";
import { tscDiagnosticsInChild } from "../support/tsc-verdicts.js";
import type { CorpusDocument } from "./corpus-documents.js";

export const K8S_PACKAGE = "@k8s-openapi-ts/k8s-1.36";
export const CRD_PACKAGE = "@corpus/crds";

export interface TypeProject {
  dir: string;
  /** `${apiVersion} ${kind}` of the 1.36 package's kinds. */
  builtIn: Set<string>;
  /** resources.json of the CRD package. */
  crdResources: ResourceEntry[];
}

/** A temporary project with the 1.36 package and the corpus CRD package in node_modules. */
export async function makeTypeProject(): Promise<TypeProject> {
  const dir = makeProject({ [K8S_PACKAGE]: join(TEST_PACKAGES, "v1.36") });
  const crds = await generateCrdPackage({ inputs: corpusCrdFolders(), name: CRD_PACKAGE, kubernetes: "1.36" });
  await writePackages(join(dir, "node_modules/@corpus"), new Map([["crds", crds.files]]));
  const builtIn = new Set(readResources("1.36").flatMap((r) => [`${r.apiVersion} ${r.kind}`, ...(r.listKind ? [`${r.apiVersion} ${r.listKind}`] : [])]));
  return { dir, builtIn, crdResources: JSON.parse(crds.files.get("resources.json")!) as ResourceEntry[] };
}

export interface TypeVerdict {
  accepts: boolean;
  /** "<field path>: <message>" per compiler diagnostic. */
  diagnostics: string[];
}

/** One compiler run over every document, in a child process. */
export async function typeVerdicts(project: TypeProject, documents: CorpusDocument[]): Promise<TypeVerdict[]> {
  const typed = documents.map((d) => ({ pkg: project.builtIn.has(`${d.apiVersion} ${d.kind}`) ? K8S_PACKAGE : CRD_PACKAGE, value: d.value }));
  return (await tscDiagnosticsInChild(project.dir, typed)).map((diagnostics) => ({ accepts: diagnostics.length === 0, diagnostics }));
}

/** The runtime constants of the CRD package's kinds, by `${apiVersion} ${kind}`. */
export async function crdDescriptors(project: TypeProject): Promise<Map<string, AnyDescriptor>> {
  const out = new Map<string, AnyDescriptor>();
  for (const entry of project.crdResources) {
    const module = (await import(pathToFileURL(join(project.dir, "node_modules", CRD_PACKAGE, entry.importPath, "index.mjs")).href)) as Record<string, unknown>;
    const descriptor = module[entry.exportName];
    if (typeof descriptor !== "object" || descriptor === null) throw new Error(`${CRD_PACKAGE} ${entry.importPath} ${entry.exportName}: no runtime constant`);
    out.set(`${entry.apiVersion} ${entry.kind}`, descriptor as AnyDescriptor);
  }
  return out;
}
