// scripts/compare-specs.ts: what differs between the definitions of two documents.
import { describe, expect, it } from "vitest";
import { canonical, compareDefinitions, kindsOf } from "../../scripts/compare-specs.js";
import type { Schema } from "../../generator/spec-types.js";
import { VERSIONS, readSpec } from "../helpers.js";

const gvk = (group: string, version: string, kind: string) => ({ "x-kubernetes-group-version-kind": [{ group, version, kind }] });

const BEFORE: Record<string, Schema> = {
  "a.v1.Widget": { type: "object", required: ["spec"], properties: { spec: { type: "object" } }, ...gvk("a", "v1", "Widget") },
  "a.v1.WidgetList": { type: "object", ...gvk("a", "v1", "WidgetList") },
  "a.v1alpha1.Gadget": { type: "object", ...gvk("a", "v1alpha1", "Gadget") },
  "meta.Shared": { type: "object", "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Shared" }, { group: "a", version: "v1", kind: "Shared" }] },
  "a.v1.Same": { type: "string", description: "unchanged" },
};

const AFTER: Record<string, Schema> = {
  "a.v1.Widget": { type: "object", properties: { spec: { type: "object" }, status: { type: "object" } }, ...gvk("a", "v1", "Widget") },
  "a.v1.WidgetList": { type: "object", ...gvk("a", "v1", "WidgetList") },
  "a.v1.Gadget": { type: "object", ...gvk("a", "v1", "Gadget") },
  "meta.Shared": BEFORE["meta.Shared"]!,
  "a.v1.Same": { description: "unchanged", type: "string" },
};

describe("compareDefinitions", () => {
  it("finds kinds and definitions added, removed and changed, and required changes", () => {
    expect(compareDefinitions(BEFORE, AFTER)).toEqual({
      kindsAdded: ["a/v1/Gadget"],
      kindsRemoved: ["a/v1alpha1/Gadget"],
      definitionsAdded: ["a.v1.Gadget"],
      definitionsRemoved: ["a.v1alpha1.Gadget"],
      definitionsChanged: ["a.v1.Widget"],
      requiredChanged: [{ definition: "a.v1.Widget", before: ["spec"], after: [] }],
    });
  });

  it("counts as kinds the definitions of one GVK, lists left out", () => {
    expect(kindsOf(BEFORE)).toEqual(["a/v1/Widget", "a/v1alpha1/Gadget"]);
  });

  it("ignores key order, not values", () => {
    expect(canonical({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonical({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonical({ a: [1, 2] })).not.toBe(canonical({ a: [2, 1] }));
  });

  it("a pinned document against a key-reversed copy of itself (as a server might serve it): nothing differs", () => {
    const latest = readSpec(VERSIONS.at(-1)!).definitions;
    const reversed = JSON.parse(JSON.stringify(latest, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as typeof latest;
    expect(Object.keys(reversed)[0]).toBe(Object.keys(latest).at(-1));
    const result = compareDefinitions(latest, reversed);
    expect(Object.values(result).flat()).toEqual([]);
  });
});
