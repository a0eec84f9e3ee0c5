// The request builder: from a kind's constants and typed parameters, the method, path,
// query, headers and body of a request. No I/O happens here.
import type {
  ClusterDescriptor,
  ListKindOf,
  DeepPartial,
  JsonPatchOperation,
  KubeObject,
  NamespacedDescriptor,
  ObjectList,
  ObjectOf,
  PatchType,
  PatchTypesOf,
  ResourceDescriptor,
  Scale,
  Status,
  SubresourcesOf,
  Verb,
  VerbsOf,
  WatchEvent,
} from "./types.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** How the executor reads the response: one object, a list (items completed), or a watch stream. */
export type ResponseMode = "object" | "list" | "watch";

/**
 * A request, ready to send. `T` is the type of the response body (for a watch: of each
 * event); it exists only for the type checker (`__response` is never set).
 */
export interface KubeRequest<T, M extends ResponseMode = ResponseMode> {
  readonly method: HttpMethod;
  /** The path, with every segment percent-encoded: `/api/v1/namespaces/default/pods/web`. */
  readonly path: string;
  /** Query parameters, in order; values already strings (encoding happens in {@link requestUrl}). */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body (an object or a JSON Patch array), or undefined. */
  readonly body?: unknown;
  readonly response: M;
  /** apiVersion and kind to fill into list items, which the API sends without them. */
  readonly itemType?: { readonly apiVersion: string; readonly kind: string };
  /** Phantom: the response type. */
  readonly __response?: T;
}

/** The path plus encoded query string of a request. */
export function requestUrl(request: KubeRequest<unknown>): string {
  const query = new URLSearchParams(Object.entries(request.query)).toString();
  return query ? `${request.path}?${query}` : request.path;
}

// ---------------------------------------------------------------------------------------
// Parameters, after meta/v1 ListOptions, GetOptions, CreateOptions, UpdateOptions,
// PatchOptions and DeleteOptions.

export interface ListOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: "Exact" | "NotOlderThan" | undefined;
  timeoutSeconds?: number | undefined;
}

export interface WatchOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: "Exact" | "NotOlderThan" | undefined;
  timeoutSeconds?: number | undefined;
  allowWatchBookmarks?: boolean | undefined;
  /** Requires `resourceVersionMatch: "NotOlderThan"` and `allowWatchBookmarks` (the server checks). */
  sendInitialEvents?: boolean | undefined;
}

export interface WriteOptions {
  /** Send `dryRun=All`: the server validates and answers but persists nothing. */
  dryRun?: boolean | undefined;
  fieldManager?: string | undefined;
  fieldValidation?: "Ignore" | "Warn" | "Strict" | undefined;
}

/** The four patch kinds; each selects the request's Content-Type. */
export type Patch<K> =
  | { type: "json"; patch: JsonPatchOperation[] }
  | { type: "merge"; patch: DeepPartial<K> }
  | { type: "strategic"; patch: DeepPartial<K> }
  /** Server-side apply: `apiVersion` and `kind` are filled in from the descriptor. */
  | { type: "apply"; patch: DeepPartial<K>; fieldManager: string; force?: boolean | undefined };

export type PatchOptions = WriteOptions;

