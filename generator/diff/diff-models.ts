// What changes between two models (two Kubernetes versions, or any two documents): kinds and
// group-versions added and removed, and per kind served by both its field and constant changes.
// Pure: everything is sorted, so the output is deterministic.
import type { DefinitionModel, PackageModel, ResourceModel } from "../model/build-model.js";
import { kindFields, parentPath, type FieldFacts } from "./fields.js";

export interface KindRef {
  apiVersion: string;
  kind: string;
}

export type FieldChangeKind = "added" | "removed" | "made required" | "made optional" | "type changed" | "deprecated";

export interface FieldChange {
  path: string;
  change: FieldChangeKind;
  /** The type before (removed, type changed). */
  from?: string;
  /** The type after (added, type changed), or the deprecation notice. */
  to?: string;
}

export interface ConstantChange {
  constant: "URL_PATH_SEGMENT" | "SCOPE" | "LIST_KIND" | "VERBS" | "SUBRESOURCES" | "PATCH_TYPES";
  from: string;
  to: string;
}

export interface KindChanges extends KindRef {
  /** The kind's deprecation notice, when it is deprecated on the "to" side and was not before. */
  deprecated?: string;
  fields: FieldChange[];
  constants: ConstantChange[];
}

export interface ApiDiff {
  from: string;
  to: string;
  /** Kinds served by "to" and not by "from". */
  added: KindRef[];
  /** Kinds served by "from" and not by "to". */
  removed: KindRef[];
  groupVersionsAdded: string[];
  groupVersionsRemoved: string[];
  /** Kinds served by both that changed, in apiVersion then kind order. */
  changed: KindChanges[];
  summary: DiffSummary;
}

export interface DiffSummary {
  kindsAdded: number;
  kindsRemoved: number;
  groupVersionsAdded: number;
  groupVersionsRemoved: number;
  kindsChanged: number;
  fieldsAdded: number;
  fieldsRemoved: number;
  madeRequired: number;
  madeOptional: number;
  typeChanges: number;
  newlyDeprecated: number;
  constantChanges: number;
}

const keyOf = (r: KindRef) => `${r.apiVersion} ${r.kind}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKind = (a: KindRef, b: KindRef) => compare(a.apiVersion, b.apiVersion) || compare(a.kind, b.kind);

function kindsOf(model: PackageModel): Map<string, DefinitionModel> {
  return new Map(model.resources.map((d) => [keyOf(d.resource!), d]));
}

export function diffModels(from: { label: string; model: PackageModel }, to: { label: string; model: PackageModel }): ApiDiff {
  const before = kindsOf(from.model);
  const after = kindsOf(to.model);
  const ref = (d: DefinitionModel): KindRef => ({ apiVersion: d.resource!.apiVersion, kind: d.resource!.kind });
  const added = [...after.entries()].filter(([k]) => !before.has(k)).map(([, d]) => ref(d)).sort(byKind);
  const removed = [...before.entries()].filter(([k]) => !after.has(k)).map(([, d]) => ref(d)).sort(byKind);
  const gvBefore = new Set([...before.values()].map((d) => d.resource!.apiVersion));
  const gvAfter = new Set([...after.values()].map((d) => d.resource!.apiVersion));
  const changed: KindChanges[] = [];
  for (const [key, def] of [...after.entries()].sort(([a], [b]) => compare(a, b))) {
    const old = before.get(key);
    if (!old) continue;
    const changes = kindChanges(old, from.model, def, to.model);
    if (changes.fields.length || changes.constants.length || changes.deprecated) changed.push(changes);
  }
  const fieldCount = (kind: FieldChangeKind) => changed.reduce((n, k) => n + k.fields.filter((f) => f.change === kind).length, 0);
  return {
    from: from.label,
    to: to.label,
    added,
    removed,
    groupVersionsAdded: [...gvAfter].filter((g) => !gvBefore.has(g)).sort(compare),
    groupVersionsRemoved: [...gvBefore].filter((g) => !gvAfter.has(g)).sort(compare),
    changed,
    summary: {
      kindsAdded: added.length,
      kindsRemoved: removed.length,
      groupVersionsAdded: [...gvAfter].filter((g) => !gvBefore.has(g)).length,
      groupVersionsRemoved: [...gvBefore].filter((g) => !gvAfter.has(g)).length,
      kindsChanged: changed.length,
      fieldsAdded: fieldCount("added"),
      fieldsRemoved: fieldCount("removed"),
      madeRequired: fieldCount("made required"),
      madeOptional: fieldCount("made optional"),
      typeChanges: fieldCount("type changed"),
      newlyDeprecated: fieldCount("deprecated") + changed.filter((k) => k.deprecated).length,
      constantChanges: changed.reduce((n, k) => n + k.constants.length, 0),
    },
  };
}

function kindChanges(old: DefinitionModel, oldModel: PackageModel, def: DefinitionModel, model: PackageModel): KindChanges {
  const r = def.resource!;
  const result: KindChanges = { apiVersion: r.apiVersion, kind: r.kind, fields: fieldChanges(kindFields(old, oldModel), kindFields(def, model)), constants: constantChanges(old.resource!, r) };
  if (r.deprecated && !old.resource!.deprecated) result.deprecated = r.deprecated;
  return result;
}

/** Field changes; a field added or removed with everything beneath it is reported once, at its top. */
export function fieldChanges(before: Map<string, FieldFacts>, after: Map<string, FieldFacts>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [path, facts] of after) {
    const old = before.get(path);
    if (!old) {
      if (!after.has(parentPath(path)) || before.has(parentPath(path))) out.push({ path, change: "added", to: facts.type });
      continue;
    }
    if (old.type !== facts.type) out.push({ path, change: "type changed", from: old.type, to: facts.type });
    if (old.required !== facts.required) out.push({ path, change: facts.required ? "made required" : "made optional" });
    if (facts.deprecated && !old.deprecated) out.push({ path, change: "deprecated", to: facts.deprecated });
  }
  for (const [path, facts] of before) {
    if (after.has(path)) continue;
    if (!before.has(parentPath(path)) || after.has(parentPath(path))) out.push({ path, change: "removed", from: facts.type });
  }
  return out.sort((a, b) => compare(a.path, b.path) || compare(a.change, b.change));
}

function constantChanges(a: ResourceModel, b: ResourceModel): ConstantChange[] {
  const facts = (r: ResourceModel): Record<ConstantChange["constant"], string> => ({
    URL_PATH_SEGMENT: r.urlPathSegment,
    SCOPE: r.scope,
    LIST_KIND: r.listKind ?? "(none)",
    VERBS: r.verbs.join(", "),
    SUBRESOURCES: r.subresources.map((s) => s.name).join(", "),
    PATCH_TYPES: r.patchTypes.join(", "),
  });
  const before = facts(a);
  const after = facts(b);
  return (Object.keys(after) as ConstantChange["constant"][]).filter((k) => before[k] !== after[k]).map((constant) => ({ constant, from: before[constant], to: after[constant] }));
}
