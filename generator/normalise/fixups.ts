// Stage 3, normalise: named repairs of known bugs in the upstream Kubernetes spec.
//
// Each fixup names the bug, the upstream reference, and the Kubernetes minors whose
// pinned spec has it. On a pinned version inside that range a fixup that finds nothing to
// repair fails the run (the bug was fixed upstream: narrow the range). On a document of
// unknown version (a cluster's /openapi/v2) a fixup repairs what it finds and is silent
// otherwise. Type-level mappings (IntOrString, Quantity, …) are not fixups: they live in
// ../emit/special-types.ts.
import { GeneratorError } from "../errors.js";
import type { GroupVersionKind, SwaggerDocument } from "../spec-types.js";
import { HTTP_METHODS } from "../spec-types.js";

export interface Fixup {
  name: string;
  /** What is wrong in the spec, and where that is known. */
  reason: string;
  /** Inclusive range of Kubernetes minors whose pinned spec needs the repair. */
  versions: { from: string; to: string };
  /** Repairs `doc` in place. Returns false when the bug was not there. */
  apply(doc: SwaggerDocument): boolean;
}

const API = "io.k8s.api";

export const FIXUPS: readonly Fixup[] = [
  {
    name: "connect-options-gvk",
    reason:
      "connect operations (exec, attach, portforward, proxy) are tagged with the GVK of their options type (PodExecOptions…), which is no definition; they belong to the parent kind (kubernetes PR 66807)",
    versions: { from: "1.28", to: "1.37" },
    apply(doc) {
      const parents: Record<string, string> = {
        NodeProxyOptions: "Node",
        PodAttachOptions: "Pod",
        PodExecOptions: "Pod",
        PodPortForwardOptions: "Pod",
        PodProxyOptions: "Pod",
        ServiceProxyOptions: "Service",
      };
      let repaired = false;
      for (const item of Object.values(doc.paths ?? {})) {
        for (const method of HTTP_METHODS) {
          const gvk = item[method]?.["x-kubernetes-group-version-kind"];
          if (gvk && gvk.group === "" && gvk.version === "v1" && Object.hasOwn(parents, gvk.kind)) {
            item[method]!["x-kubernetes-group-version-kind"] = { ...gvk, kind: parents[gvk.kind]! };
            repaired = true;
          }
        }
      }
      return repaired;
    },
  },
  {
    name: "status-extra-gvk",
    reason:
      "meta/v1 Status carries a second GVK (resource.k8s.io/v1alpha2 Status), so it would not be a single-kind resource; the extra entry is dropped",
    versions: { from: "1.28", to: "1.30" },
    apply(doc) {
      const status = doc.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Status"];
      const gvks = status?.["x-kubernetes-group-version-kind"];
      if (!gvks || gvks.length < 2) return false;
      status["x-kubernetes-group-version-kind"] = gvks.filter((g: GroupVersionKind) => g.group === "" && g.version === "v1");
      return true;
    },
  },
  optional(`${API}.events.v1.Event`, "eventTime", "1.28", "1.37",
    "marked required, but the API server returns null for it on events created through core/v1 (k8s-openapi carries the same repair)"),
  optional(`${API}.apps.v1.StatefulSetSpec`, "serviceName", "1.28", "1.32",
    "marked required, but is optional; fixed upstream in 1.33 (kubernetes PR 130233)"),
  optional(`${API}.networking.v1.NetworkPolicySpec`, "podSelector", "1.28", "1.33",
    "marked required, but may be omitted (an empty selector selects all pods); fixed upstream in 1.34 (kubernetes PR 131354)"),
  required(`${API}.core.v1.HostAlias`, "ip", "1.28", "1.29",
    "optional in older specs, but the API server requires it; fixed upstream in 1.30 (kubernetes PR 124694)"),
  required(`${API}.core.v1.HostIP`, "ip", "1.28", "1.30",
    "optional in older specs, but always set; fixed upstream in 1.30.5 / 1.31.1 (kubernetes PR 126057; the pinned 1.30 spec predates it)"),
  required(`${API}.core.v1.PodIP`, "ip", "1.28", "1.30",
    "optional in older specs, but always set; fixed upstream in 1.30.5 / 1.31.1 (kubernetes PR 126057; the pinned 1.30 spec predates it)"),
];

function optional(definition: string, property: string, from: string, to: string, why: string): Fixup {
  return {
    name: `optional-${shortName(definition)}-${property}`,
    reason: `${shortName(definition)}.${property} ${why}`,
    versions: { from, to },
    apply(doc) {
      const def = doc.definitions[definition];
      if (!def?.required?.includes(property)) return false;
      def.required = def.required.filter((p) => p !== property);
      if (def.required.length === 0) delete def.required;
      return true;
    },
  };
}

function required(definition: string, property: string, from: string, to: string, why: string): Fixup {
  return {
    name: `required-${shortName(definition)}-${property}`,
    reason: `${shortName(definition)}.${property} ${why}`,
    versions: { from, to },
    apply(doc) {
      const def = doc.definitions[definition];
      if (!def?.properties?.[property] || def.required?.includes(property)) return false;
      def.required = [...(def.required ?? []), property].sort();
      return true;
    },
  };
}

function shortName(definition: string): string {
  return definition.split(".").slice(-3).join(".");
}

export function compareMinor(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am - bm || an - bn;
}

export function fixupApplies(fixup: Fixup, version: string): boolean {
  return compareMinor(version, fixup.versions.from) >= 0 && compareMinor(version, fixup.versions.to) <= 0;
}

/**
 * Applies the fixups to `doc` in place and returns the names of those that repaired
 * something. `version` is the pinned Kubernetes minor, or undefined for other documents.
 */
export function applyFixups(doc: SwaggerDocument, version: string | undefined, file: string, fixups = FIXUPS): string[] {
  const applied: string[] = [];
  for (const fixup of fixups) {
    if (version !== undefined && !fixupApplies(fixup, version)) continue;
    const repaired = fixup.apply(doc);
    if (repaired) applied.push(fixup.name);
    else if (version !== undefined) {
      throw new GeneratorError(
        `fixup "${fixup.name}" found nothing to repair in the Kubernetes ${version} spec: the upstream bug is fixed there, so narrow the fixup's version range (${fixup.versions.from}–${fixup.versions.to}) in generator/normalise/fixups.ts`,
        { file },
      );
    }
  }
  return applied;
}
