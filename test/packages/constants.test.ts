// The constants of every resource kind of every version, checked against the paths of that
// version's spec (read independently of the generator), and the runtime values against
// resources.json.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { TEST_PACKAGES, VERSIONS, readResources, readSpec, type ResourceEntry } from "../helpers.js";
import { servedFor, servedOperations, taggedKinds } from "../support/served.js";

const require = createRequire(import.meta.url);
const METHOD_OF_VERB: Record<string, string> = {
  get: "get", list: "get", watch: "get", create: "post", update: "put", patch: "patch", delete: "delete", deletecollection: "delete",
};

/** The kinds no operation is tagged with, and their placement, as the README documents them. */
const UNTAGGED: Record<string, string> = {
  APIGroup: '"" cluster', APIGroupList: '"" cluster', APIResourceList: '"" cluster', APIVersions: '"" cluster', Status: '"status" subresource',
};

function prefixOf(r: { group: string; version: string }): string {
  return r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
}

/** The paths a verb of a kind must be served at, by scope. */
function expectedPaths(r: ResourceEntry, verb: string): string[] {
  const prefix = prefixOf(r);
  const ns = r.scope === "namespaced" ? "/namespaces/{namespace}" : "";
  const collection = `${prefix}${ns}/${r.urlPathSegment}`;
  const item = `${collection}/{name}`;
  const onItem = ["get", "update", "patch", "delete"].includes(verb);
  return [onItem ? item : collection];
}

/** Content type → patch type name, as the client names them (read from the spec, not from the generator). */
const PATCH_TYPE_OF: [string, string][] = [
  ["application/json-patch+json", "json"],
  ["application/merge-patch+json", "merge"],
  ["application/strategic-merge-patch+json", "strategic"],
  ["application/apply-patch+yaml", "apply"],
];

/** The patch types the PATCH operation at `path` consumes, in the client's order. */
function consumedPatchTypes(spec: SwaggerDocument, path: string): string[] | undefined {
  const op = (spec.paths[path] as Record<string, { consumes?: string[] } | undefined> | undefined)?.["patch"];
  if (!op) return undefined;
  return PATCH_TYPE_OF.filter(([type]) => op.consumes?.includes(type)).map(([, name]) => name);
}

function hasOperation(spec: SwaggerDocument, path: string, method: string): boolean {
  return Boolean((spec.paths[path] as Record<string, unknown> | undefined)?.[method]);
}