export interface DeleteOptions {
  dryRun?: boolean | undefined;
  gracePeriodSeconds?: number | undefined;
  propagationPolicy?: "Orphan" | "Background" | "Foreground" | undefined;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type DeleteCollectionOptions = DeleteOptions & ListOptions;

export const PATCH_CONTENT_TYPES = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

// ---------------------------------------------------------------------------------------
// Type-level capabilities. A request set carries the kind's verbs and subresources as
// phantom function-typed properties: `(verb: V) => void` is assignable to
// `(verb: "get") => void` exactly when "get" is one of V, so a method whose `this` demands
// "get" does not compile on a kind without it (and compiles when V is the wide `Verb`).

/** Requires the verb `V`. */
export interface Supports<V extends Verb> {
  readonly __verbs?: (verb: V) => void;
}
/** Requires the subresource `S`. */
export interface HasSubresource<S extends string> {
  readonly __subresources?: (subresource: S) => void;
}
/** Requires the patch type `T` (custom resources accept no "strategic"). */
export interface AcceptsPatch<T extends PatchType> {
  readonly __patchTypes?: (type: T) => void;
}

/** Thrown (before any I/O) when asked for a verb, subresource, scope or patch type the kind's constants do not have. */
export class UnsupportedRequestError extends Error {
  override readonly name = "UnsupportedRequestError";
}

function encodeSegment(segment: string): string {
  if (segment === "" || segment === "." || segment === "..") throw new TypeError(`invalid name or namespace: ${JSON.stringify(segment)}`);
  return encodeURIComponent(segment);
}

function setIf(query: Record<string, string>, key: string, value: string | number | boolean | undefined): void {
  if (value !== undefined) query[key] = String(value);
}

function writeQuery(options: WriteOptions | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if (options?.dryRun) query["dryRun"] = "All";
  setIf(query, "fieldManager", options?.fieldManager);
  setIf(query, "fieldValidation", options?.fieldValidation);
  return query;
}

function listQuery(options: ListOptions | undefined, query: Record<string, string> = {}): Record<string, string> {
  setIf(query, "labelSelector", options?.labelSelector);
  setIf(query, "fieldSelector", options?.fieldSelector);
  setIf(query, "limit", options?.limit);
  setIf(query, "continue", options?.continue);
  setIf(query, "resourceVersion", options?.resourceVersion);
  setIf(query, "resourceVersionMatch", options?.resourceVersionMatch);
  setIf(query, "timeoutSeconds", options?.timeoutSeconds);
  return query;
}

function deleteBody(options: DeleteOptions | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { apiVersion: "v1", kind: "DeleteOptions" };
  if (options?.dryRun) body["dryRun"] = ["All"];
  if (options?.gracePeriodSeconds !== undefined) body["gracePeriodSeconds"] = options.gracePeriodSeconds;
  if (options?.propagationPolicy !== undefined) body["propagationPolicy"] = options.propagationPolicy;
  if (options?.preconditions !== undefined) body["preconditions"] = options.preconditions;
  return body;
}

const JSON_HEADERS = { Accept: "application/json" } as const;
const JSON_BODY_HEADERS = { Accept: "application/json", "Content-Type": "application/json" } as const;

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function apiPrefix(descriptor: Pick<ResourceDescriptor, "GROUP" | "VERSION">): string {
  return descriptor.GROUP === "" ? `/api/${encodeSegment(descriptor.VERSION)}` : `/apis/${encodeSegment(descriptor.GROUP)}/${encodeSegment(descriptor.VERSION)}`;
}

/** State shared by the request sets. */
abstract class RequestsBase<K extends KubeObject, L extends string> {
  private readonly namespacePart: string;
  constructor(
    readonly descriptor: ResourceDescriptor<K>,
    /** The namespace, or undefined for cluster-scoped kinds and the all-namespaces set. */
    readonly namespace: string | undefined,
  ) {
    this.namespacePart = namespace === undefined ? "" : `/namespaces/${encodeSegment(namespace)}`;
  }

  /** `<prefix>[/namespaces/<ns>]/<segment>`. Discovery kinds (empty segment) have none. */
  protected get collectionPath(): string {
    if (this.descriptor.URL_PATH_SEGMENT === "") throw new UnsupportedRequestError(`${this.descriptor.API_VERSION} ${this.descriptor.KIND} has no URL path segment`);
    return `${apiPrefix(this.descriptor)}${this.namespacePart}/${encodeSegment(this.descriptor.URL_PATH_SEGMENT)}`;
  }

  protected requireVerb(verb: Verb): void {
    if (!this.descriptor.VERBS.includes(verb)) {
      throw new UnsupportedRequestError(`${this.descriptor.API_VERSION} ${this.descriptor.KIND} does not support "${verb}" (VERBS: ${this.descriptor.VERBS.join(", ") || "none"})`);
    }
  }

  protected requireSubresource(name: string): void {
    if (!this.descriptor.SUBRESOURCES.includes(name)) {
      throw new UnsupportedRequestError(`${this.descriptor.API_VERSION} ${this.descriptor.KIND} has no "${name}" subresource`);
    }
  }

  /** Refuses an object whose metadata.name differs from the name in the path (the server would, with 400). */
  protected checkName(name: string, object: { metadata?: { name?: string | null | undefined } | null | undefined }): void {
    const inBody = object.metadata?.name;
    if (inBody != null && inBody !== name) throw new TypeError(`metadata.name ${JSON.stringify(inBody)} does not match the name in the path ${JSON.stringify(name)}`);
  }

