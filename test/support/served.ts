// What a pinned spec serves for each kind, read straight from its operations — written for the
// tests, independently of generator/model/resources.ts, so the constants can be compared with it
// in both directions. The rules, as the README states them:
//  - a kind's operations are those tagged with its `x-kubernetes-group-version-kind`;
//  - its own paths are `<prefix>[/watch][/namespaces/{namespace}]/<segment>[/{name}]` under its
//    group-version's prefix (`/api/v1`, `/apis/<group>/<version>`); the segment is the one all of
//    them share, and the kind is namespaced when one of them has `namespaces/{namespace}`;
//  - a kind with no own path is served only as `…/{name}/<segment>` of other kinds (Scale,
//    Eviction, TokenRequest): scope "subresource";
//  - verbs are the actions of its operations on its own paths (under its own prefix), plus
//    `watch` when a list operation takes the `watch` query parameter;
//  - subresources are every path `<prefix>[/namespaces/{namespace}]/<segment>/{name}/<sub>[/…]`,
//    whatever kind its operations are tagged with, and their verbs are those operations' actions.
import type { GroupVersionKind, Operation, Parameter, SwaggerDocument } from "../../generator/spec-types.js";

export interface ServedOperation {
  path: string;
  method: string;
  action: string;
  gvk: GroupVersionKind | undefined;
  operation: Operation;
}

export interface Served {
  segment: string;
  scope: "namespaced" | "cluster" | "subresource";
  /** Sorted alphabetically. */
  verbs: string[];
  /** Sorted by name; each one's verbs sorted alphabetically. */
  subresources: { name: string; verbs: string[] }[];
  /** The kind's operations on its own paths (for a subresource kind: on `…/{name}/<segment>` anywhere). */
  own: ServedOperation[];
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

export const VERB_OF_ACTION: Readonly<Record<string, string>> = {
  get: "get", list: "list", watch: "watch", watchlist: "watch", post: "create", put: "update", patch: "patch", delete: "delete", deletecollection: "deletecollection", connect: "connect",
};

export function gvkKey(gvk: Pick<GroupVersionKind, "group" | "version" | "kind">): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

export function prefixOf(gvk: Pick<GroupVersionKind, "group" | "version">): string {
  return gvk.group === "" ? `/api/${gvk.version}` : `/apis/${gvk.group}/${gvk.version}`;
}

/** Every operation of the document that has an `x-kubernetes-action`. */
export function servedOperations(spec: SwaggerDocument): ServedOperation[] {
  const out: ServedOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = (item as Partial<Record<string, Operation>>)[method];
      const action = operation?.["x-kubernetes-action"];
      if (!operation || typeof action !== "string") continue;
      out.push({ path, method, action, gvk: operation["x-kubernetes-group-version-kind"], operation });
    }
  }
  return out;
}

/** The GVKs the document's operations are tagged with (connect-only ones are the `*Options` kinds, no definitions). */
export function taggedKinds(ops: ServedOperation[]): Map<string, GroupVersionKind> {
  const out = new Map<string, GroupVersionKind>();
  for (const op of ops) if (op.gvk && op.action !== "connect") out.set(gvkKey(op.gvk), op.gvk);
  return out;
}

const verbOf = (action: string): string => VERB_OF_ACTION[action] ?? action;
const sorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** `<segment>` and the rest of a path under `prefix`, `watch/` and `namespaces/{namespace}/` taken off. */
function split(path: string, prefix: string): { namespaced: boolean; parts: string[] } | undefined {
  if (!path.startsWith(`${prefix}/`)) return undefined;
  let rest = path.slice(prefix.length + 1);
  if (rest.startsWith("watch/")) rest = rest.slice("watch/".length);
  const namespaced = rest.startsWith("namespaces/{namespace}/");
  if (namespaced) rest = rest.slice("namespaces/{namespace}/".length);
  return { namespaced, parts: rest.split("/") };
}

function takesWatch(spec: SwaggerDocument, op: ServedOperation): boolean {
  const item = spec.paths[op.path] as { parameters?: Parameter[] } | undefined;
  return [...(item?.parameters ?? []), ...(op.operation.parameters ?? [])].some((p) => {
    const resolved = p.$ref ? spec.parameters?.[p.$ref.replace(/^#\/parameters\//, "")] : p;
    return resolved?.name === "watch" && resolved.in === "query";
  });
}

/** What the document serves for `gvk`, or an error text when its operations do not say it unambiguously. */
export function servedFor(spec: SwaggerDocument, ops: ServedOperation[], gvk: GroupVersionKind): Served | string {
  const prefix = prefixOf(gvk);
  const tagged = ops.filter((op) => op.gvk && gvkKey(op.gvk) === gvkKey(gvk));
  const own = tagged.filter((op) => {
    const s = split(op.path, prefix);
    return s !== undefined && (s.parts.length === 1 || (s.parts.length === 2 && s.parts[1] === "{name}"));
  });
  if (own.length > 0) {
    const segments = sorted(own.map((op) => split(op.path, prefix)!.parts[0]!));
    if (segments.length !== 1) return `own paths with several segments: ${segments.join(", ")}`;
    const segment = segments[0]!;
    const verbs = own.map((op) => verbOf(op.action));
    if (own.some((op) => op.action === "list" && takesWatch(spec, op))) verbs.push("watch");
    const subs = new Map<string, string[]>();
    for (const op of ops) {
      const s = split(op.path, prefix);
      if (!s || s.parts.length < 3 || s.parts[0] !== segment || s.parts[1] !== "{name}") continue;
      subs.set(s.parts[2]!, [...(subs.get(s.parts[2]!) ?? []), verbOf(op.action)]);
    }
    return {
      segment,
      scope: own.some((op) => split(op.path, prefix)!.namespaced) ? "namespaced" : "cluster",
      verbs: sorted(verbs),
      subresources: [...subs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, v]) => ({ name, verbs: sorted(v) })),
      own,
    };
  }
  const below = tagged.filter((op) => /\/\{name\}\/[^/{}]+$/.test(op.path));
  const segments = sorted(below.map((op) => op.path.slice(op.path.lastIndexOf("/") + 1)));
  if (segments.length !== 1) return `no own path, and ${segments.length} subresource segments (${segments.join(", ")})`;
  return {
    segment: segments[0]!,
    scope: "subresource",
    verbs: sorted(below.filter((op) => op.path.startsWith(`${prefix}/`)).map((op) => verbOf(op.action))),
    subresources: [],
    own: below,
  };
}
