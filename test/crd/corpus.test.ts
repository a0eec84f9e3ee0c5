// Every CRD of the shared corpus generates into one package, and every custom-resource
// instance of the corpus gets the verdict SOURCES.md predicts: it type-checks against the
// generated type (strict, excess property checks), or fails exactly at a listed deviation.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { generateCrdPackage, type CrdPackageResult } from "../../generator/crd/generate-crd.js";
import { writePackages } from "../../generator/write/write-output.js";
import { TEST_PACKAGES } from "../helpers.js";
import { CORPUS, corpusCrdFolders, knownMismatches, literalWithPaths, readInstances, runTsc, yamlFiles, type Instance } from "./corpus-check.js";

const K8S = "@k8s-openapi-ts/k8s-1.36";
const NAME = "@corpus/crds";
let dir: string;
let result: CrdPackageResult;
let seconds: number;

interface Entry {
  apiVersion: string;
  kind: string;
  importPath: string;
  exportName: string;
  urlPathSegment: string;
  scope: string;
  listKind: string | null;
  patchTypes: string[];
  subresources: { name: string; verbs: string[]; patchTypes: string[]; kind?: { apiVersion: string; kind: string } }[];
  deprecated: string | null;
}
const resources = (pkg: string): Entry[] => JSON.parse(readFileSync(join(dir, "node_modules", pkg, "resources.json"), "utf8")) as Entry[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-crd-corpus-"));
  const started = performance.now();
  result = await generateCrdPackage({ inputs: corpusCrdFolders(), name: NAME, kubernetes: "1.36" });
  seconds = (performance.now() - started) / 1000;
  await writePackages(join(dir, "node_modules/@corpus"), new Map([["crds", result.files]]));
  mkdirSync(join(dir, "node_modules/@k8s-openapi-ts"), { recursive: true });
  symlinkSync(join(TEST_PACKAGES, "v1.36"), join(dir, "node_modules", K8S), "dir");
  console.log(`CRD corpus: ${result.crds.length} CRDs, ${result.model.resources.length} kinds, ${result.files.size} files in ${seconds.toFixed(1)} s`);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * The CRDs of the corpus as plain data, read independently of the generator. The schemas
 * (the block under `openAPIV3Schema:`) are left out: they are megabytes, and the generator
 * is what reads them.
 */
function corpusCrds() {
  return corpusCrdFolders()
    .flatMap(yamlFiles)
    .flatMap((file) => {
      let inSchema = false;
      const head = readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => {
          if (inSchema && (/^ {8}/.test(line) || line.trim() === "")) return false;
          inSchema = /^ {6}openAPIV3Schema:\s*$/.test(line);
          return true;
        })
        .join("\n");
      return parseAllDocuments(head).map((d) => d.toJS() as Record<string, any>);
    })
    .filter((d) => d?.kind === "CustomResourceDefinition");
}