  /** A complete object for create/replace: apiVersion and kind from the constants. */
  protected withTypeMeta<T>(object: T): T {
    return { ...object, apiVersion: this.descriptor.API_VERSION, kind: this.descriptor.KIND };
  }

  protected listRequest(options: ListOptions | undefined): KubeRequest<ObjectList<K, L>, "list"> {
    this.requireVerb("list");
    return {
      method: "GET",
      path: this.collectionPath,
      query: listQuery(options),
      headers: JSON_HEADERS,
      response: "list",
      itemType: { apiVersion: this.descriptor.API_VERSION, kind: this.descriptor.KIND },
    };
  }

  protected watchRequest(options: WatchOptions | undefined): KubeRequest<WatchEvent<K>, "watch"> {
    this.requireVerb("watch");
    const query: Record<string, string> = { watch: "true" };
    setIf(query, "labelSelector", options?.labelSelector);
    setIf(query, "fieldSelector", options?.fieldSelector);
    setIf(query, "resourceVersion", options?.resourceVersion);
    setIf(query, "resourceVersionMatch", options?.resourceVersionMatch);
    setIf(query, "timeoutSeconds", options?.timeoutSeconds);
    setIf(query, "allowWatchBookmarks", options?.allowWatchBookmarks);
    setIf(query, "sendInitialEvents", options?.sendInitialEvents);
    return {
      method: "GET",
      path: this.collectionPath,
      query,
      headers: JSON_HEADERS,
      response: "watch",
      itemType: { apiVersion: this.descriptor.API_VERSION, kind: this.descriptor.KIND },
    };
  }
}

/**
 * The requests of one kind in one namespace (namespaced kinds) or cluster-wide
 * (cluster-scoped kinds). Obtain it with {@link namespaced} or {@link cluster}.
 * Methods whose verb or subresource the kind lacks, and patches of a type its `PATCH_TYPES`
 * lacks, do not compile (`this` constraint) and throw {@link UnsupportedRequestError} if
 * reached anyway.
 */
export class ResourceRequests<K extends KubeObject, V extends Verb = Verb, S extends string = string, L extends string = string, P extends PatchType = PatchType> extends RequestsBase<K, L> {
  declare readonly __verbs?: (verb: V) => void;
  declare readonly __subresources?: (subresource: S) => void;
  declare readonly __patchTypes?: (type: P) => void;

  private itemPath(name: string, subresource?: string): string {
    return `${this.collectionPath}/${encodeSegment(name)}${subresource === undefined ? "" : `/${subresource}`}`;
  }

  /** GET one object. (The specs declare no query parameter for it, so the builder sends none.) */
  get(this: ResourceRequests<K, V, S, L, P> & Supports<"get">, name: string): KubeRequest<K, "object"> {
    this.requireVerb("get");
    return { method: "GET", path: this.itemPath(name), query: {}, headers: JSON_HEADERS, response: "object" };
  }

  list(this: ResourceRequests<K, V, S, L, P> & Supports<"list">, options?: ListOptions): KubeRequest<ObjectList<K, L>, "list"> {
    return this.listRequest(options);
  }

  watch(this: ResourceRequests<K, V, S, L, P> & Supports<"watch">, options?: WatchOptions): KubeRequest<WatchEvent<K>, "watch"> {
    return this.watchRequest(options);
  }

  create(this: ResourceRequests<K, V, S, L, P> & Supports<"create">, object: K, options?: WriteOptions): KubeRequest<K, "object"> {
    this.requireVerb("create");
    return { method: "POST", path: this.collectionPath, query: writeQuery(options), headers: JSON_BODY_HEADERS, body: this.withTypeMeta(object), response: "object" };
  }

  /** PUT: replaces the whole object (optimistic concurrency through metadata.resourceVersion). */
  replace(this: ResourceRequests<K, V, S, L, P> & Supports<"update">, name: string, object: K, options?: WriteOptions): KubeRequest<K, "object"> {
    this.requireVerb("update");
    this.checkName(name, object);
    return { method: "PUT", path: this.itemPath(name), query: writeQuery(options), headers: JSON_BODY_HEADERS, body: this.withTypeMeta(object), response: "object" };
  }

  patch<T extends PatchType>(this: ResourceRequests<K, V, S, L, P> & Supports<"patch"> & AcceptsPatch<T>, name: string, patch: Patch<K> & { type: T }, options?: PatchOptions): KubeRequest<K, "object"> {
    this.requireVerb("patch");
    return this.patchRequest<K>(this.itemPath(name), patch, options);
  }

