// `check`: served or not (and since when, and what replaces it), a field removed or made
// required between two pinned versions, the command line, and hostile input.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeChecker, readInputs, type CheckReport } from "../../generator/check/check-manifests.js";
import { parseManifests } from "../../generator/crd/read-manifests.js";
import { GeneratorError } from "../../generator/errors.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { VERSIONS, readSpec } from "../helpers.js";
import { CORPUS } from "../support/corpus.js";

const NEWEST = VERSIONS[VERSIONS.length - 1]!;
const BIN = join(REPO_ROOT, "generator/runner/bin.mjs");
const tmp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-check-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function check(version: string, yaml: string): Promise<CheckReport> {
  return (await makeChecker({ kubernetes: version }))(parseManifests(yaml, "test.yaml"));
}

/** apiVersion + kind of every definition of a pinned spec that carries one GVK and apiVersion/kind properties, read from the raw JSON. */
function kindsInSpec(version: string): Set<string> {
  const out = new Set<string>();
  for (const schema of Object.values(readSpec(version).definitions)) {
    const gvk = schema["x-kubernetes-group-version-kind"];
    if (gvk?.length !== 1 || !schema.properties?.apiVersion || !schema.properties.kind) continue;
    out.add(`${gvk[0]!.group ? `${gvk[0]!.group}/` : ""}${gvk[0]!.version} ${gvk[0]!.kind}`);
  }
  return out;
}

function run(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? "");
  });
}

describe("served or not", () => {
  it("flags each deprecated corpus manifest on every pinned version with when it stopped being served and what replaces it", async () => {
    const documents = await readInputs([join(CORPUS, "manifests-deprecated")]);
    const served = VERSIONS.map(kindsInSpec);
    // SOURCES.md says which served apiVersion replaces each removed one ("(use apps/v1)").
    const replacements = new Map<string, string>();
    for (const m of readFileSync(join(CORPUS, "SOURCES.md"), "utf8").matchAll(/^\| `(manifests-deprecated\/[^`]+)` \| `([^`]+)` \| (\w+)[^|]*\| [^|]*\(use ([\w./]+)\) \|$/gm)) {
      replacements.set(`${m[2]} ${m[3]}`, m[4]!);
    }
    expect(replacements.size).toBeGreaterThanOrEqual(6);
    let flagged = 0;
    for (const [t, target] of VERSIONS.entries()) {
      const report = await (await makeChecker({ kubernetes: target }))(documents);
      for (const r of report.documents) {
        const key = `${r.apiVersion} ${r.kind}`;
        const label = `${r.file}#${r.index} ${key} on ${target}`;
        if (served[t]!.has(key)) {
          expect(r.verdict, label).not.toBe("not-served");
          continue;
        }
        flagged++;
        expect(r.verdict, label).toBe("not-served");
        const last = served.slice(0, t).map((s) => s.has(key)).lastIndexOf(true);
        const first = served.findIndex((s, i) => i > t && s.has(key));
        expect(r.served, label).toEqual({
          ...(last >= 0 ? { lastServed: VERSIONS[last], removedIn: VERSIONS[last + 1] } : {}),
          ...(first >= 0 ? { firstServed: VERSIONS[first] } : {}),
          ...(r.served?.replacement !== undefined ? { replacement: r.served.replacement } : {}),
        });
        if (replacements.has(key)) expect(r.served?.replacement, label).toBe(replacements.get(key));
      }
    }
    expect(flagged).toBeGreaterThan(VERSIONS.length * 15);
    // SOURCES.md: the beta ValidatingAdmissionPolicy was last in the 1.33 spec, the alpha in 1.31.
    const vap = (apiVersion: string, target: string) =>
      check(target, `apiVersion: ${apiVersion}\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec: {}\n`).then((r) => r.documents[0]!.served);
    expect(await vap("admissionregistration.k8s.io/v1beta1", NEWEST)).toMatchObject({ lastServed: "1.33", removedIn: "1.34", replacement: "admissionregistration.k8s.io/v1" });
    expect(await vap("admissionregistration.k8s.io/v1alpha1", NEWEST)).toMatchObject({ lastServed: "1.31", removedIn: "1.32" });
    // A kind removed before the oldest pinned version, with no replacement.
    expect((await check("1.28", "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n")).documents[0]).toMatchObject({ verdict: "not-served", served: {} });
  });

  it("warns about a deprecated kind without failing the document", async () => {
    const report = await check(NEWEST, "apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\nsubsets: []\n");
    expect(report.documents[0]).toMatchObject({ verdict: "valid" });
    expect(report.documents[0]!.deprecated).toMatch(/deprecated/i);
  });
});

