// The special cases of generator/special-cases.ts, each shown on a fixture or a real spec.
import { describe, expect, it } from "vitest";
import { isListOf } from "../../generator/model/build-model.js";
import { derivePathFacts, OperationIndex, placePath } from "../../generator/model/resources.js";
import { SPECIAL_RESOURCES, SPECIAL_TYPES, deprecationOf } from "../../generator/special-cases.js";
import { readSpec } from "../helpers.js";

describe("deprecation from prose", () => {
  it.each([
    ["ComponentStatus holds the cluster validation info. Deprecated: This API is deprecated in v1.19+", "Deprecated: This API is deprecated in v1.19+"],
    ["Deprecated. Not all kubelets will set this field.", "Deprecated."],
    ["DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.", "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName."],
    ["ConfigMapNodeConfigSource contains the information. This API is deprecated since 1.22: https://x", "This API is deprecated since 1.22: https://x"],
  ])("%s", (text, sentence) => expect(deprecationOf(text)).toBe(sentence));
  it("leaves ordinary text alone", () => {
    expect(deprecationOf("deprecatedCount is the deprecated field assuring backward compatibility")).toBeUndefined();
    expect(deprecationOf("The PKIX key")).toBeUndefined();
  });
});

describe("URL segment and scope from paths", () => {
  it("reads a path from the right", () => {
    expect(placePath("/api/v1/namespaces/{namespace}/pods/{name}")).toEqual({ segment: "pods", scope: "namespaced", primary: true });
    expect(placePath("/api/v1/nodes/{name}")).toEqual({ segment: "nodes", scope: "cluster", primary: true });
    expect(placePath("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")).toEqual({ segment: "scale", scope: "subresource", primary: false });
    expect(placePath("/api/v1/namespaces/{namespace}/bindings")).toEqual({ segment: "bindings", scope: "namespaced", primary: true });
    expect(placePath("/apis/authentication.k8s.io/v1/tokenreviews")).toEqual({ segment: "tokenreviews", scope: "cluster", primary: true });
  });
  it("refuses to guess when the paths are ambiguous", () => {
    const doc = readSpec("1.36");
    doc.paths["/api/v1/namespaces/{namespace}/podz/{name}"] = { get: { "x-kubernetes-action": "get", "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "Pod" } } };
    expect(derivePathFacts({ group: "", version: "v1", kind: "Pod" }, new OperationIndex(doc))).toMatch(/several URL segments.*podz/);
    expect(derivePathFacts({ group: "x.io", version: "v1", kind: "Nope" }, new OperationIndex(doc))).toMatch(/no get\/put\/post\/delete operation/);
  });
  it("takes a subresource's body kind from its response where the operations are tagged with the parent (a live server's custom-resource scale)", () => {
    const doc = readSpec("1.36");
    const scale = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale";
    const deployment = { group: "apps", version: "v1", kind: "Deployment" };
    const subresource = (name: string) => {
      const result = derivePathFacts(deployment, new OperationIndex(doc));
      if (typeof result === "string") throw new Error(result);
      return result.subresources.find((s) => s.name === name);
    };
    expect(subresource("scale")?.kind).toEqual({ apiVersion: "autoscaling/v1", kind: "Scale" });
    for (const method of ["get", "put", "patch"] as const) doc.paths[scale]![method]!["x-kubernetes-group-version-kind"] = deployment;
    expect(subresource("scale")?.kind).toEqual({ apiVersion: "autoscaling/v1", kind: "Scale" });
    // …and only from a response that is a kind of its own: the status subresource answers with the parent.
    expect(subresource("status")).toMatchObject({ name: "status" });
    expect(subresource("status")?.kind).toBeUndefined();
  });
  it("kinds with no tagged operation are the named special resources", () => {
    expect(Object.keys(SPECIAL_RESOURCES).map((n) => n.split(".").pop())).toEqual(["APIGroup", "APIGroupList", "APIResourceList", "APIVersions", "Status"]);
  });
});

describe("lists", () => {
  it("recognise a list even when `items` is not marked required (1.28–1.30 ValidatingAdmissionPolicyList)", () => {
    const doc = readSpec("1.28");
    const list = doc.definitions["io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicyList"]!;
    expect(list.required ?? []).not.toContain("items");
    expect(isListOf(list, "io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicy")).toBe(true);
  });
  it("are not lists when they carry other properties (APIResourceList)", () => {
    const doc = readSpec("1.36");
    expect(isListOf(doc.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList"]!, "io.k8s.apimachinery.pkg.apis.meta.v1.APIResource")).toBe(false);
  });
});

describe("special types", () => {
  it("every special type names a definition of the 1.36 spec, and says why", () => {
    const doc = readSpec("1.36");
    for (const [name, special] of Object.entries(SPECIAL_TYPES)) {
      expect(doc.definitions[name], name).toBeDefined();
      expect(special.why.length).toBeGreaterThan(20);
    }
    expect(SPECIAL_TYPES["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!.type).toBe("number | string");
    expect(SPECIAL_TYPES["io.k8s.apimachinery.pkg.api.resource.Quantity"]!.type).toBe("string | number");
  });
});
