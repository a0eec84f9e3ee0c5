// Each fixup on a small fixture that shows the bug it repairs, and on the real pinned specs:
// inside its version range it must find its bug, outside it the bug must be gone.
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/errors.js";
import { FIXUPS, applyFixups, compareMinor, fixupApplies } from "../../generator/normalise/fixups.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { VERSIONS, readSpec } from "../helpers.js";
import { PROPERTY_FIXUPS } from "../support/fixup-targets.js";

const fixup = (name: string) => FIXUPS.find((f) => f.name === name)!;
const doc = (definitions: SwaggerDocument["definitions"], paths: SwaggerDocument["paths"] = {}): SwaggerDocument => ({ swagger: "2.0", definitions, paths });

describe("fixups on fixtures", () => {
  it("connect-options-gvk re-tags exec/attach/proxy operations to the parent kind", () => {
    const d = doc({}, {
      "/api/v1/namespaces/{namespace}/pods/{name}/exec": { get: { "x-kubernetes-action": "connect", "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "PodExecOptions" } } },
      "/api/v1/nodes/{name}/proxy": { get: { "x-kubernetes-action": "connect", "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "NodeProxyOptions" } } },
    });
    expect(fixup("connect-options-gvk").apply(d)).toBe(true);
    expect(d.paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"]!.get!["x-kubernetes-group-version-kind"]!.kind).toBe("Pod");
    expect(d.paths["/api/v1/nodes/{name}/proxy"]!.get!["x-kubernetes-group-version-kind"]!.kind).toBe("Node");
    expect(fixup("connect-options-gvk").apply(d)).toBe(false);
  });

  it("status-extra-gvk keeps only the core v1 GVK of Status", () => {
    const d = doc({
      "io.k8s.apimachinery.pkg.apis.meta.v1.Status": {
        "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Status" }, { group: "resource.k8s.io", version: "v1alpha2", kind: "Status" }],
      },
    });
    expect(fixup("status-extra-gvk").apply(d)).toBe(true);
    expect(d.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Status"]!["x-kubernetes-group-version-kind"]).toEqual([{ group: "", version: "v1", kind: "Status" }]);
  });

  it.each([
    ["optional-events.v1.Event-eventTime", "io.k8s.api.events.v1.Event", "eventTime"],
    ["optional-apps.v1.StatefulSetSpec-serviceName", "io.k8s.api.apps.v1.StatefulSetSpec", "serviceName"],
    ["optional-networking.v1.NetworkPolicySpec-podSelector", "io.k8s.api.networking.v1.NetworkPolicySpec", "podSelector"],
  ])("%s makes a wrongly required property optional", (name, definition, property) => {
    const d = doc({ [definition]: { properties: { [property]: { type: "string" }, other: { type: "string" } }, required: [property, "other"] } });
    expect(fixup(name).apply(d)).toBe(true);
    expect(d.definitions[definition]!.required).toEqual(["other"]);
    expect(fixup(name).apply(d)).toBe(false);
  });

  it.each([
    ["required-core.v1.HostAlias-ip", "io.k8s.api.core.v1.HostAlias"],
    ["required-core.v1.HostIP-ip", "io.k8s.api.core.v1.HostIP"],
    ["required-core.v1.PodIP-ip", "io.k8s.api.core.v1.PodIP"],
  ])("%s makes a wrongly optional property required", (name, definition) => {
    const d = doc({ [definition]: { properties: { ip: { type: "string" } } } });
    expect(fixup(name).apply(d)).toBe(true);
    expect(d.definitions[definition]!.required).toEqual(["ip"]);
    expect(fixup(name).apply(d)).toBe(false);
  });

  it("fails the run when a pinned version no longer has the bug, naming the fixup", () => {
    const fixed = doc({ "io.k8s.api.core.v1.HostAlias": { properties: { ip: { type: "string" } }, required: ["ip"] } });
    const only = [fixup("required-core.v1.HostAlias-ip")];
    expect(() => applyFixups(fixed, "1.28", "spec.json", only)).toThrow(GeneratorError);
    expect(() => applyFixups(fixed, "1.28", "spec.json", only)).toThrow(/required-core.v1.HostAlias-ip.*narrow/);
    // Outside the range it is not applied; on a document of unknown version it is silent.
    expect(applyFixups(fixed, "1.36", "spec.json", only)).toEqual([]);
    expect(applyFixups(fixed, undefined, "spec.json", only)).toEqual([]);
  });

  it("compares minors numerically", () => {
    expect(compareMinor("1.9", "1.10")).toBeLessThan(0);
    expect(fixupApplies(fixup("required-core.v1.HostIP-ip"), "1.30")).toBe(true);
    expect(fixupApplies(fixup("required-core.v1.HostIP-ip"), "1.31")).toBe(false);
  });
});

describe.each(VERSIONS)("fixups on the pinned %s spec", (version) => {
  it("each in-range fixup finds its bug, and each out-of-range one finds it fixed", () => {
    for (const f of FIXUPS) {
      const found = f.apply(readSpec(version));
      expect(`${f.name}: ${found}`).toBe(`${f.name}: ${fixupApplies(f, version)}`);
    }
  });

  it("out of range, \"fixed\" means the definition and property are there with the right optionality (not that they are gone)", () => {
    const spec = readSpec(version);
    for (const t of PROPERTY_FIXUPS) {
      const def = spec.definitions[t.definition];
      expect(def?.properties?.[t.property], `${t.definition}.${t.property} in the raw ${version} spec`).toBeDefined();
      const raw = def?.required?.includes(t.property) ? "required" : "optional";
      const f = FIXUPS.find((x) => x.name === t.fixup);
      expect(f, t.fixup).toBeDefined();
      expect(`${t.fixup}: ${raw}`).toBe(`${t.fixup}: ${f && fixupApplies(f, version) ? (t.right === "optional" ? "required" : "optional") : t.right}`);
    }
    const status = spec.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Status"]?.["x-kubernetes-group-version-kind"];
    expect(status?.filter((g) => g.group === "" && g.version === "v1" && g.kind === "Status")).toHaveLength(1);
  });
});
