// Structural types of the client. Nothing here imports a generated package: a "resource
// descriptor" is any object shaped like the constants a generated package exports per kind
// (`Pod`, `Deployment`, a custom resource's constants generated from a cluster document…).
// What the client accepts is written against @k8s-openapi-ts/stable, the shapes every
// k8s-1.XX package satisfies (Scope, ObjectMeta, KubernetesObject, and ResourceDescriptor,
// narrowed to typed verbs). What it returns (ObjectList, its ListMeta, Status, WatchEvent) is
// declared here: those must be assignable to every version's generated types, also under
// exactOptionalPropertyTypes, and the stable entry's fields admit `undefined`.
import type { KubernetesObject, ObjectMeta, ResourceDescriptor as StableResourceDescriptor, Scope } from "@k8s-openapi-ts/stable";

export type { Scope };

/** The verbs a generated `VERBS` constant may contain (kubectl / RBAC names). */
export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection" | "connect";

/** The patch types a generated `PATCH_TYPES` constant may contain (each selects a Content-Type). */
export type PatchType = "json" | "merge" | "strategic" | "apply";

/** The part of `ObjectMeta` every version has: the stable entry's `ObjectMeta`. `meta/v1` `ObjectMeta` of every version is assignable to it. */
export type ObjectMetaLike = ObjectMeta;

/** Any object of a resource kind (what `metadata(object)` of a descriptor accepts): the stable entry's `KubernetesObject`. */
export type KubeObject = KubernetesObject;

/**
 * The constants of one resource kind, as every generated package exports them:
 * `export declare const Pod: { readonly API_VERSION: "v1"; …; metadata(object: Pod): ObjectMeta }`.
 * `K` is the object type; for a concrete constant it is inferred from the parameter of
 * `metadata` (see {@link ObjectOf}). `LIST_KIND` is absent when the kind has no list.
 * `PATCH_TYPES` (the patch types the API server accepts: custom resources take no strategic
 * merge patch) is optional: a descriptor without it allows every patch type.
 */
export interface ResourceDescriptor<K extends KubeObject = KubeObject> extends StableResourceDescriptor<K> {
  readonly VERBS: readonly Verb[];
  readonly PATCH_TYPES?: readonly PatchType[];
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

/** `meta/v1` ListMeta, as the client returns it (see the note at the top). */
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

/** `meta/v1` Status (structurally; the same in every version), as the client returns it (see the note at the top). */
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
