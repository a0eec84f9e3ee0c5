// Resource constants that come from the document's paths, never from the kind's name:
// the URL path segment (plural), the scope, the verbs and the subresources of each kind.
import type { GroupVersionKind, HttpMethod, Operation, SwaggerDocument } from "../spec-types.js";
import { HTTP_METHODS } from "../spec-types.js";

export type Scope = "namespaced" | "cluster" | "subresource";

export interface Subresource {
  /** The path segment after `{name}`, e.g. "status", "scale", "exec". */
  name: string;
  verbs: string[];
  /** The patch types its PATCH operation accepts (from `consumes`), in the order json, merge, strategic, apply; empty without one. */
  patchTypes: PatchType[];
  /** apiVersion/kind of the subresource's body where it differs from the parent (Scale, Eviction…). */
  kind?: { apiVersion: string; kind: string };
}

export interface PathFacts {
  urlPathSegment: string;
  scope: Scope;
  verbs: string[];
  /** The patch types the kind's PATCH operation accepts (from its `consumes`); empty without the patch verb. */
  patchTypes: PatchType[];
  subresources: Subresource[];
}

/** The patch types a generic client names, in this order, by the Content-Type that selects each. */
export type PatchType = "json" | "merge" | "strategic" | "apply";
const PATCH_TYPE_OF_CONTENT_TYPE: [string, PatchType][] = [
  ["application/json-patch+json", "json"],
  ["application/merge-patch+json", "merge"],
  ["application/strategic-merge-patch+json", "strategic"],
  ["application/apply-patch+yaml", "apply"],
];

export function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

export function apiVersionOf(gvk: Pick<GroupVersionKind, "group" | "version">): string {
  return gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/** The path prefix of a group-version: `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function apiPrefix(gvk: Pick<GroupVersionKind, "group" | "version">): string {
  return gvk.group === "" ? `/api/${gvk.version}` : `/apis/${gvk.group}/${gvk.version}`;
}

/**
 * The patch types of the PATCH operations among `ops` (the union of their `consumes`, or the
 * document's `consumes` where an operation has none), in the order json, merge, strategic,
 * apply. Other content types (`application/apply-patch+cbor`) are ignored; a PATCH operation
 * that declares no `consumes` at all, or the wildcard, restricts nothing: every patch type.
 */
function patchTypesOf(ops: IndexedOperation[], doc: SwaggerDocument): PatchType[] {
  const accepted = new Set<string>();
  for (const op of ops) {
    if (op.action !== "patch" || op.method !== "patch") continue;
    const consumes = doc.paths[op.path]?.[op.method]?.["consumes"] ?? doc["consumes"];
    if (!Array.isArray(consumes) || consumes.includes("*/*")) return PATCH_TYPE_OF_CONTENT_TYPE.map(([, name]) => name);
    for (const type of consumes) if (typeof type === "string") accepted.add(type);
  }
  return PATCH_TYPE_OF_CONTENT_TYPE.filter(([contentType]) => accepted.has(contentType)).map(([, name]) => name);
}

interface IndexedOperation {
  path: string;
  method: HttpMethod;
  action: string;
  gvk: GroupVersionKind;
}

/** Kubernetes actions → the verbs kubectl and RBAC use. */
const VERB_OF_ACTION: Record<string, string> = {
  get: "get",
  list: "list",
  watch: "watch",
  watchlist: "watch",
  post: "create",
  put: "update",
  patch: "patch",
  delete: "delete",
  deletecollection: "deletecollection",
  connect: "connect",
};

/** The verb of an action; an unknown action is its own verb (own keys only: an action may be called "constructor"). */
function verbOf(action: string): string {
  return Object.hasOwn(VERB_OF_ACTION, action) ? VERB_OF_ACTION[action]! : action;
}

export const VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "connect"];

function sortVerbs(verbs: Iterable<string>): string[] {
  return [...new Set(verbs)].sort((a, b) => VERB_ORDER.indexOf(a) - VERB_ORDER.indexOf(b));
}

/** Operations indexed by the GVK they are tagged with, built once per document. */
export class OperationIndex {
  private readonly byGvk = new Map<string, IndexedOperation[]>();
  readonly all: IndexedOperation[] = [];

