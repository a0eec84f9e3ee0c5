// 4b. CRDs installed for real: every CRD of the corpus goes into a live 1.36 server, and the
// package generated from its /openapi/v2 is compared with the `crd` command's package from the
// same manifests. Kinds and constants are equal; types differ exactly where the server's
// rewrite of CRD schemas for OpenAPI v2 (generator/crd/openapi-v2-view.ts) loses information,
// and the published definitions are that rewrite of the manifests' schemas, but for the
// server's own additions named below (docs/real-apiserver.md).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildCrdDocument } from "../../generator/crd/generate-crd.js";
import { openApiV2View, v2Schema } from "../../generator/crd/openapi-v2-view.js";
import { DEPRECATION_NOTE_EXTENSION } from "../../generator/special-cases.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import type { ResourceEntry } from "../helpers.js";
import { corpusCrdFolders } from "../crd/corpus-check.js";
import { installCrds, readCrds, type CrdObject } from "./crd-install.js";
import { startApiServer, type LiveServer } from "./harness.js";
import { cli, compareMaps, describeWithApiServer, kindKey, readResourcesOf, typeDeclarations } from "./support.js";

const MINOR = "1.36";

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What the server puts into a published CRD definition that no manifest says, each named with
 * why; none changes a type. Applied to the live definitions before comparing.
 */
export const SERVER_ADDITIONS: { name: string; why: string; apply(definition: Node): Node }[] = [
  {
    name: "x-kubernetes-selectable-fields",
    why: "the server lists the fields a field selector may use (a CRD's spec.versions[].selectableFields)",
    apply: ({ "x-kubernetes-selectable-fields": _, ...rest }) => rest,
  },
];

/**
 * What the `crd` command says that /openapi/v2 does not publish, each named with why. Applied to
 * the definitions predicted from the manifests.
 */
export const NOT_PUBLISHED: { name: string; why: string; apply(definition: Node): Node }[] = [
  {
    name: "deprecated CRD versions",
    why: "a CRD version's deprecated/deprecationWarning reach clients as a warning header, not in /openapi/v2: a package from a cluster has no @deprecated for it",
    apply: (definition) => {
      // crd-to-swagger.ts writes the note into DEPRECATION_NOTE_EXTENSION and as the description's first paragraph.
      const { [DEPRECATION_NOTE_EXTENSION]: note, description, ...others } = definition;
      if (typeof note !== "string") return definition;
      const rest = typeof description === "string" ? description.replace(/^Deprecated: [^\n]*(\n\n|$)/, "") : "";
      return rest ? { ...others, description: rest } : others;
    },
  },
];

/** JSON with object keys sorted: the server writes x-kubernetes-group-version-kind's keys in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isNode(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  return JSON.stringify(value);
}

const applyAll = (rules: { apply(definition: Node): Node }[], definition: unknown): Node => rules.reduce((node, rule) => rule.apply(node), definition as Node);

/**
 * A declaration of the `crd` package with its imports' aliases as the cluster package spells
 * them: the CRD package imports the Kubernetes package's modules as `meta_v1_` (a trailing `_`
 * keeps them apart from its own modules), the cluster package as `meta_v1`.
 */
const withLocalAliases = (text: string) => text.replace(/\b([a-z][a-z0-9]*_[a-z0-9]+)_\./g, "$1.");

/** `<module>.<Kind>` of the declaration a CRD definition `<reversed group>.<version>.<Kind>` becomes. */
function declarationKey(definition: string, crds: CrdObject[]): string {
  for (const crd of crds) {
    const group = crd.spec.group.split(".").reverse().join(".");
    for (const version of crd.spec.versions) {
      for (const kind of [crd.spec.names.kind, crd.spec.names.listKind ?? `${crd.spec.names.kind}List`]) {
        if (definition === `${group}.${version.name}.${kind}`) return `${crd.spec.group}/${version.name}.${kind}`;
      }
    }
  }
  throw new Error(`no corpus CRD declares ${definition}`);
}

