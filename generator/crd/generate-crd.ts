// `k8s-openapi-ts crd <files or folders…> --out <dir> --name <npm-name> --kubernetes 1.36`:
// CustomResourceDefinition manifests → a package with the same shape as the built-in ones.
//
//   read (read-manifests.ts) → CRDs to a cluster-style Swagger document (crd-to-swagger.ts)
//   → validate the document as /openapi/v2 would publish it → the shared pipeline
//   (model, emit, format) with ObjectMeta, ListMeta, Scale and the meta/v1 helpers taken
//   from the Kubernetes package `@k8s-openapi-ts/k8s-<minor>`, a dependency.
import { basename } from "node:path";
import type { ExternalTypes } from "../emit/emit-package.js";
import { packageVersionFor, pinnedPackageName } from "../emit/package-files.js";
import { GeneratorError } from "../errors.js";
import { formatFiles } from "../format/format-files.js";
import { findPin } from "../load/pinned-specs.js";
import { locateDefinition } from "../model/names.js";
import { generatePackage, type GenerateResult } from "../pipeline.js";
import type { Schema, SwaggerDocument } from "../spec-types.js";
import { validateDocument } from "../validate/validate-document.js";
import { EXTERNAL_STUBS, crdsToSwagger, type CrdInfo } from "./crd-to-swagger.js";
import { openApiV2View } from "./openapi-v2-view.js";
import { readManifests } from "./read-manifests.js";
import { crdReadme } from "./readme.js";

export interface CrdBuild {
  /** The cluster-style document, without the stubs of built-in definitions. */
  document: SwaggerDocument;
  crds: CrdInfo[];
  notes: string[];
  files: string[];
}

/** Reads the manifests and builds the document the rest of the pipeline generates from. */
export async function buildCrdDocument(inputs: string[]): Promise<CrdBuild> {
  const { files, documents } = await readManifests(inputs);
  const { document, crds, notes } = crdsToSwagger(documents);
  const label = inputs.join(", ");
  if (crds.length === 0) throw new GeneratorError("no apiextensions.k8s.io/v1 CustomResourceDefinition found", { file: label }, notes.slice(0, 3).join("; ") || undefined);
  if (!crds.some((c) => c.versions.some((v) => v.served))) throw new GeneratorError("no CustomResourceDefinition has a served version: there is nothing to generate", { file: label });
  // Paths, refs and operations are checked as Swagger 2.0, on the view a cluster publishes
  // at /openapi/v2 (openapi-v2-view.ts); the schemas were checked on reading.
  await validateDocument(openApiV2View(document), `CRD document built from ${label}`);
  for (const name of EXTERNAL_STUBS) delete document.definitions[name];
  return { document, crds, notes, files };
}

/** The Kubernetes package the CRD package depends on, and where its definitions live. */
export function kubernetesExternal(minor: string): { external: ExternalTypes; packageName: string; version: string } {
  const packageName = pinnedPackageName(minor);
  return {
    packageName,
    version: packageVersionFor(minor),
    external: {
      packageName,
      locate: (name) => (name.startsWith("io.k8s.api.") || name.startsWith("io.k8s.apimachinery.") ? locateDefinition(name) : undefined),
    },
  };
}

export interface CrdPackageOptions {
  inputs: string[];
  name: string;
  /** Kubernetes minor whose package provides ObjectMeta & co, e.g. "1.36". */
  kubernetes: string;
}

export interface CrdPackageResult extends GenerateResult {
  crds: CrdInfo[];
  notes: string[];
}

export async function generateCrdPackage(options: CrdPackageOptions): Promise<CrdPackageResult> {
  const pin = findPin(options.kubernetes);
  const build = await buildCrdDocument(options.inputs);
  const { external, packageName, version } = kubernetesExternal(pin.version);
  const kinds = [...new Set(build.crds.map((c) => `${c.kind}.${c.group}`))];
  const sourceDescription = `${build.crds.length} CustomResourceDefinition${build.crds.length === 1 ? "" : "s"} (${summarise(kinds)}) from ${summarise(build.files.map((f) => basename(f)))}`;
  const result = await generatePackage({
    document: build.document,
    file: options.inputs.join(", "),
    name: options.name,
    kubernetesVersion: pin.version,
    sourceDescription,
    external,
    packageJsonExtra: {
      description: `TypeScript types and resource constants for custom resources (${summarise(kinds)}) on Kubernetes ${pin.version}`,
      dependencies: { [packageName]: version },
    },
  });
  const readme = crdReadme(result.model, {
    name: options.name,
    version: packageVersionFor(pin.version),
    kubernetesVersion: pin.version,
    kubernetesPackage: packageName,
    kubernetesPackageVersion: version,
    sourceDescription,
    notes: build.notes.filter((n) => n.includes("not served")).map((n) => n.replace(/^.*? document \d+: /, "")),
  });
  result.files.set("README.md", (await formatFiles(new Map([["README.md", readme]]))).get("README.md")!);
  return { ...result, crds: build.crds, notes: build.notes };
}

function summarise(items: string[]): string {
  return items.length <= 4 ? items.join(", ") : `${items.slice(0, 3).join(", ")} and ${items.length - 3} more`;
}