  /** DELETE: the server answers with the object (graceful deletion, finalizers) or a Success Status. */
  delete(this: ResourceRequests<K, V, S, L, P> & Supports<"delete">, name: string, options?: DeleteOptions): KubeRequest<K | Status, "object"> {
    this.requireVerb("delete");
    return { method: "DELETE", path: this.itemPath(name), query: {}, headers: JSON_BODY_HEADERS, body: deleteBody(options), response: "object" };
  }

  deleteCollection(this: ResourceRequests<K, V, S, L, P> & Supports<"deletecollection">, options?: DeleteCollectionOptions): KubeRequest<ObjectList<K, L> | Status, "list"> {
    this.requireVerb("deletecollection");
    const { labelSelector, fieldSelector, limit, continue: cont, resourceVersion, resourceVersionMatch, timeoutSeconds, ...deleteOptions } = options ?? {};
    const query = listQuery({ labelSelector, fieldSelector, limit, continue: cont, resourceVersion, resourceVersionMatch, timeoutSeconds });
    return {
      method: "DELETE",
      path: this.collectionPath,
      query,
      headers: JSON_BODY_HEADERS,
      body: deleteBody(deleteOptions),
      response: "list",
      itemType: { apiVersion: this.descriptor.API_VERSION, kind: this.descriptor.KIND },
    };
  }

  // --- status subresource: the whole object, of which the server reads only `status`.

  getStatus(this: ResourceRequests<K, V, S, L, P> & HasSubresource<"status">, name: string): KubeRequest<K, "object"> {
    this.requireSubresource("status");
    return { method: "GET", path: this.itemPath(name, "status"), query: {}, headers: JSON_HEADERS, response: "object" };
  }

  replaceStatus(this: ResourceRequests<K, V, S, L, P> & HasSubresource<"status">, name: string, object: K, options?: WriteOptions): KubeRequest<K, "object"> {
    this.requireSubresource("status");
    this.checkName(name, object);
    return { method: "PUT", path: this.itemPath(name, "status"), query: writeQuery(options), headers: JSON_BODY_HEADERS, body: this.withTypeMeta(object), response: "object" };
  }

  patchStatus<T extends PatchType>(this: ResourceRequests<K, V, S, L, P> & HasSubresource<"status"> & AcceptsPatch<T>, name: string, patch: Patch<K> & { type: T }, options?: PatchOptions): KubeRequest<K, "object"> {
    this.requireSubresource("status");
    return this.patchRequest<K>(this.itemPath(name, "status"), patch, options);
  }

  // --- scale subresource: an autoscaling/v1 Scale.

  getScale(this: ResourceRequests<K, V, S, L, P> & HasSubresource<"scale">, name: string): KubeRequest<Scale, "object"> {
    this.requireSubresource("scale");
    return { method: "GET", path: this.itemPath(name, "scale"), query: {}, headers: JSON_HEADERS, response: "object" };
  }

  replaceScale(this: ResourceRequests<K, V, S, L, P> & HasSubresource<"scale">, name: string, scale: Scale, options?: WriteOptions): KubeRequest<Scale, "object"> {
    this.requireSubresource("scale");
    this.checkName(name, scale);
    const body: Scale = { ...scale, apiVersion: "autoscaling/v1", kind: "Scale" };
    return { method: "PUT", path: this.itemPath(name, "scale"), query: writeQuery(options), headers: JSON_BODY_HEADERS, body, response: "object" };
  }

  /** The kind's `PATCH_TYPES` apply here too (a custom resource's scale takes no strategic merge patch either). */
  patchScale<T extends PatchType>(this: ResourceRequests<K, V, S, L, P> & HasSubresource<"scale"> & AcceptsPatch<T>, name: string, patch: Patch<Scale> & { type: T }, options?: PatchOptions): KubeRequest<Scale, "object"> {
    this.requireSubresource("scale");
    return this.patchRequest<Scale>(this.itemPath(name, "scale"), patch, options, { apiVersion: "autoscaling/v1", kind: "Scale" });
  }