  constructor(readonly doc: SwaggerDocument) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const op: Operation | undefined = item[method];
        const gvk = op?.["x-kubernetes-group-version-kind"];
        const action = op?.["x-kubernetes-action"];
        if (!op || !gvk || !action) continue;
        const entry = { path, method, action, gvk };
        this.all.push(entry);
        const key = gvkKey(gvk);
        const list = this.byGvk.get(key);
        if (list) list.push(entry);
        else this.byGvk.set(key, [entry]);
      }
    }
  }

  of(gvk: GroupVersionKind): IndexedOperation[] {
    return this.byGvk.get(gvkKey(gvk)) ?? [];
  }

  private byPrefix: Map<string, IndexedOperation[]> | undefined;

  /**
   * The operations whose path starts with `${prefix}/` (an apiPrefix: `/api/v1`, `/apis/<group>/<version>`).
   * Bucketed by their first two and three path segments, so looking up one group-version does
   * not scan every operation (that made a 20,000-definition document quadratic).
   */
  under(prefix: string): IndexedOperation[] {
    const depth = prefix.split("/").length - 1;
    if (depth !== 2 && depth !== 3) return this.all.filter((op) => op.path.startsWith(`${prefix}/`));
    if (!this.byPrefix) {
      this.byPrefix = new Map();
      for (const op of this.all) {
        const parts = op.path.split("/");
        for (const n of [3, 4]) {
          if (parts.length <= n) continue;
          const key = parts.slice(0, n).join("/");
          const list = this.byPrefix.get(key);
          if (list) list.push(op);
          else this.byPrefix.set(key, [op]);
        }
      }
    }
    return (this.byPrefix.get(prefix) ?? []).filter((op) => op.path.startsWith(`${prefix}/`));
  }
}

type Placement = { segment: string; scope: Scope; primary: boolean };

/**
 * Classifies the path of a get/put/post/delete operation, reading it from the right:
 * `…/namespaces/{namespace}/<seg>/{name}` → namespaced; `…/<seg>/{name}` → cluster;
 * `…/{name}/<seg>` → a subresource of a parent; `…/namespaces/{namespace}/<seg>` →
 * namespaced (create); anything else → its last segment, cluster (e.g. tokenreviews).
 */
export function placePath(path: string): Placement {
  const parts = path.split("/").filter(Boolean);
  const last = parts[parts.length - 1] ?? "";
  const before = parts[parts.length - 2];
  const beforeThat = parts[parts.length - 3];
  if (last === "{name}" && before) {
    const namespaced = beforeThat === "{namespace}" && parts[parts.length - 4] === "namespaces";
    return { segment: before, scope: namespaced ? "namespaced" : "cluster", primary: true };
  }
  if (before === "{name}") return { segment: last, scope: "subresource", primary: false };
  if (before === "{namespace}" && beforeThat === "namespaces") return { segment: last, scope: "namespaced", primary: true };
  return { segment: last, scope: "cluster", primary: true };
}

/**
 * Derives segment, scope, verbs and subresources for a kind from the operations tagged
 * with its GVK. Returns an error text when the paths are ambiguous or absent.
 */
export function derivePathFacts(gvk: GroupVersionKind, index: OperationIndex): PathFacts | string {
  const ops = index.of(gvk);
  const primary = new Map<string, Placement>();
  const secondary = new Map<string, Placement>();
  for (const op of ops) {
    if (!["get", "put", "post", "delete"].includes(op.action)) continue;
    const placement = placePath(op.path);
    (placement.primary ? primary : secondary).set(`${placement.segment}|${placement.scope}`, placement);
  }
  let chosen: Placement | undefined;
  if (primary.size === 1) chosen = [...primary.values()][0];
  else if (primary.size === 0 && secondary.size === 1) chosen = [...secondary.values()][0];
  if (!chosen) {
    if (primary.size + secondary.size === 0) return "no get/put/post/delete operation in the document's paths is tagged with this kind";
    const seen = [...primary.values(), ...secondary.values()].map((p) => `${p.segment} (${p.scope})`).join(", ");
    return `the document's paths give several URL segments for this kind: ${seen}`;
  }
  const prefix = apiPrefix(gvk);
  const verbs = new Set<string>();
  const onResourceOps: IndexedOperation[] = [];
  for (const op of ops) {
    const rest = resourcePart(op.path, prefix);
    if (rest === undefined) continue;
    const onResource = chosen.scope === "subresource" ? rest.endsWith(`/{name}/${chosen.segment}`) : rest === chosen.segment || rest === `${chosen.segment}/{name}`;
    if (onResource) {
      verbs.add(verbOf(op.action));
      onResourceOps.push(op);
    }
  }
  // A list operation also serves watch (?watch=true) when it declares the watch parameter.
  if (verbs.has("list") && !verbs.has("watch") && listAcceptsWatch(gvk, index)) verbs.add("watch");
  return {
    urlPathSegment: chosen.segment,
    scope: chosen.scope,
    verbs: sortVerbs(verbs),
    patchTypes: patchTypesOf(onResourceOps, index.doc),
    subresources: chosen.scope === "subresource" ? [] : subresourcesOf(gvk, chosen.segment, prefix, index),
  };
}

