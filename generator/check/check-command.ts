// The `check` command: read, check, print (text or --json); the exit code says whether every
// document is served and valid (custom resources without their CRD do not count against it).
import { makeChecker, readInputs, type CheckReport, type DocumentReport } from "./check-manifests.js";

export interface CheckCommandOptions {
  kubernetes: string;
  crd?: string[];
  json?: boolean;
}

export async function checkCommand(inputs: string[], options: CheckCommandOptions): Promise<number> {
  const documents = await readInputs(inputs);
  const check = await makeChecker({ kubernetes: options.kubernetes, ...(options.crd ? { crd: options.crd } : {}) });
  const report = await check(documents);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheckText(report));
  return passes(report) ? 0 : 1;
}

export function passes(report: CheckReport): boolean {
  return report.summary.invalid === 0 && report.summary.notServed === 0;
}

/** `file#2` for a document, `file#2/items/0` for an item of a List. */
export function documentLabel(d: DocumentReport): string {
  const what = d.apiVersion !== null && d.kind !== null ? ` (${d.apiVersion} ${d.kind}${d.name !== null ? ` ${JSON.stringify(d.name)}` : ""})` : "";
  return `${d.file}#${d.index}${d.item !== undefined ? `/items/${d.item}` : ""}${what}`;
}

export function servedMessage(d: DocumentReport, kubernetes: string): string {
  const s = d.served ?? {};
  const when = s.lastServed
    ? `last served in ${s.lastServed}, removed in ${s.removedIn}`
    : s.firstServed
      ? `first served in ${s.firstServed}`
      : "served by no pinned version";
  return `not served by Kubernetes ${kubernetes} (${when}); ${s.replacement ? `use ${s.replacement} ${d.kind}` : "no served apiVersion of this kind replaces it"}`;
}

export function renderCheckText(report: CheckReport): string {
  const lines: string[] = [];
  for (const d of report.documents) {
    const label = documentLabel(d);
    if (d.verdict === "not-served") lines.push(`${label}: error: ${servedMessage(d, report.kubernetes)}`);
    for (const p of d.problems) lines.push(`${label} at ${p.pointer || "/"}: error: ${p.message}`);
    if (d.deprecated) lines.push(`${label}: warning: deprecated in ${report.kubernetes}: ${d.deprecated}`);
    if (d.verdict === "not-checked") lines.push(`${label}: not checked: ${d.note}`);
  }
  const s = report.summary;
  lines.push(
    `Kubernetes ${report.kubernetes}: ${s.documents} document${s.documents === 1 ? "" : "s"}: ${s.valid} valid, ${s.invalid} invalid, ${s.notServed} not served, ${s.notChecked} not checked; ${s.deprecated} deprecated`,
  );
  return `${lines.join("\n")}\n`;
}
