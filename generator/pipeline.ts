// The whole generator, top to bottom, for one document:
//   load → validate → normalise → model → emit → format   (write is the caller's: see runner/cli.ts)
import { changesMarkdown, changesSummary, type ChangesInput } from "./diff/changes-file.js";
import { GeneratorError } from "./errors.js";
import { emitModules, type ExternalTypes, type FileMap } from "./emit/emit-package.js";
import { emitPackageFiles, packageVersionFor, type PackageInfo } from "./emit/package-files.js";
import { formatFiles } from "./format/format-files.js";
import { parseJson } from "./load/read-document.js";
import { buildModel, type PackageModel } from "./model/build-model.js";
import { applyFixups } from "./normalise/fixups.js";
import type { SwaggerDocument } from "./spec-types.js";
import { validateDocument } from "./validate/validate-document.js";

export interface GenerateInput {
  /** The document's bytes (already read and, for pinned specs, hash-verified). */
  bytes?: Buffer;
  /** Instead of bytes: a document built in memory and validated by its producer (CRD manifests, generator/crd/). */
  document?: SwaggerDocument;
  /** Its file name or URL, for messages. */
  file: string;
  /** npm package name. */
  name: string;
  /** The pinned Kubernetes minor this document is, or undefined for any other document. */
  pinnedVersion?: string;
  /** The Kubernetes minor to record (defaults to pinnedVersion). */
  kubernetesVersion?: string;
  sourceDescription: string;
  sha256?: string;
  external?: ExternalTypes;
  packageJsonExtra?: Record<string, unknown>;
  /** Write CHANGES.md: the diff from the previous pinned minor (pinned versions only). */
  changes?: ChangesInput;
}

export interface GenerateResult {
  files: FileMap;
  model: PackageModel;
  fixups: string[];
  warnings: string[];
}

export interface ModelInput {
  bytes?: Buffer;
  document?: SwaggerDocument;
  file: string;
  pinnedVersion?: string;
  /** Definitions another package provides (CRD packages import ObjectMeta & co from a Kubernetes package). */
  external?: ExternalTypes;
}

/** load → validate → normalise → model: the stages every command shares (generate, diff, check). */
export async function modelOf(input: ModelInput): Promise<{ model: PackageModel; fixups: string[] }> {
  const doc = input.document ?? (await validateDocument(parseJson(input.bytes?.toString("utf8") ?? "", input.file), input.file));
  const fixups = applyFixups(doc, input.pinnedVersion, input.file);
  const external = input.external;
  const model = buildModel(doc, input.file, external ? { provided: (name) => external.locate(name) !== undefined } : {});
  if (model.definitions.size === 0) throw new GeneratorError("the document has no definitions: there is nothing to generate", { file: input.file, pointer: "/definitions" });
  return { model, fixups };
}

export async function generatePackage(input: GenerateInput): Promise<GenerateResult> {
  const { model, fixups } = await modelOf(input);
  const kubernetesVersion = input.kubernetesVersion ?? input.pinnedVersion ?? "unknown";
  const info: PackageInfo = {
    name: input.name,
    version: packageVersionFor(/^\d+\.\d+$/.test(kubernetesVersion) ? kubernetesVersion : "0.0"),
    kubernetesVersion,
    sourceDescription: input.sourceDescription,
    fixups,
    ...(input.sha256 ? { sha256: input.sha256 } : {}),
    ...(input.packageJsonExtra ? { packageJsonExtra: input.packageJsonExtra } : {}),
    ...(input.changes ? { changes: changesSummary(input.changes) } : {}),
  };
  const files = emitModules(model, { source: input.sourceDescription, ...(input.external ? { external: input.external } : {}) });
  emitPackageFiles(model, info, files);
  if (input.changes) files.set("CHANGES.md", changesMarkdown(input.changes, model));
  return { files: await formatFiles(files), model, fixups, warnings: model.warnings };
}
