// Issue 10, 4d: the API server judges the types. Every corpus document (manifests/, and
// crds/examples/ with the corpus CRDs installed) goes to a live 1.36 server as a create with
// dryRun=All&fieldValidation=Strict, through the generic client and the package constants; its
// verdict is compared with the type-check verdict of the same document. Every disagreement is
// in a named category of disagreements.ts (one table), else the test fails with the document
// and the server's message. docs/server-verdicts.md has the table and the reasons.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../client/src/index.js";
import { corpusCrdFolders } from "../crd/corpus-check.js";
import { readCorpusDocuments, type CorpusDocument } from "./corpus-documents.js";
import { installCrds, readCrds } from "./crd-install.js";
import { CATEGORIES, classify, VERDICTS, type Classified, type Verdict } from "./disagreements.js";
import { startApiServer, type LiveServer } from "./harness.js";
import { createNamespaces, descriptorIndex, judge, judgeAll, targetOf, type ServerVerdict, type Target } from "./server-verdict.js";
import { describeWithApiServer } from "./support.js";
import { crdDescriptors, makeTypeProject, typeVerdicts, type TypeProject } from "./type-verdicts.js";

const MINOR = "1.36";
/**
 * The harness's server, configured as a kubeadm cluster is on the two points where the corpus
 * meets cluster configuration rather than API rules: privileged containers allowed (kubeadm
 * sets --allow-privileged=true), and kubeadm's service range 10.96.0.0/12 (where the corpus's
 * fixed ClusterIPs such as kube-dns's 10.96.0.10 lie), dual-stack with an IPv6 range (IPv6 and
 * dual-stack Services are accepted on such clusters). What still depends on the cluster is set
 * apart by the "set apart" categories of disagreements.ts.
 */
const SERVER_FLAGS = ["--allow-privileged=true", "--service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112"];

describeWithApiServer(MINOR, "the API server judges the types (issue 10, 4d)", () => {
  let server: LiveServer | undefined;
  let project: TypeProject | undefined;
  let documents: CorpusDocument[] = [];
  let results: Classified[] = [];
  let untargeted: CorpusDocument[] = [];
  const controls: Record<string, ServerVerdict> = {};
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, run: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      seconds[step] = Math.round((performance.now() - started) / 100) / 10;
    }
  };

  beforeAll(async () => {
    documents = readCorpusDocuments();
    server = await timed("server start", () => startApiServer(MINOR, SERVER_FLAGS));
    // Generating the CRD package keeps this process busy, so it comes before any request (a
    // request's timeout runs while its response waits for the event loop).
    project = await timed("CRD package", makeTypeProject);
    // Then the server installs and publishes the CRDs (slow: /openapi/v2 is rebuilt after each)
    // while tsc runs in a child process.
    const crds = await readCrds(corpusCrdFolders());
    const [types] = await Promise.all([timed("tsc", () => typeVerdicts(project!, documents)), timed("CRD install", () => installCrds(server!, crds))]);
    const index = await descriptorIndex(await crdDescriptors(project), crds);
    const client = server.admin({ timeoutMs: 60_000 });

    const targets = documents.map((d) => targetOf(d, index));
    untargeted = documents.filter((_, i) => !targets[i]);
    const jobs = documents.flatMap((document, i) => (targets[i] ? [{ document, target: targets[i]!, i }] : []));
    const serverVerdicts: ServerVerdict[] = new Array(documents.length);
    await timed("dry-run creates", async () => {
      // Namespace documents first, before the namespaces the others need exist (else a
      // Namespace document would only meet AlreadyExists); then those namespaces, for real.
      const namespaceJobs = jobs.filter((j) => j.document.apiVersion === "v1" && j.document.kind === "Namespace");
      const otherJobs = jobs.filter((j) => !namespaceJobs.includes(j));
      (await judgeAll(client, namespaceJobs)).forEach((v, k) => (serverVerdicts[namespaceJobs[k]!.i] = v));
      await createNamespaces(client, index, new Set(otherJobs.flatMap((j) => (j.target.namespace === undefined ? [] : [j.target.namespace]))));
      (await judgeAll(client, otherJobs)).forEach((v, k) => (serverVerdicts[otherJobs[k]!.i] = v));

      // Controls in the same run: the server must refuse an unknown field and a missing required field.
      const pod = index.get("v1 Pod")!;
      const target: Target = { descriptor: pod, namespace: "default" };
      const control = (name: string, value: Record<string, unknown>) =>
        judge(client, { id: `control ${name}`, file: "", doc: 0, folder: "manifests", apiVersion: "v1", kind: "Pod", name, namespace: "default", value }, target);
      controls["unknown field"] = await control("unknown", { apiVersion: "v1", kind: "Pod", metadata: { name: "c1" }, spec: { containers: [{ name: "a", image: "b", imagePullPolicyy: "Always" }] } });
      controls["missing field"] = await control("missing", { apiVersion: "v1", kind: "Pod", metadata: { name: "c2" }, spec: { containers: [{ name: "a" }] } } as KubeObject as unknown as Record<string, unknown>);
      controls["valid"] = await control("valid", { apiVersion: "v1", kind: "Pod", metadata: { name: "c3" }, spec: { containers: [{ name: "a", image: "b" }] } });
    });
    results = jobs.map(({ document, i }) => classify(document, serverVerdicts[i]!, types[i]!));
  }, 900_000);

  afterAll(() => {
    server?.stop();
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  const count = (verdict: Verdict) => results.filter((r) => r.verdict === verdict).length;
  const line = (r: Classified) =>
    `${r.document.id} (${r.document.apiVersion} ${r.document.kind} ${r.document.name || "<no name>"}) [${r.categories.join(", ") || "—"}]${r.unexplained.length ? ` UNEXPLAINED: ${r.unexplained.join(" | ")}` : ""} — server: ${r.server.reason ?? "accepts"}: ${r.server.message?.slice(0, 400) ?? ""}${r.types.accepts ? "" : ` — types: ${r.types.diagnostics.join(" | ").slice(0, 300)}`}`;

  it("gives every corpus document a server verdict and a type verdict, and prints the table", () => {
    expect(untargeted.map((d) => `${d.id} ${d.apiVersion} ${d.kind}`)).toEqual([]);
    expect(results).toHaveLength(documents.length);
    expect(documents.length).toBeGreaterThan(1200);
    const table = VERDICTS.map((v) => `| ${v} | ${count(v)} |`).join("\n");
    const byCategory = CATEGORIES.map((c) => `| ${c.side} | ${c.name} | ${results.filter((r) => r.categories.includes(c.name)).length} |`).join("\n");
    console.log(
      [
        `API server ${server!.kubernetesVersion} vs the types on ${documents.length} corpus documents (${JSON.stringify(seconds)} s):`,
        "| verdict | documents |",
        "| --- | --- |",
        table,
        `| total | ${results.length} |`,
        "",
        "| side | category | documents |",
        "| --- | --- | --- |",
        byCategory,
        "",
        ...VERDICTS.filter((v) => v !== "both accept").flatMap((v) => [`${v}:`, ...results.filter((r) => r.verdict === v).map((r) => `  ${line(r)}`)]),
      ].join("\n"),
    );
    expect(VERDICTS.reduce((n, v) => n + count(v), 0)).toBe(documents.length);
  });

  it("the server really judges: it refuses an unknown field and a missing required field, and accepts a valid Pod", () => {
    expect(controls["unknown field"]).toMatchObject({ accepts: false, reason: "BadRequest" });
    expect(controls["unknown field"]!.message).toContain('unknown field "spec.containers[0].imagePullPolicyy"');
    expect(controls["missing field"]).toMatchObject({ accepts: false, reason: "Invalid" });
    expect(controls["missing field"]!.causes).toContainEqual(expect.objectContaining({ field: "spec.containers[0].image" }));
    expect(controls["valid"]).toEqual({ accepts: true });
  });

  it("types never reject a document the server accepts, but for a documented reason", () => {
    const stricter = results.filter((r) => r.verdict === "types reject, server accepts");
    expect(stricter.filter((r) => r.unexplained.length > 0).map(line)).toEqual([]);
  });

  it("every document the types accept and the server refuses falls into a named category, every part of the refusal", () => {
    const disagreeing = results.filter((r) => r.verdict === "types accept, server rejects");
    expect(disagreeing.filter((r) => r.unexplained.length > 0).map(line)).toEqual([]);
  });
});

