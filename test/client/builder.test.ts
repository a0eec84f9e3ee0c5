// The request builder's exact output for representative kinds (the spec-path test checks
// all of them structurally; this pins the shapes).
import { describe, expect, it } from "vitest";
import {
  allNamespaces,
  cluster,
  namespaced,
  requestUrl,
  UnsupportedRequestError,
  type ClusterDescriptor,
  type KubeObject,
  type NamespacedDescriptor,
  type ObjectMetaLike,
  type SubresourceDescriptor,
} from "../../client/src/index.js";

interface Thing extends KubeObject {
  apiVersion: "example.com/v1";
  kind: "Thing";
  metadata: ObjectMetaLike;
  spec?: { size?: number };
}
const Thing: NamespacedDescriptor<Thing> = {
  API_VERSION: "example.com/v1",
  GROUP: "example.com",
  VERSION: "v1",
  KIND: "Thing",
  URL_PATH_SEGMENT: "things",
  SCOPE: "namespaced",
  LIST_KIND: "ThingList",
  VERBS: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"],
  SUBRESOURCES: ["status", "scale"],
  metadata: (object: Thing) => object.metadata,
};
interface Node extends KubeObject {
  apiVersion: "v1";
  kind: "Node";
  metadata: ObjectMetaLike;
}
const Node: ClusterDescriptor<Node> = { API_VERSION: "v1", GROUP: "", VERSION: "v1", KIND: "Node", URL_PATH_SEGMENT: "nodes", SCOPE: "cluster", LIST_KIND: "NodeList", VERBS: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"], SUBRESOURCES: ["status"], metadata: (o: Node) => o.metadata };
const Eviction: SubresourceDescriptor<Node> = { ...Node, KIND: "Eviction", URL_PATH_SEGMENT: "eviction", SCOPE: "subresource", VERBS: [], SUBRESOURCES: [] };
const thing = (name: string): Thing => ({ apiVersion: "example.com/v1", kind: "Thing", metadata: { name } });

describe("request builder", () => {
  const things = namespaced(Thing, "team a");

  it("get / list / watch", () => {
    expect(things.get("x/y")).toEqual({ method: "GET", path: "/apis/example.com/v1/namespaces/team%20a/things/x%2Fy", query: {}, headers: { Accept: "application/json" }, response: "object" });
    const list = things.list({ labelSelector: "app in (a,b),!canary", fieldSelector: "status.phase!=Running", limit: 50, continue: "abc=", resourceVersion: "0", resourceVersionMatch: "NotOlderThan", timeoutSeconds: 10 });
    expect(list).toMatchObject({ method: "GET", path: "/apis/example.com/v1/namespaces/team%20a/things", response: "list", itemType: { apiVersion: "example.com/v1", kind: "Thing" } });
    expect(requestUrl(list)).toBe(
      "/apis/example.com/v1/namespaces/team%20a/things?labelSelector=app+in+%28a%2Cb%29%2C%21canary&fieldSelector=status.phase%21%3DRunning&limit=50&continue=abc%3D&resourceVersion=0&resourceVersionMatch=NotOlderThan&timeoutSeconds=10",
    );
    expect(new URLSearchParams(requestUrl(list).split("?")[1]).get("labelSelector")).toBe("app in (a,b),!canary");
    const watch = things.watch({ resourceVersion: "42", allowWatchBookmarks: true, sendInitialEvents: false, timeoutSeconds: 290 });
    expect(watch).toMatchObject({ method: "GET", response: "watch", query: { watch: "true", resourceVersion: "42", allowWatchBookmarks: "true", sendInitialEvents: "false", timeoutSeconds: "290" } });
    expect(allNamespaces(Thing).list().path).toBe("/apis/example.com/v1/things");
    expect(cluster(Node).get("n1").path).toBe("/api/v1/nodes/n1");
  });

  it("create / replace fill in apiVersion and kind; write options", () => {
    const created = things.create({ metadata: { name: "a" } } as Thing, { dryRun: true, fieldManager: "me", fieldValidation: "Strict" });
    expect(created).toEqual({
      method: "POST",
      path: "/apis/example.com/v1/namespaces/team%20a/things",
      query: { dryRun: "All", fieldManager: "me", fieldValidation: "Strict" },
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: { apiVersion: "example.com/v1", kind: "Thing", metadata: { name: "a" } },
      response: "object",
    });
    expect(things.replace("a", thing("a"))).toMatchObject({ method: "PUT", path: "/apis/example.com/v1/namespaces/team%20a/things/a", query: {} });
    expect(() => things.replace("b", thing("a"))).toThrow(TypeError);
  });

  it("the four patch types", () => {
    const cases = [
      [{ type: "json", patch: [{ op: "add", path: "/spec/size", value: 1 }] }, "application/json-patch+json", {}, [{ op: "add", path: "/spec/size", value: 1 }]],
      [{ type: "merge", patch: { spec: { size: null } } }, "application/merge-patch+json", {}, { spec: { size: null } }],
      [{ type: "strategic", patch: { spec: { size: 2 } } }, "application/strategic-merge-patch+json", {}, { spec: { size: 2 } }],
      [{ type: "apply", patch: { metadata: { name: "a" }, spec: { size: 3 } }, fieldManager: "ctl", force: true }, "application/apply-patch+yaml", { fieldManager: "ctl", force: "true" }, { metadata: { name: "a" }, spec: { size: 3 }, apiVersion: "example.com/v1", kind: "Thing" }],
    ] as const;
    for (const [patch, contentType, query, body] of cases) {
      const request = things.patch("a", patch as Parameters<typeof things.patch>[1]);
      expect(request).toEqual({ method: "PATCH", path: "/apis/example.com/v1/namespaces/team%20a/things/a", query, headers: { Accept: "application/json", "Content-Type": contentType }, body, response: "object" });
    }
    expect(things.patchScale("a", { type: "apply", fieldManager: "hpa", patch: { spec: { replicas: 2 } } }).body).toEqual({ spec: { replicas: 2 }, apiVersion: "autoscaling/v1", kind: "Scale" });
    expect(things.patchStatus("a", { type: "merge", patch: {} }).path).toBe("/apis/example.com/v1/namespaces/team%20a/things/a/status");
  });

  it("delete / deletecollection send DeleteOptions", () => {
    expect(things.delete("a", { propagationPolicy: "Background", gracePeriodSeconds: 0, preconditions: { uid: "u1" }, dryRun: true })).toEqual({
      method: "DELETE",
      path: "/apis/example.com/v1/namespaces/team%20a/things/a",
      query: {},
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: { apiVersion: "v1", kind: "DeleteOptions", dryRun: ["All"], gracePeriodSeconds: 0, propagationPolicy: "Background", preconditions: { uid: "u1" } },
      response: "object",
    });
    const collection = things.deleteCollection({ labelSelector: "a=b", propagationPolicy: "Foreground" });
    expect(collection).toMatchObject({ method: "DELETE", path: "/apis/example.com/v1/namespaces/team%20a/things", query: { labelSelector: "a=b" }, body: { kind: "DeleteOptions", propagationPolicy: "Foreground" } });
  });

  it("refuses what the constants do not allow, before any I/O", () => {
    const readOnly = { ...Node, VERBS: ["get", "list"] as const, SUBRESOURCES: [] as const };
    const ro = cluster(readOnly);
    expect(() => (ro as ReturnType<typeof cluster<ClusterDescriptor<Node>>>).delete("n")).toThrow(UnsupportedRequestError);
    expect(() => (ro as ReturnType<typeof cluster<ClusterDescriptor<Node>>>).getStatus("n")).toThrow(/no "status" subresource/);
    expect(() => namespaced(Node as unknown as NamespacedDescriptor<Node>, "x")).toThrow(/needs a namespaced kind; v1 Node is cluster/);
    expect(() => cluster(Eviction as unknown as ClusterDescriptor<Node>)).toThrow(/subresource-only kind/);
    expect(() => namespaced(Thing, "")).toThrow(TypeError);
    expect(() => things.get("..")).toThrow(TypeError);
  });

  it("refuses a patch type the kind's PATCH_TYPES lacks, before any I/O (custom resources take no strategic merge patch)", () => {
    const crd = { ...Thing, PATCH_TYPES: ["json", "merge", "apply"] as const };
    const custom = namespaced(crd, "ns");
    // The phantom P of the request set makes these compile errors; cast to the wide set to reach the run-time check.
    const wide = custom as unknown as ReturnType<typeof namespaced<NamespacedDescriptor<Thing>>>;
    for (const refuse of [
      () => wide.patch("x", { type: "strategic", patch: { spec: { size: 1 } } }),
      () => wide.patchStatus("x", { type: "strategic", patch: {} }),
      () => wide.patchScale("x", { type: "strategic", patch: { spec: { replicas: 1 } } }),
    ]) {
      expect(refuse).toThrow(UnsupportedRequestError);
      expect(refuse).toThrow('example.com/v1 Thing does not accept a "strategic" patch (PATCH_TYPES: json, merge, apply)');
    }
    expect(custom.patch("x", { type: "merge", patch: { spec: { size: 1 } } }).headers["Content-Type"]).toBe("application/merge-patch+json");
    expect(custom.patchStatus("x", { type: "json", patch: [] }).headers["Content-Type"]).toBe("application/json-patch+json");
    expect(custom.patchScale("x", { type: "apply", fieldManager: "m", patch: {} }).headers["Content-Type"]).toBe("application/apply-patch+yaml");
    // An empty PATCH_TYPES refuses every patch; a descriptor without PATCH_TYPES (Thing) allows all four.
    const none = namespaced({ ...Thing, PATCH_TYPES: [] as const }, "ns") as unknown as typeof wide;
    expect(() => none.patch("x", { type: "json", patch: [] })).toThrow(/PATCH_TYPES: none/);
    for (const type of ["merge", "strategic"] as const) expect(things.patch("x", { type, patch: {} }).method).toBe("PATCH");
  });
});