describeWithApiServer(MINOR, `Kubernetes ${MINOR}: the corpus CRDs installed into a live server`, () => {
  let server: LiveServer;
  let work: string;
  let crds: CrdObject[];
  /** Served versions over all CRDs: one kind each. */
  let servedVersions: number;
  let live: SwaggerDocument;
  let fromManifests: SwaggerDocument;
  let livePackage: string;
  let crdPackage: string;

  beforeAll(async () => {
    server = startApiServer(MINOR);
    work = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-crds-live-"));
    crds = await readCrds(corpusCrdFolders());
    servedVersions = crds.flatMap((c) => c.spec.versions.filter((v) => v.served)).length;
    live = await installCrds(server, crds);
    fromManifests = (await buildCrdDocument(corpusCrdFolders())).document;
    livePackage = join(work, "live");
    crdPackage = join(work, "crd");
    cli(["generate", "--from-cluster", "--kubeconfig", server.kubeconfig, "--out", livePackage, "--name", `@k8s-openapi-ts/k8s-${MINOR}`, "--kubernetes", MINOR]);
    cli(["crd", ...corpusCrdFolders(), "--out", crdPackage, "--name", "@corpus/crds", "--kubernetes", MINOR]);
  }, 600_000);
  afterAll(() => {
    server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("publishes each CRD definition as the server's v2 rewrite of the manifest's schema", () => {
    const predicted = openApiV2View(fromManifests).definitions;
    const names = Object.keys(predicted).sort();
    // A kind and a list for each served version of each CRD.
    expect(names).toHaveLength(2 * servedVersions);
    const same = (name: string, server = SERVER_ADDITIONS, ours = NOT_PUBLISHED) => canonical(applyAll(server, live.definitions[name])) === canonical(applyAll(ours, predicted[name]));
    expect(names.filter((name) => !same(name))).toEqual([]);
    // Each named difference is real: without it, some published definition would not match.
    for (const rule of SERVER_ADDITIONS) {
      expect(names.filter((name) => !same(name, SERVER_ADDITIONS.filter((r) => r !== rule))).length, `server addition "${rule.name}"`).toBeGreaterThan(0);
    }
    for (const rule of NOT_PUBLISHED) {
      expect(names.filter((name) => !same(name, SERVER_ADDITIONS, NOT_PUBLISHED.filter((r) => r !== rule))).length, `not published: "${rule.name}"`).toBeGreaterThan(0);
    }
  });

  it("gives every custom kind the same constants from the cluster and from the manifests, but deprecation", () => {
    const fromCrd = new Map(readResourcesOf(crdPackage).map((r) => [kindKey(r), r]));
    const groups = new Set(crds.map((c) => c.spec.group));
    const fromCluster = new Map(
      readResourcesOf(livePackage)
        .filter((r) => groups.has(r.apiVersion.split("/")[0]!))
        .map((r) => [kindKey(r), r]),
    );
    expect(fromCrd.size).toBe(servedVersions);
    // NOT_PUBLISHED: a deprecated CRD version is deprecated in the crd package only.
    const deprecatedVersions = new Set(crds.flatMap((c) => c.spec.versions.filter((v) => v.served && v.deprecated).map((v) => `${c.spec.group}/${v.name} ${c.spec.names.kind}`)));
    expect(deprecatedVersions.size).toBeGreaterThan(0);
    for (const key of deprecatedVersions) {
      expect(fromCrd.get(key)?.deprecated, key).toMatch(/^Deprecated: /);
      expect(fromCluster.get(key)?.deprecated, key).toBeNull();
    }
    const withoutDeprecation = ({ deprecated: _, ...rest }: ResourceEntry) => JSON.stringify(rest);
    const { onlyA, onlyB, differ } = compareMaps(fromCrd, fromCluster, (a, b) => withoutDeprecation(a) === withoutDeprecation(b));
    expect({ onlyManifests: onlyA, onlyCluster: onlyB, differ }).toEqual({ onlyManifests: [], onlyCluster: [], differ: [] });
    const deprecationDiffers = [...fromCrd.keys()].filter((key) => fromCrd.get(key)?.deprecated !== fromCluster.get(key)?.deprecated).sort();
    expect(deprecationDiffers).toEqual([...deprecatedVersions].sort());
  });

  it("declares different types exactly for the kinds whose schema the v2 rewrite changes", () => {
    const rewritten = new Set(
      Object.entries(fromManifests.definitions)
        .filter(([, schema]) => canonical(v2Schema(schema)) !== canonical(schema))
        .map(([name]) => declarationKey(name, crds)),
    );
    const fromCrd = typeDeclarations(crdPackage);
    const clusterTypes = typeDeclarations(livePackage);
    const customKeys = [...new Set([...fromCrd.keys()].filter((key) => key.includes("/") && !key.startsWith("stable")))].sort();
    const typeDiffers = customKeys.filter((key) => clusterTypes.get(key) !== withLocalAliases(fromCrd.get(key)!));
    console.log(`CRD kinds: ${customKeys.length} declarations; the v2 rewrite changes the schema of ${rewritten.size}, and the type of ${typeDiffers.length}: ${typeDiffers.join(", ")}`);
    expect(customKeys.every((key) => clusterTypes.has(key))).toBe(true);
    expect(typeDiffers.filter((key) => !rewritten.has(key))).toEqual([]);
    expect(typeDiffers.length).toBeGreaterThan(0);
  });
});
