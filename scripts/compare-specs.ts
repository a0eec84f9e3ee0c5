// Compares the definitions of two OpenAPI v2 documents: kinds and definitions added and
// removed, definitions that differ (key order ignored), and changes of `required`. For a
// new release against the previous one, or a pinned document against what a live API
// server serves at /openapi/v2 (which should have the same definitions).
//   npx tsx scripts/compare-specs.ts <before> <after>
// Each argument is a file, or a pinned minor (1.36) read where the generator finds it.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { findPin, readLocalSpec } from "../generator/load/pinned-specs.js";
import type { GroupVersionKind, Schema } from "../generator/spec-types.js";

type Definitions = Record<string, Schema>;

export interface RequiredChange {
  definition: string;
  before: string[];
  after: string[];
}

export interface DefinitionsComparison {
  kindsAdded: string[];
  kindsRemoved: string[];
  definitionsAdded: string[];
  definitionsRemoved: string[];
  /** In both, but not equal (descriptions included). */
  definitionsChanged: string[];
  requiredChanged: RequiredChange[];
}

export function compareDefinitions(before: Definitions, after: Definitions): DefinitionsComparison {
  const common = Object.keys(after).filter((name) => Object.hasOwn(before, name));
  return {
    kindsAdded: difference(kindsOf(after), kindsOf(before)),
    kindsRemoved: difference(kindsOf(before), kindsOf(after)),
    definitionsAdded: difference(Object.keys(after), Object.keys(before)),
    definitionsRemoved: difference(Object.keys(before), Object.keys(after)),
    definitionsChanged: common.filter((name) => canonical(before[name]) !== canonical(after[name])).sort(),
    requiredChanged: common
      .map((definition) => ({ definition, before: requiredOf(before[definition]!), after: requiredOf(after[definition]!) }))
      .filter((change) => change.before.join() !== change.after.join())
      .sort((a, b) => a.definition.localeCompare(b.definition)),
  };
}

/**
 * "group/version/Kind" of each definition that is one kind; a definition with several GVKs
 * (meta/v1 DeleteOptions, WatchEvent) is shared by every group, and list kinds are left out.
 */
export function kindsOf(definitions: Definitions): string[] {
  const gvks = Object.values(definitions).map((schema) => schema["x-kubernetes-group-version-kind"] as GroupVersionKind[] | undefined);
  return gvks.filter((list) => list?.length === 1 && !list[0]!.kind.endsWith("List")).map((list) => gvkText(list![0]!));
}

function gvkText(gvk: GroupVersionKind): string {
  return `${gvk.group || "core"}/${gvk.version}/${gvk.kind}`;
}

function requiredOf(schema: Schema): string[] {
  return [...(schema.required ?? [])].sort();
}

function difference(from: string[], without: string[]): string[] {
  const drop = new Set(without);
  return from.filter((x) => !drop.has(x)).sort();
}

/** JSON with object keys sorted, so documents that order keys differently compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function readDefinitions(argument: string): Definitions {
  if (/^v?\d+\.\d+$/.test(argument)) {
    const found = readLocalSpec(findPin(argument));
    if (!("bytes" in found)) throw new Error(`the pinned ${argument} document is not on this machine (npm run generate fetches it); looked in: ${found.looked.join("; ")}`);
    return (JSON.parse(found.bytes.toString("utf8")) as { definitions: Definitions }).definitions;
  }
  return (JSON.parse(readFileSync(argument, "utf8")) as { definitions: Definitions }).definitions;
}

function printList(title: string, items: string[]): void {
  console.log(`${title}: ${items.length}`);
  for (const item of items) console.log(`  ${item}`);
}

function main([beforeArg, afterArg]: string[]): void {
  if (!beforeArg || !afterArg) throw new Error("usage: npx tsx scripts/compare-specs.ts <before file or minor> <after file or minor>");
  const before = readDefinitions(beforeArg);
  const after = readDefinitions(afterArg);
  const result = compareDefinitions(before, after);
  console.log(`definitions: ${Object.keys(before).length} → ${Object.keys(after).length}; kinds: ${kindsOf(before).length} → ${kindsOf(after).length}`);
  printList("kinds added", result.kindsAdded);
  printList("kinds removed", result.kindsRemoved);
  printList("definitions added", result.definitionsAdded);
  printList("definitions removed", result.definitionsRemoved);
  printList("definitions changed", result.definitionsChanged);
  printList("required changed", result.requiredChanged.map((c) => `${c.definition}: [${c.before.join(", ")}] → [${c.after.join(", ")}]`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
