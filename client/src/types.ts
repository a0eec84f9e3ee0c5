// Structural types of the client. Nothing here imports a generated package: a "resource
// descriptor" is any object shaped like the constants a generated package exports per kind
// (`Pod`, `Deployment`, a custom resource's constants generated from a cluster document…).

/** The verbs a generated `VERBS` constant may contain (kubectl / RBAC names). */
export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection" | "connect";

/** The patch types a generated `PATCH_TYPES` constant may contain (each selects a Content-Type). */
export type PatchType = "json" | "merge" | "strategic" | "apply";

/** `SCOPE` of a generated kind. "subresource" kinds (Scale, Eviction, TokenRequest…) exist only under a parent. */
export type Scope = "namespaced" | "cluster" | "subresource";

/** The part of `ObjectMeta` the client reads. `meta/v1` `ObjectMeta` of every version is assignable to it. */
export interface ObjectMetaLike {
  name?: string | null;
  namespace?: string | null;
  resourceVersion?: string | null;
  uid?: string | null;
  labels?: { [key: string]: string | null } | null;
  annotations?: { [key: string]: string | null } | null;
}

/** Any object of a resource kind: what `metadata(object)` of a descriptor accepts. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMetaLike | null;
}

/**
 * The constants of one resource kind, as every generated package exports them:
 * `export declare const Pod: { readonly API_VERSION: "v1"; …; metadata(object: Pod): ObjectMeta }`.
 * `K` is the object type; for a concrete constant it is inferred from the parameter of
 * `metadata` (see {@link ObjectOf}). `LIST_KIND` is absent when the kind has no list.
 * `PATCH_TYPES` (the patch types the API server accepts: custom resources take no strategic
 * merge patch) is optional: a descriptor without it allows every patch type.
 */
export interface ResourceDescriptor<K extends KubeObject = KubeObject> {
  readonly API_VERSION: string;
  readonly GROUP: string;
  readonly VERSION: string;
  readonly KIND: string;
  readonly URL_PATH_SEGMENT: string;
  readonly SCOPE: Scope;
  readonly LIST_KIND?: string;
  readonly VERBS: readonly Verb[];
  readonly PATCH_TYPES?: readonly PatchType[];
  readonly SUBRESOURCES: readonly string[];
  metadata(object: K): ObjectMetaLike;
}

/** A descriptor of a namespaced kind. */
export type NamespacedDescriptor<K extends KubeObject = KubeObject> = ResourceDescriptor<K> & { readonly SCOPE: "namespaced" };
/** A descriptor of a cluster-scoped kind. */
export type ClusterDescriptor<K extends KubeObject = KubeObject> = ResourceDescriptor<K> & { readonly SCOPE: "cluster" };
/** A descriptor of a kind that exists only as a parent's subresource (never usable top-level). */
export type SubresourceDescriptor<K extends KubeObject = KubeObject> = ResourceDescriptor<K> & { readonly SCOPE: "subresource" };
/**
 * Any descriptor, as a union over the scope: code generic over the kind narrows it with
 * `if (kind.SCOPE === "namespaced")` before choosing the namespaced or the cluster API.
 */
export type AnyDescriptor<K extends KubeObject = KubeObject> = NamespacedDescriptor<K> | ClusterDescriptor<K> | SubresourceDescriptor<K>;

/** The object type of a descriptor: the parameter of its `metadata` method. */
export type ObjectOf<D> = D extends { metadata(object: infer K): unknown } ? (K extends KubeObject ? K : never) : never;
/** The verbs of a descriptor, as a union ("get" | "list" | …). */
export type VerbsOf<D> = D extends { readonly VERBS: readonly (infer V)[] } ? (V extends Verb ? V : never) : never;
/** The patch types of a descriptor, as a union ("json" | "merge" | …); every patch type when it has no `PATCH_TYPES`. */
export type PatchTypesOf<D> = D extends { readonly PATCH_TYPES: readonly (infer P)[] } ? (P extends PatchType ? P : never) : PatchType;
/** The list kind of a descriptor ("PodList"), or string when it has none. */
export type ListKindOf<D> = D extends { readonly LIST_KIND: infer L } ? (L extends string ? L : string) : string;
/** The subresource names of a descriptor, as a union ("status" | "scale" | …). */
export type SubresourcesOf<D> = D extends { readonly SUBRESOURCES: readonly (infer S)[] } ? (S extends string ? S : never) : never;

/** `meta/v1` ListMeta. */
export interface ListMeta {
  continue?: string | null;
  remainingItemCount?: number | null;
  resourceVersion?: string | null;
  selfLink?: string | null;
}

/**
 * What `list` returns. Unlike the wire format (and the generated `List<K>`, whose items are
 * `Embedded<K>`), the client fills in `apiVersion` and `kind` of every item from the
 * descriptor, so items are full `K`s; an `ObjectList<K>` is assignable to the generated `List<K>`.
 */
export interface ObjectList<K extends KubeObject, LK extends string = string> {
  apiVersion: K["apiVersion"];
  kind: LK;
  metadata?: ListMeta | null;
  items: K[];
}

/** `meta/v1` StatusCause. */
export interface StatusCause {
  field?: string | null;
  message?: string | null;
  reason?: string | null;
}

/** `meta/v1` StatusDetails. */
export interface StatusDetails {
  causes?: StatusCause[] | null;
  group?: string | null;
  kind?: string | null;
  name?: string | null;
  retryAfterSeconds?: number | null;
  uid?: string | null;
}

/** `meta/v1` Status (structurally; the same in every version). */
export interface Status {
  apiVersion: "v1";
  kind: "Status";
  code?: number | null;
  details?: StatusDetails | null;
  message?: string | null;
  metadata: ListMeta;
  reason?: string | null;
  status?: string | null;
}

/** What a BOOKMARK event carries: only the resourceVersion to resume from (and annotations). */
export interface WatchBookmark {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion: string; annotations?: { [key: string]: string } | null };
}

/** One event of a watch stream, as `meta/v1` `WatchEvent<K>` of the generated packages. */
export type WatchEvent<K> =
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: K }
  | { type: "BOOKMARK"; object: WatchBookmark }
  | { type: "ERROR"; object: Status };

/** autoscaling/v1 Scale, the body of every `scale` subresource (structurally). */
export interface Scale {
  apiVersion: "autoscaling/v1";
  kind: "Scale";
  metadata: ObjectMetaLike;
  spec?: { replicas?: number | null } | null;
  status?: { replicas: number; selector?: string | null } | null;
}

/** One operation of a JSON Patch (RFC 6902) body. */
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

/** A partial object, as the merge-style patches and server-side apply take it. */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [P in keyof T]?: DeepPartial<T[P]> | null }
    : T;