  private patchRequest<T>(path: string, patch: Patch<T>, options: PatchOptions | undefined, typeMeta?: { apiVersion: string; kind: string }): KubeRequest<T, "object"> {
    const accepted = this.descriptor.PATCH_TYPES;
    if (accepted !== undefined && !accepted.includes(patch.type)) {
      throw new UnsupportedRequestError(`${this.descriptor.API_VERSION} ${this.descriptor.KIND} does not accept a "${patch.type}" patch (PATCH_TYPES: ${accepted.join(", ") || "none"})`);
    }
    const query = writeQuery(options);
    let body: unknown = patch.patch;
    if (patch.type === "apply") {
      query["fieldManager"] = patch.fieldManager;
      if (patch.force) query["force"] = "true";
      body = { ...patch.patch, ...(typeMeta ?? { apiVersion: this.descriptor.API_VERSION, kind: this.descriptor.KIND }) };
    } else if (!Array.isArray(body) && typeof body !== "object") {
      throw new TypeError("a patch body must be an object or a JSON Patch array");
    }
    return {
      method: "PATCH",
      path,
      query,
      headers: { Accept: "application/json", "Content-Type": PATCH_CONTENT_TYPES[patch.type] },
      body,
      response: "object",
    };
  }
}

/** List and watch across all namespaces, for a namespaced kind. Obtain it with {@link allNamespaces}. */
export class AllNamespacesRequests<K extends KubeObject, V extends Verb = Verb, L extends string = string> extends RequestsBase<K, L> {
  declare readonly __verbs?: (verb: V) => void;

  list(this: AllNamespacesRequests<K, V, L> & Supports<"list">, options?: ListOptions): KubeRequest<ObjectList<K, L>, "list"> {
    return this.listRequest(options);
  }

  watch(this: AllNamespacesRequests<K, V, L> & Supports<"watch">, options?: WatchOptions): KubeRequest<WatchEvent<K>, "watch"> {
    return this.watchRequest(options);
  }
}

/** The requests of both request sets that list and watch, for code generic over the set. */
export interface ListWatchRequests<K extends KubeObject, L extends string = string> {
  readonly descriptor: ResourceDescriptor<K>;
  list(options?: ListOptions): KubeRequest<ObjectList<K, L>, "list">;
  watch(options?: WatchOptions): KubeRequest<WatchEvent<K>, "watch">;
}

function requireScope(descriptor: ResourceDescriptor<KubeObject>, scope: "namespaced" | "cluster", what: string): void {
  if (descriptor.SCOPE !== scope) {
    throw new UnsupportedRequestError(`${what} needs a ${scope} kind; ${descriptor.API_VERSION} ${descriptor.KIND} is ${descriptor.SCOPE === "subresource" ? "a subresource-only kind" : descriptor.SCOPE}`);
  }
}

/** The requests of a namespaced kind in `namespace`. A cluster-scoped or subresource-only kind does not compile. */
export function namespaced<D extends NamespacedDescriptor<ObjectOf<D>>>(descriptor: D, namespace: string): ResourceRequests<ObjectOf<D>, VerbsOf<D>, SubresourcesOf<D>, ListKindOf<D>, PatchTypesOf<D>> {
  requireScope(descriptor, "namespaced", "namespaced()");
  return new ResourceRequests<ObjectOf<D>, VerbsOf<D>, SubresourcesOf<D>, ListKindOf<D>, PatchTypesOf<D>>(descriptor, namespace);
}

/** The requests of a cluster-scoped kind. A namespaced or subresource-only kind does not compile. */
export function cluster<D extends ClusterDescriptor<ObjectOf<D>>>(descriptor: D): ResourceRequests<ObjectOf<D>, VerbsOf<D>, SubresourcesOf<D>, ListKindOf<D>, PatchTypesOf<D>> {
  requireScope(descriptor, "cluster", "cluster()");
  return new ResourceRequests<ObjectOf<D>, VerbsOf<D>, SubresourcesOf<D>, ListKindOf<D>, PatchTypesOf<D>>(descriptor, undefined);
}

/** List/watch of a namespaced kind across all namespaces. */
export function allNamespaces<D extends NamespacedDescriptor<ObjectOf<D>>>(descriptor: D): AllNamespacesRequests<ObjectOf<D>, VerbsOf<D>, ListKindOf<D>> {
  requireScope(descriptor, "namespaced", "allNamespaces()");
  return new AllNamespacesRequests<ObjectOf<D>, VerbsOf<D>, ListKindOf<D>>(descriptor, undefined);
}
