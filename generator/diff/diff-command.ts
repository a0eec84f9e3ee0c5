// `k8s-openapi-ts diff <from> <to>`: each side a pinned minor, a generated package folder or an
// OpenAPI v2 document, turned into a model by the shared stages, then compared.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { GeneratorError } from "../errors.js";
import { readPins } from "../load/pinned-specs.js";
import { readSource } from "../load/read-document.js";
import type { PackageModel } from "../model/build-model.js";
import { pinnedModel } from "../pinned-models.js";
import { modelOf } from "../pipeline.js";
import { diffModels } from "./diff-models.js";
import { renderDiffMarkdown, renderDiffText } from "./render-diff.js";

export interface Side {
  label: string;
  model: PackageModel;
}

/** A pinned minor (`1.28`), a package folder generated from a pinned document, or a document (file or URL). */
export async function resolveSide(arg: string): Promise<Side> {
  if (/^v?\d+\.\d+$/.test(arg)) {
    const version = arg.replace(/^v/, "");
    return { label: `Kubernetes ${version}`, model: await pinnedModel(version) };
  }
  if (existsSync(arg) && statSync(arg).isDirectory()) return packageSide(arg);
  const bytes = await readSource(arg);
  return { label: basename(arg), model: (await modelOf({ bytes, file: arg })).model };
}

/** A generated package records the document it came from (package.json → kubernetes: version and sha256). */
async function packageSide(dir: string): Promise<Side> {
  const file = join(dir, "package.json");
  let pkg: { name?: string; kubernetes?: { version?: string; sha256?: string | null } };
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as typeof pkg;
  } catch (error) {
    throw new GeneratorError(`not a generated package: cannot read package.json (${(error as Error).message})`, { file });
  }
  const pin = readPins().find((p) => p.version === pkg.kubernetes?.version && p.sha256 === pkg.kubernetes?.sha256);
  if (!pin) {
    throw new GeneratorError(
      "this package was not generated from a pinned Kubernetes document, and a package does not carry its document",
      { file, pointer: "/kubernetes" },
      "give the OpenAPI v2 document it was generated from instead",
    );
  }
  return { label: `${pkg.name ?? basename(dir)} (Kubernetes ${pin.version})`, model: await pinnedModel(pin.version) };
}

export async function diffCommand(from: string, to: string, options: { markdown?: boolean; json?: boolean }): Promise<void> {
  if (options.markdown && options.json) throw new GeneratorError("--markdown and --json exclude each other", { file: "<command line>" });
  const diff = diffModels(await resolveSide(from), await resolveSide(to));
  process.stdout.write(options.json ? `${JSON.stringify(diff, null, 2)}\n` : options.markdown ? renderDiffMarkdown(diff) : renderDiffText(diff));
}
