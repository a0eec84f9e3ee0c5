// `check` agrees with TypeScript on the whole corpus: a document passes check exactly when it
// type-checks against the same version's package. Three corpora, one compiler run each: the
// manifests against the newest pinned version, the deprecated manifests against every pinned
// version, and the custom-resource examples with their CRDs (--crd) against the newest.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeChecker, readInputs, type DocumentReport } from "../../generator/check/check-manifests.js";
import { generateCrdPackage } from "../../generator/crd/generate-crd.js";
import type { ManifestDocument } from "../../generator/crd/read-manifests.js";
import { writePackages } from "../../generator/write/write-output.js";
import { TEST_PACKAGES, VERSIONS } from "../helpers.js";
import { CORPUS } from "../support/corpus.js";
import { makeProject } from "../support/typecheck.js";
import { tscVerdicts } from "../support/tsc-verdicts.js";
import { corpusCrdFolders } from "../crd/corpus-check.js";

const NEWEST = VERSIONS[VERSIONS.length - 1]!;
const pkg = (version: string) => `@k8s-openapi-ts/k8s-${version}`;
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The value check saw for a report: the document, or the item of a List. */
function valueOf(documents: ManifestDocument[], report: DocumentReport): unknown {
  const doc = documents.find((d) => d.file === report.file && d.index === report.index)!;
  return report.item === undefined ? doc.value : (doc.value as { items: unknown[] }).items[report.item];
}

interface Agreement {
  documents: number;
  bothPass: number;
  bothFail: number;
  disagreements: string[];
}

function agreement(reports: DocumentReport[], verdicts: boolean[], label: (r: DocumentReport) => string): Agreement {
  const result: Agreement = { documents: reports.length, bothPass: 0, bothFail: 0, disagreements: [] };
  reports.forEach((r, i) => {
    const passesCheck = r.verdict === "valid";
    if (passesCheck !== verdicts[i]) result.disagreements.push(`${label(r)}: check ${r.verdict} (${r.problems.map((p) => `${p.pointer} ${p.message}`).join("; ")}), tsc ${verdicts[i] ? "type-checks" : "fails"}`);
    else if (passesCheck) result.bothPass++;
    else result.bothFail++;
  });
  return result;
}

const where = (r: DocumentReport) => `${r.file.slice(CORPUS.length + 1)}#${r.index}${r.item !== undefined ? `/items/${r.item}` : ""}`;

describe("check agrees with the TypeScript verdict", () => {
  it(`on every corpus manifest against ${NEWEST}`, async () => {
    const documents = await readInputs([join(CORPUS, "manifests")]);
    const report = await (await makeChecker({ kubernetes: NEWEST }))(documents);
    const checked = report.documents.filter((r) => r.verdict !== "not-checked");
    // Not checked: only custom resources (groups with a dot that no pinned version serves).
    for (const r of report.documents.filter((d) => d.verdict === "not-checked")) expect(r.apiVersion).toMatch(/^[a-z0-9-]+\.[a-z0-9.-]+\/v\w+$/);
    const project = makeProject({ [pkg(NEWEST)]: join(TEST_PACKAGES, `v${NEWEST}`) });
    temps.push(project);
    const verdicts = tscVerdicts(project, checked.map((r) => ({ pkg: pkg(NEWEST), value: valueOf(documents, r) })));
    const result = agreement(checked, verdicts, where);
    console.log(`check vs tsc, corpus manifests on ${NEWEST}: ${JSON.stringify({ ...result, disagreements: result.disagreements.length, notChecked: report.summary.notChecked })}`);
    expect(result.disagreements).toEqual([]);
    expect(result.documents).toBeGreaterThan(800);
    expect(result.bothFail).toBeGreaterThanOrEqual(20); // the defects SOURCES.md lists
  });

  it("on every deprecated manifest against every pinned version", async () => {
    const documents = await readInputs([join(CORPUS, "manifests-deprecated")]);
    const project = makeProject(Object.fromEntries(VERSIONS.map((v) => [pkg(v), join(TEST_PACKAGES, `v${v}`)])));
    temps.push(project);
    const reports: DocumentReport[] = [];
    const typed: { pkg: string; value: unknown }[] = [];
    for (const version of VERSIONS) {
      const report = await (await makeChecker({ kubernetes: version }))(documents);
      for (const r of report.documents) {
        expect(r.verdict, where(r)).not.toBe("not-checked");
        reports.push(r);
        typed.push({ pkg: pkg(version), value: valueOf(documents, r) });
      }
    }
    const result = agreement(reports, tscVerdicts(project, typed), (r) => `${where(r)} on ${VERSIONS[Math.floor(reports.indexOf(r) / (reports.length / VERSIONS.length))]}`);
    console.log(`check vs tsc, deprecated manifests × ${VERSIONS.length} versions: ${JSON.stringify({ ...result, disagreements: result.disagreements.length })}`);
    expect(result.disagreements).toEqual([]);
    expect(result.bothPass).toBeGreaterThan(0);
    expect(result.bothFail).toBeGreaterThan(result.bothPass);
  });

  it(`on every custom-resource example with --crd against ${NEWEST}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-agreement-"));
    temps.push(dir);
    const crds = await generateCrdPackage({ inputs: corpusCrdFolders(), name: "@corpus/crds", kubernetes: NEWEST });
    await writePackages(join(dir, "node_modules/@corpus"), new Map([["crds", crds.files]]));
    mkdirSync(join(dir, "node_modules/@k8s-openapi-ts"), { recursive: true });
    symlinkSync(join(TEST_PACKAGES, `v${NEWEST}`), join(dir, "node_modules", pkg(NEWEST)), "dir");

    const documents = await readInputs([join(CORPUS, "crds/examples")]);
    const report = await (await makeChecker({ kubernetes: NEWEST, crd: corpusCrdFolders() }))(documents);
    const builtIn = new Set(report.documents.filter((r) => !r.apiVersion?.includes(".")).map((r) => `${r.apiVersion} ${r.kind}`));
    const verdicts = tscVerdicts(
      dir,
      report.documents.map((r) => ({ pkg: builtIn.has(`${r.apiVersion} ${r.kind}`) ? pkg(NEWEST) : "@corpus/crds", value: valueOf(documents, r) })),
    );
    // A version the CRD does not serve is no type in the CRD package (tsc fails), and not checked by check.
    const served = report.documents.map((r, i) => ({ r, tsc: verdicts[i]! })).filter(({ r }) => r.verdict !== "not-checked");
    const result = agreement(served.map((s) => s.r), served.map((s) => s.tsc), where);
    const notChecked = report.documents.filter((r) => r.verdict === "not-checked");
    console.log(`check vs tsc, CRD examples with --crd on ${NEWEST}: ${JSON.stringify({ ...result, disagreements: result.disagreements.length, notChecked: notChecked.length })}`);
    expect(result.disagreements).toEqual([]);
    expect(result.documents).toBeGreaterThanOrEqual(300);
    expect(notChecked.map((r) => `${r.apiVersion} ${r.kind}`)).toEqual(["external-secrets.io/v1beta1 ExternalSecret"]);
    expect(verdicts[report.documents.indexOf(notChecked[0]!)]).toBe(false);
  });
});