/** `…/namespaces/{namespace}/pods/{name}` under `/api/v1` → "pods/{name}"; the watch/ and namespace parts are dropped. */
function resourcePart(path: string, prefix: string): string | undefined {
  if (!path.startsWith(`${prefix}/`)) return undefined;
  let rest = path.slice(prefix.length + 1);
  if (rest.startsWith("watch/")) rest = rest.slice("watch/".length);
  if (rest.startsWith("namespaces/{namespace}/")) rest = rest.slice("namespaces/{namespace}/".length);
  return rest;
}

function listAcceptsWatch(gvk: GroupVersionKind, index: OperationIndex): boolean {
  const doc = index.doc;
  for (const op of index.of(gvk)) {
    if (op.action !== "list") continue;
    const item = doc.paths[op.path];
    const params = [...(item?.parameters ?? []), ...(item?.[op.method]?.parameters ?? [])];
    for (const param of params) {
      const resolved = param.$ref ? doc.parameters?.[param.$ref.replace(/^#\/parameters\//, "")] : param;
      if (resolved?.name === "watch" && resolved.in === "query") return true;
    }
  }
  return false;
}

/**
 * The kind of a subresource operation's body where it is not the parent's: the operation's tag,
 * or, where the tag names the parent, the kind of the definition its 200 response refers to. A
 * real API server tags a custom resource's scale operations with the custom kind itself and only
 * the response says autoscaling/v1 Scale (test/real-apiserver/crds-installed.test.ts found it).
 */
function bodyKindOf(op: IndexedOperation, parent: GroupVersionKind, doc: SwaggerDocument): GroupVersionKind | undefined {
  if (gvkKey(op.gvk) !== gvkKey(parent)) return op.gvk;
  const ref = doc.paths[op.path]?.[op.method]?.responses?.["200"]?.schema?.$ref;
  const definition = typeof ref === "string" ? doc.definitions[ref.replace(/^#\/definitions\//, "")] : undefined;
  const kinds = definition?.["x-kubernetes-group-version-kind"];
  if (!Array.isArray(kinds) || kinds.length !== 1) return undefined;
  return gvkKey(kinds[0]!) === gvkKey(parent) ? undefined : kinds[0];
}

/** Paths `<prefix>/[namespaces/{namespace}/]<segment>/{name}/<sub>[/…]`, whatever kind they are tagged with. */
function subresourcesOf(parent: GroupVersionKind, segment: string, prefix: string, index: OperationIndex): Subresource[] {
  const found = new Map<string, { verbs: Set<string>; kinds: Set<string>; ops: IndexedOperation[] }>();
  for (const op of index.under(prefix)) {
    const rest = resourcePart(op.path, prefix);
    if (!rest?.startsWith(`${segment}/{name}/`)) continue;
    const name = rest.slice(segment.length + "/{name}/".length).split("/")[0]!;
    const entry = found.get(name) ?? { verbs: new Set(), kinds: new Set(), ops: [] };
    entry.verbs.add(verbOf(op.action));
    entry.ops.push(op);
    const body = bodyKindOf(op, parent, index.doc);
    if (body) entry.kinds.add(`${apiVersionOf(body)}|${body.kind}`);
    found.set(name, entry);
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, { verbs, kinds, ops }]) => {
      const subresource: Subresource = { name, verbs: sortVerbs(verbs), patchTypes: patchTypesOf(ops, index.doc) };
      if (kinds.size === 1) {
        const [apiVersion, kind] = [...kinds][0]!.split("|") as [string, string];
        subresource.kind = { apiVersion, kind };
      }
      return subresource;
    });
}