describe.each(VERSIONS)("Kubernetes %s", (version) => {
  const spec = readSpec(version);
  const resources = readResources(version);

  const ops = servedOperations(spec);
  const tagged = taggedKinds(ops);

  it("has a resource entry for every kind the paths serve, and no other but the kinds no operation is tagged with", () => {
    const ours = new Set(resources.map((r) => `${r.group}/${r.version}/${r.kind}`));
    expect([...tagged.keys()].filter((k) => !ours.has(k))).toEqual([]);
    // The rest are the discovery documents and Status (generator/special-cases.ts), as the README lists them.
    expect(resources.filter((r) => !tagged.has(`${r.group}/${r.version}/${r.kind}`)).map((r) => `${r.apiVersion} ${r.kind} "${r.urlPathSegment}" ${r.scope}`).sort()).toEqual(
      Object.entries(UNTAGGED).map(([kind, placement]) => `v1 ${kind} ${placement}`).sort(),
    );
  });

  it("gives each kind exactly the segment, scope, verbs and subresources the operations tagged with its GVK serve (never a plural derived from the kind's name)", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of resources) {
      const gvk = tagged.get(`${r.group}/${r.version}/${r.kind}`);
      if (!gvk) continue; // the untagged kinds: checked above
      const served = servedFor(spec, ops, gvk);
      if (typeof served === "string") {
        wrong.push(`${r.apiVersion} ${r.kind}: ${served}`);
        continue;
      }
      checked++;
      const actual = {
        segment: r.urlPathSegment,
        scope: r.scope,
        verbs: [...r.verbs].sort(),
        subresources: r.subresources.map((sub) => ({ name: sub.name, verbs: [...sub.verbs].sort() })),
      };
      const expected = { segment: served.segment, scope: served.scope, verbs: served.verbs, subresources: served.subresources };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) wrong.push(`${r.apiVersion} ${r.kind}: constants ${JSON.stringify(actual)}, the spec serves ${JSON.stringify(expected)}`);
    }
    expect(wrong).toEqual([]);
    // Every resource kind but the five untagged ones.
    expect(checked).toBe(resources.length - Object.keys(UNTAGGED).length);
  });

  it("serves every verb of every kind at the path its constants give", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const r of resources) {
      if (r.scope === "subresource") {
        // Served below other kinds, in any group (Scale: …/deployments/{name}/scale under apps/v1).
        const paths = Object.keys(spec.paths).filter((p) => p.endsWith(`/{name}/${r.urlPathSegment}`));
        if (r.urlPathSegment !== "status") expect(paths.length, `${r.apiVersion} ${r.kind}`).toBeGreaterThan(0);
        for (const verb of r.verbs) {
          checked++;
          if (!paths.some((p) => hasOperation(spec, p, METHOD_OF_VERB[verb]!))) missing.push(`${r.kind} ${verb}`);
        }
        continue;
      }
      for (const verb of r.verbs) {
        checked++;
        const [path] = expectedPaths(r, verb);
        if (!hasOperation(spec, path!, METHOD_OF_VERB[verb]!)) missing.push(`${r.apiVersion} ${r.kind} ${verb}: ${METHOD_OF_VERB[verb]} ${path}`);
      }
      for (const sub of r.subresources) {
        const path = `${expectedPaths(r, "get")[0]}/${sub.name}`;
        const served = Object.keys(spec.paths).some((p) => p === path || p.startsWith(`${path}/`));
        if (!served) missing.push(`${r.kind} subresource ${sub.name}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it("gives every kind with the patch verb the PATCH_TYPES its PATCH operation consumes", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of resources) {
      if (!r.verbs.includes("patch")) {
        if (r.patchTypes.length !== 0) wrong.push(`${r.apiVersion} ${r.kind}: no patch verb, patchTypes ${r.patchTypes.join(",")}`);
        continue;
      }
      if (r.scope === "subresource") continue; // served under several parents (Scale): checked through them
      checked++;
      const path = expectedPaths(r, "patch")[0]!;
      const consumed = consumedPatchTypes(spec, path);
      if (JSON.stringify(consumed) !== JSON.stringify(r.patchTypes)) wrong.push(`${r.apiVersion} ${r.kind}: PATCH ${path} consumes ${consumed?.join(",")}, patchTypes ${r.patchTypes.join(",")}`);
      // Built-in kinds accept all four.
      if (r.patchTypes.join() !== "json,merge,strategic,apply") wrong.push(`${r.apiVersion} ${r.kind}: ${r.patchTypes.join(",")}`);
      for (const sub of r.subresources) {
        const subPath = `${expectedPaths(r, "get")[0]}/${sub.name}`;
        const subConsumed = sub.verbs.includes("patch") ? consumedPatchTypes(spec, subPath) : [];
        if (JSON.stringify(subConsumed) !== JSON.stringify(sub.patchTypes)) wrong.push(`${r.kind}/${sub.name}: PATCH ${subPath} consumes ${subConsumed?.join(",")}, patchTypes ${sub.patchTypes.join(",")}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it("ships the same constants in resources.json, the CommonJS and the ES module runtime", async () => {
    for (const r of resources) {
      const dir = join(TEST_PACKAGES, `v${version}`, r.importPath);
      const cjs = (require(join(dir, "index.js")) as Record<string, Record<string, unknown>>)[r.exportName]!;
      const esm = ((await import(pathToFileURL(join(dir, "index.mjs")).href)) as Record<string, Record<string, unknown>>)[r.exportName]!;
      for (const runtime of [cjs, esm]) {
        expect({
          apiVersion: runtime.API_VERSION, group: runtime.GROUP, kind: runtime.KIND, version: runtime.VERSION,
          urlPathSegment: runtime.URL_PATH_SEGMENT, scope: runtime.SCOPE, listKind: runtime.LIST_KIND ?? null,
          verbs: runtime.VERBS, patchTypes: runtime.PATCH_TYPES, subresources: runtime.SUBRESOURCES,
        }).toEqual({
          apiVersion: r.apiVersion, group: r.group, kind: r.kind, version: r.version, urlPathSegment: r.urlPathSegment,
          scope: r.scope, listKind: r.listKind, verbs: r.verbs, patchTypes: r.patchTypes, subresources: r.subresources.map((s) => s.name),
        });
        expect(Object.isFrozen(runtime)).toBe(true);
        expect(Object.isFrozen(runtime.PATCH_TYPES)).toBe(true);
        if ("metadata" in runtime) expect((runtime.metadata as (o: unknown) => unknown)({ metadata: { name: "x" } })).toEqual({ name: "x" });
      }
    }
  });
});

describe("pinned cases (as k8s-openapi's resource tests pin them)", () => {
  const find = (version: string, apiVersion: string, kind: string) => readResources(version).find((r) => r.apiVersion === apiVersion && r.kind === kind);
  it.each(VERSIONS)("%s", (version) => {
    const at = (apiVersion: string, kind: string) => {
      const r = find(version, apiVersion, kind);
      return r && `${r.urlPathSegment} ${r.scope}${r.listKind ? ` ${r.listKind}` : ""}`;
    };
    expect(at("v1", "Pod")).toBe("pods namespaced PodList");
    expect(at("v1", "Namespace")).toBe("namespaces cluster NamespaceList");
    expect(at("v1", "Binding")).toBe("bindings namespaced");
    expect(at("v1", "Event")).toBe("events namespaced EventList");
    expect(at("events.k8s.io/v1", "Event")).toBe("events namespaced EventList");
    expect(find(version, "v1", "Event")!.importPath).toBe("core/v1");
    expect(find(version, "events.k8s.io/v1", "Event")!.importPath).toBe("events/v1");
    expect(at("autoscaling/v1", "Scale")).toBe("scale subresource");
    expect(at("policy/v1", "Eviction")).toBe("eviction subresource");
    expect(at("authentication.k8s.io/v1", "TokenRequest")).toBe("token subresource");
    expect(at("authentication.k8s.io/v1", "TokenReview")).toBe("tokenreviews cluster");
    expect(at("authorization.k8s.io/v1", "LocalSubjectAccessReview")).toBe("localsubjectaccessreviews namespaced");
    expect(at("authorization.k8s.io/v1", "SubjectAccessReview")).toBe("subjectaccessreviews cluster");
    expect(at("v1", "Status")).toBe("status subresource");
    expect(at("v1", "APIGroup")).toBe(" cluster");
    expect(at("v1", "ComponentStatus")).toBe("componentstatuses cluster ComponentStatusList");
    expect(at("apps/v1", "Deployment")).toBe("deployments namespaced DeploymentList");
    const scale = find(version, "apps/v1", "Deployment")!.subresources.find((s) => s.name === "scale");
    expect(scale).toEqual({ name: "scale", verbs: ["get", "update", "patch"], patchTypes: ["json", "merge", "strategic", "apply"], kind: { apiVersion: "autoscaling/v1", kind: "Scale" } });
    expect(find(version, "v1", "Pod")!.patchTypes).toEqual(["json", "merge", "strategic", "apply"]);
    expect(find(version, "authentication.k8s.io/v1", "TokenReview")!.patchTypes).toEqual([]);
    expect(find(version, "v1", "Pod")!.subresources.map((s) => s.name)).toEqual(expect.arrayContaining(["status", "log", "exec", "eviction", "binding"]));
    expect(find(version, "v1", "Pod")!.verbs).toEqual(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]);
    expect(find(version, "authentication.k8s.io/v1", "TokenReview")!.verbs).toEqual(["create"]);
  });
});