describe("the CRD corpus", () => {
  it("generates every CRD, one kind per served version, with the constants of the CRD", () => {
    const crds = corpusCrds();
    expect(crds).toHaveLength(34);
    expect(result.crds.map((c) => c.name).sort()).toEqual(crds.map((c) => c.metadata.name).sort());
    const entries = resources(NAME);
    const expected = crds.flatMap((crd) =>
      (crd.spec.versions as any[])
        .filter((v) => v.served)
        .map((v) => ({
          apiVersion: `${crd.spec.group}/${v.name}`,
          kind: crd.spec.names.kind,
          importPath: `${crd.spec.group}/${v.name}`,
          urlPathSegment: crd.spec.names.plural,
          scope: crd.spec.scope === "Namespaced" ? "namespaced" : "cluster",
          listKind: crd.spec.names.listKind ?? `${crd.spec.names.kind}List`,
          subresources: Object.keys(v.subresources ?? {}).sort(),
          deprecated: Boolean(v.deprecated),
        })),
    );
    expect(expected).toHaveLength(58);
    const actual = entries.map((e) => ({
      apiVersion: e.apiVersion,
      kind: e.kind,
      importPath: e.importPath,
      urlPathSegment: e.urlPathSegment,
      scope: e.scope,
      listKind: e.listKind,
      subresources: e.subresources.map((s) => s.name),
      deprecated: e.deprecated !== null,
    }));
    const key = (e: { apiVersion: string; kind: string }) => `${e.apiVersion} ${e.kind}`;
    expect(actual.sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(expected.sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    // Prometheus's scale subresource carries autoscaling/v1 Scale.
    const prometheus = entries.find((e) => e.kind === "Prometheus")!;
    expect(prometheus.subresources).toEqual([
      { name: "scale", verbs: ["get", "update", "patch"], patchTypes: ["json", "merge", "apply"], kind: { apiVersion: "autoscaling/v1", kind: "Scale" } },
      { name: "status", verbs: ["get", "update", "patch"], patchTypes: ["json", "merge", "apply"] },
    ]);
    // Custom resources accept no strategic merge patch.
    expect(entries.filter((e) => e.patchTypes.join() !== "json,merge,apply").map((e) => `${e.apiVersion} ${e.kind}`)).toEqual([]);
    // The unserved versions are skipped, and said.
    expect(result.notes.filter((n) => n.includes("not served"))).toEqual([
      expect.stringContaining("external-secrets.io/v1beta1 ExternalSecret skipped"),
      expect.stringContaining("snapshot.storage.k8s.io/v1beta1 VolumeSnapshot skipped"),
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("takes ObjectMeta, ListMeta, Scale and the List helper from the Kubernetes package, a dependency", () => {
    const pkg = JSON.parse(result.files.get("package.json")!) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toEqual({ [K8S]: "1.36.100" });
    const dts = result.files.get("cert-manager.io/v1/index.d.ts")!;
    expect(dts).toContain(`import type * as meta_v1_ from "${K8S}/meta/v1";`);
    expect(dts).toContain("metadata: meta_v1_.ObjectMeta;");
    expect(dts).toMatch(/export type CertificateList = meta_v1_\.List<\s*Certificate,\s*"CertificateList"\s*>;/);
    expect([...result.files.keys()].filter((f) => f.startsWith("meta/") || f.startsWith("autoscaling/"))).toEqual([]);
  });

  it("gives every instance of crds/examples/ its verdict: type-checks, or fails exactly at a deviation of SOURCES.md", async () => {
    const instances = readInstances();
    const known = knownMismatches();
    const types = [...resources(NAME).map((e) => ({ ...e, pkg: NAME })), ...resources(K8S).map((e) => ({ ...e, pkg: K8S }))];
    mkdirSync(join(dir, "checks"), { recursive: true });
    const untyped: Instance[] = [];
    const files = new Map<string, { instance: Instance; paths: string[] }>();
    instances.forEach((instance, i) => {
      const type = types.find((t) => t.apiVersion === instance.apiVersion && t.kind === instance.kind);
      if (!type) {
        untyped.push(instance);
        return;
      }
      const paths = ["", ""];
      const text = `import type { ${type.exportName} } from "${type.pkg}/${type.importPath}";\n// ${instance.file} #${instance.index}\n${literalWithPaths(instance.value, `export const x: ${type.exportName} = `, paths)}\n`;
      writeFileSync(join(dir, "checks", `i${i}.ts`), text);
      files.set(`checks/i${i}.ts`, { instance, paths });
    });
    // Negative controls in the same run: the check must see a wrong value and a missing field.
    const controls = {
      "checks/control-type.ts": `import type { Certificate } from "${NAME}/cert-manager.io/v1";\nexport const x: Certificate = { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: {}, spec: { secretName: 5, issuerRef: { name: "a" } } };\n`,
      "checks/control-required.ts": `import type { Certificate } from "${NAME}/cert-manager.io/v1";\nexport const x: Certificate = { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: {}, spec: { secretName: "s" } };\n`,
    };
    for (const [file, text] of Object.entries(controls)) writeFileSync(join(dir, file), text);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [] }, include: ["checks/*.ts"] }),
    );

    const started = performance.now();
    const { diagnostics, output } = await runTsc(dir);
    const tscSeconds = (performance.now() - started) / 1000;

    const found = new Set<string>();
    const unexpected: string[] = [];
    for (const d of diagnostics) {
      const rel = relative(dir, join(dir, d.file)).replace(/\\/g, "/");
      if (rel in controls) {
        found.add(`${rel} ${d.code}`);
        continue;
      }
      const check = files.get(rel);
      if (!check) {
        unexpected.push(`${d.file}(${d.line},${d.column}) ${d.code} ${d.message}`);
        continue;
      }
      const path = check.paths[d.line - 1];
      const expected = known.find((k) => k.file === check.instance.file && k.index === check.instance.index && k.path === path && k.what === "unknown field");
      if (expected && d.code === "TS2353" && d.message.includes(`'"${path!.split(".").pop()}"'`)) found.add(`${check.instance.file} #${check.instance.index} ${path}`);
      else unexpected.push(`${check.instance.file} #${check.instance.index} at ${path}: ${d.code} ${d.message.slice(0, 300)}`);
    }
    expect(unexpected, output.slice(0, 4000)).toEqual([]);
    expect([...found].filter((f) => f.startsWith("checks/")).sort()).toEqual(["checks/control-required.ts TS2741", "checks/control-type.ts TS2322"]);
    const expectedUnknown = known.filter((k) => k.what === "unknown field").map((k) => `${k.file} #${k.index} ${k.path}`);
    expect([...found].filter((f) => !f.startsWith("checks/")).sort()).toEqual(expectedUnknown.sort());
    expect(untyped.map((u) => `${u.file} #${u.index} ${u.apiVersion} ${u.kind}`)).toEqual(
      known.filter((k) => k.what === "not served").map((k) => `${k.file} #${k.index} external-secrets.io/v1beta1 ExternalSecret`),
    );

    const failing = new Set([...found].filter((f) => !f.startsWith("checks/")).map((f) => f.split(" ").slice(0, 2).join(" ")));
    const verdicts = { documents: instances.length, typeChecks: files.size - failing.size, failsAtListedDeviation: failing.size, versionNotServed: untyped.length };
    console.log(`CRD corpus verdicts: ${JSON.stringify(verdicts)} (one tsc run, ${tscSeconds.toFixed(1)} s)`);
    expect(verdicts).toEqual({ documents: 303, typeChecks: 294, failsAtListedDeviation: 8, versionNotServed: 1 });
    expect(readFileSync(join(CORPUS, "SOURCES.md"), "utf8")).toContain("Known mismatches against the corpus CRDs");
  });
});
