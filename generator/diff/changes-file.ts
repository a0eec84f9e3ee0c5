// CHANGES.md of a pinned version's package: the API diff from the previous pinned minor.
import type { PackageModel } from "../model/build-model.js";
import { diffModels } from "./diff-models.js";
import { renderDiffMarkdown } from "./render-diff.js";

export interface ChangesInput {
  version: string;
  /** The previous pinned minor and its model; absent for the oldest pinned version. */
  previous?: { version: string; model: PackageModel };
}

/** The README's one-line pointer to CHANGES.md. */
export function changesSummary(input: ChangesInput): string {
  return input.previous ? `what changed since Kubernetes ${input.previous.version}` : "the first pinned version, with nothing before it to compare";
}

export function changesMarkdown(input: ChangesInput, model: PackageModel): string {
  if (!input.previous) {
    return `# Changes in Kubernetes ${input.version}\n\nKubernetes ${input.version} is the first (oldest) pinned version of k8s-openapi-ts: there is no previous pinned minor to compare it with.\n`;
  }
  const diff = diffModels({ label: `Kubernetes ${input.previous.version}`, model: input.previous.model }, { label: `Kubernetes ${input.version}`, model });
  const intro = `From the API diff of the two pinned OpenAPI documents (\`k8s-openapi-ts diff ${input.previous.version} ${input.version}\`): kinds by apiVersion and kind, then per kind served by both its constants (\`+\` added, \`-\` removed, \`~\` changed, \`!\` newly deprecated) and its fields (\`[]\` an array's items, \`*\` a map's values).`;
  return renderDiffMarkdown(diff, `Changes in Kubernetes ${input.version} since ${input.previous.version}`).replace("\n\n", `\n\n${intro}\n\n`);
}