// The classification alone, without a server (runs on machines without Go too).
describe("classification of disagreements", () => {
  it("an unknown refusal is unexplained, and a refusal is explained only when each of its parts is", () => {
    const document: CorpusDocument = { id: "sample#0", file: "sample", doc: 0, folder: "manifests", apiVersion: "v1", kind: "Pod", name: "p", namespace: undefined, value: {} };
    const typesAccept = { accepts: true, diagnostics: [] };
    const odd = classify(document, { accepts: false, reason: "Invalid", message: "x", causes: [{ field: "spec.zzz", message: "Invalid value: a rule no category knows" }] }, typesAccept);
    expect(odd).toMatchObject({ verdict: "types accept, server rejects", unexplained: ["spec.zzz: Invalid value: a rule no category knows"] });
    const half = classify(
      document,
      {
        accepts: false,
        reason: "Invalid",
        message: "x",
        causes: [
          { field: "spec.template.spec.containers[0].securityContext.privileged", message: "Forbidden: disallowed by cluster policy" },
          { field: "spec.zzz", message: "Invalid value: a rule no category knows" },
        ],
      },
      typesAccept,
    );
    expect(half).toMatchObject({ verdict: "types accept, server rejects", categories: ["privileged container"], unexplained: ["spec.zzz: Invalid value: a rule no category knows"] });
    const custom: CorpusDocument = { ...document, apiVersion: "external-secrets.io/v1beta1", kind: "ExternalSecret" };
    const typesReject = { accepts: false, diagnostics: [": no type"] };
    expect(classify(custom, { accepts: false, reason: "NotFound", message: "404 page not found\n", causes: [] }, typesReject)).toMatchObject({ verdict: "set apart", categories: ["unserved CRD version"] });
    expect(classify(custom, { accepts: false, reason: "NotFound", message: 'namespaces "x" not found', causes: [] }, typesAccept)).toMatchObject({ verdict: "types accept, server rejects", categories: [] });
    const followOnly = classify(document, { accepts: false, reason: "Invalid", message: "x", causes: [{ field: "<nil>", message: "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation" }] }, typesAccept);
    expect(followOnly.unexplained).toHaveLength(1);
    expect(classify(document, { accepts: true }, { accepts: false, diagnostics: ["spec: nope"] })).toMatchObject({ verdict: "types reject, server accepts", unexplained: ["spec: nope"] });
  });
});