describe("a field removed or made required between two pinned versions", () => {
  it("is found by diff and by check: Pod spec.resourceClaims[].source, removed in 1.31", async () => {
    // The raw specs say so.
    expect(readSpec("1.30").definitions["io.k8s.api.core.v1.PodResourceClaim"]!.properties).toHaveProperty("source");
    expect(readSpec("1.31").definitions["io.k8s.api.core.v1.PodResourceClaim"]!.properties).not.toHaveProperty("source");
    const diff = JSON.parse((await run(["diff", "1.30", "1.31", "--json"])).stdout) as { changed: { apiVersion: string; kind: string; fields: { path: string; change: string }[] }[] };
    expect(diff.changed.find((k) => k.apiVersion === "v1" && k.kind === "Pod")!.fields).toContainEqual(expect.objectContaining({ path: "spec.resourceClaims[].source", change: "removed" }));
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n  resourceClaims: [{name: gpu, source: {resourceClaimName: gpu}}]\n";
    expect((await check("1.30", pod)).documents[0]).toMatchObject({ verdict: "valid", problems: [] });
    expect((await check("1.31", pod)).documents[0]).toMatchObject({ verdict: "invalid", problems: [{ pointer: "/spec/resourceClaims/0/source", message: "unknown field" }] });
  });

  it("is found by diff and by check: ValidatingAdmissionPolicyBinding spec, required in 1.36", async () => {
    const required = (v: string) => readSpec(v).definitions["io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding"]!.required ?? [];
    expect(required("1.35")).not.toContain("spec");
    expect(required("1.36")).toContain("spec");
    const diff = JSON.parse((await run(["diff", "1.35", "1.36", "--json"])).stdout) as { changed: { kind: string; apiVersion: string; fields: { path: string; change: string }[] }[] };
    const binding = diff.changed.find((k) => k.apiVersion === "admissionregistration.k8s.io/v1" && k.kind === "ValidatingAdmissionPolicyBinding")!;
    expect(binding.fields).toContainEqual({ path: "spec", change: "made required" });
    const manifest = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\n";
    expect((await check("1.35", manifest)).documents[0]).toMatchObject({ verdict: "valid" });
    expect((await check("1.36", manifest)).documents[0]).toMatchObject({ verdict: "invalid", problems: [{ pointer: "/spec", message: "missing required field" }] });
  });
});

describe("the rules the types follow", () => {
  it("null on optional fields and map values, numbers for Quantity and IntOrString, kinds embedded in other objects", async () => {
    const ok = await check(
      NEWEST,
      [
        "apiVersion: apps/v1",
        "kind: StatefulSet",
        "metadata: {name: s, creationTimestamp: null, labels: {a: null}}",
        "spec:",
        "  selector: {matchLabels: {app: s}}",
        "  template:",
        "    metadata: {labels: {app: s}}",
        "    spec: {containers: [{name: c, image: i, resources: {limits: {cpu: 0.5}}, ports: [{containerPort: 80}], readinessProbe: {httpGet: {port: 8080}}}]}",
        "  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce]}}]",
      ].join("\n"),
    );
    expect(ok.documents[0]!.problems).toEqual([]);
    const bad = await check(NEWEST, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\nbinaryData: null\nextra: true\n");
    expect(bad.documents[0]!.problems).toEqual([
      { pointer: "/data/a", message: "expected a string, found the number 1" },
      { pointer: "/extra", message: "unknown field" },
    ]);
    const missing = await check(NEWEST, "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: x}]}\n");
    expect(missing.documents[0]!.problems).toEqual([
      { pointer: "/metadata", message: "missing required field" },
      { pointer: "/spec/containers/0/name", message: "missing required field" },
    ]);
  });

  it("expands kubectl Lists: each item is a document of its own, with pointers into the List", async () => {
    const report = await check(NEWEST, "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}, spec: {oops: 1}}\n");
    expect(report.documents.map((d) => [d.item, d.verdict, d.problems])).toEqual([
      [0, "valid", []],
      [1, "invalid", [{ pointer: "/items/1/spec/oops", message: "unknown field" }]],
    ]);
  });
});

describe("the command", () => {
  it("reads standard input with -, exits 0 when every document is served and valid and 1 otherwise, and prints JSON with --json", async () => {
    const good = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n";
    const pass = await run(["check", "--kubernetes", NEWEST, "-"], good);
    expect(pass.stderr).toBe("");
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain("<stdin>#1 (cert-manager.io/v1 Certificate \"c\"): not checked");
    expect(pass.stdout.trim().split("\n").pop()).toBe(`Kubernetes ${NEWEST}: 2 documents: 1 valid, 0 invalid, 0 not served, 1 not checked; 0 deprecated`);
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, "apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: d}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: 7}\n");
    const fail = await run(["check", "--kubernetes", NEWEST, "--json", file]);
    expect(fail.code).toBe(1);
    const report = JSON.parse(fail.stdout) as CheckReport;
    expect(report.summary).toEqual({ documents: 2, valid: 0, invalid: 1, notServed: 1, notChecked: 0, deprecated: 0 });
    expect(report.documents[0]).toMatchObject({ file, index: 0, verdict: "not-served", served: { replacement: "apps/v1" } });
    expect(report.documents[1]!.problems).toEqual([{ pointer: "/metadata/name", message: "expected a string, found the number 7" }]);
    const text = await run(["check", "--kubernetes", NEWEST, file]);
    expect(text.stdout).toContain(`${file}#0 (extensions/v1beta1 DaemonSet "d"): error: not served by Kubernetes ${NEWEST} (served by no pinned version); use apps/v1 DaemonSet`);
  });
});

describe("hostile and malformed manifests", () => {
  const cases: [string, string, RegExp][] = [
    ["billion-laughs.yaml", `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`, /billion-laughs\.yaml: YAML document 0: Excessive alias count/],
    ["broken.yaml", "apiVersion: v1\nkind: [unclosed\n", /broken\.yaml:\d+:\d+: YAML document 0: /],
    ["duplicate.yaml", "apiVersion: v1\napiVersion: v2\n", /duplicate\.yaml:2:1: YAML document 0: Map keys must be unique/],
    ["deep.json", `${"[".repeat(50000)}${"]".repeat(50000)}`, /deep\.json:1:\d+: YAML document 0: /],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: a clear error naming the file, exit 1, no report`, async () => {
      const file = join(tmp, name);
      writeFileSync(file, text);
      const result = await run(["check", "--kubernetes", NEWEST, file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }

  it("odd documents are invalid documents, never a crash", async () => {
    const report = await check(
      NEWEST,
      [
        "just a string",
        "[1, 2]",
        "kind: Pod",
        "apiVersion: 1\nkind: Pod",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: !!binary aGVsbG8=",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, __proto__: {polluted: true}}",
        `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {group: g, names: {kind: K, plural: ks}, scope: Namespaced, versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: ${"{properties: {a: ".repeat(400)}{type: string}${"}}".repeat(400)}}}]}`,
      ].join("\n---\n"),
    );
    expect(report.documents.map((d) => [d.verdict, d.problems[0]?.pointer, d.problems[0]?.message])).toEqual([
      ["invalid", "", "a manifest is an object with apiVersion and kind"],
      ["invalid", "", "a manifest is an object with apiVersion and kind"],
      ["invalid", "", "a manifest needs apiVersion and kind (strings)"],
      ["invalid", "", "a manifest needs apiVersion and kind (strings)"],
      ["invalid", "/data", "expected an object, found binary data"],
      ["invalid", "/metadata/__proto__", "unknown field"],
      ["invalid", expect.stringMatching(/^\/spec\/versions\/0\/schema\/openAPIV3Schema(\/properties\/a)+$/), "nested deeper than 256 levels"],
    ]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("an unknown Kubernetes version, a missing file and an empty input are clear errors", async () => {
    await expect(makeChecker({ kubernetes: "1.99" })).rejects.toThrow(GeneratorError);
    await expect(readInputs([join(tmp, "nothing-here.yaml")])).rejects.toThrow(/cannot read: ENOENT/);
    const unknown = await run(["check", "--kubernetes", "1.99", "-"], "");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Kubernetes 1\.99 is not pinned; pinned: 1\.28/);
    const empty = await run(["check", "--kubernetes", NEWEST, "-"], "");
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("0 documents");
  });
});
