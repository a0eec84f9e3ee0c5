// Shared by the spec-path tests: every request the builder can form for a kind, and the
// check of one request against an OpenAPI v2 document's paths.
import { expect } from "vitest";
import {
  allNamespaces,
  cluster,
  namespaced,
  UnsupportedRequestError,
  type AnyDescriptor,
  type KubeObject,
  type KubeRequest,
  type ResourceRequests,
  type Scale,
} from "../../client/src/index.js";
import type { GroupVersionKind, Operation, Parameter, SwaggerDocument } from "../../generator/spec-types.js";

const NS = "ns-1";
const NAME = "obj-1";
const OBJECT = { apiVersion: "x", kind: "x", metadata: { name: NAME } } as KubeObject;
const SCALE: Scale = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: NAME }, spec: { replicas: 2 } };
const WRITE = { dryRun: true, fieldManager: "test", fieldValidation: "Strict" } as const;
const LIST = { labelSelector: "app=web,tier!=db", fieldSelector: "metadata.name=x", limit: 5, continue: "tok", resourceVersion: "10", resourceVersionMatch: "NotOlderThan", timeoutSeconds: 3 } as const;
const WATCH = { labelSelector: "a in (b,c)", fieldSelector: "x=y", resourceVersion: "10", resourceVersionMatch: "NotOlderThan", timeoutSeconds: 3, allowWatchBookmarks: true, sendInitialEvents: true } as const;
const DELETE = { dryRun: true, gracePeriodSeconds: 0, propagationPolicy: "Foreground", preconditions: { uid: "u", resourceVersion: "1" } } as const;

/** What the spec's operation must say for a request of this verb. */
type Expect = { verb: string; actions: string[]; gvk?: { apiVersion: string; kind: string } };

export type Formed = { request: KubeRequest<unknown>; expect: Expect };

/** Every request the builder can form for a kind, and every refusal, checked against VERBS / SUBRESOURCES / PATCH_TYPES. */
export function formRequests(descriptor: AnyDescriptor): { formed: Formed[]; refused: string[] } {
  const formed: Formed[] = [];
  const refused: string[] = [];
  const attempt = (label: string, allowed: boolean, expect: Expect, build: () => KubeRequest<unknown>): void => {
    if (allowed) formed.push({ request: build(), expect });
    else {
      expect_(() => build(), label).toThrow(UnsupportedRequestError);
      refused.push(label);
    }
  };
  const verbs = new Set<string>(descriptor.VERBS);
  const subs = new Set<string>(descriptor.SUBRESOURCES);
  // A descriptor without PATCH_TYPES allows every patch type.
  const patchType = (type: string): boolean => descriptor.PATCH_TYPES === undefined || (descriptor.PATCH_TYPES as readonly string[]).includes(type);
  const scaleGvk = { apiVersion: "autoscaling/v1", kind: "Scale" };
  const resourceSet = (r: ResourceRequests<KubeObject>): void => {
    attempt("get", verbs.has("get"), { verb: "get", actions: ["get"] }, () => r.get(NAME));
    attempt("list", verbs.has("list"), { verb: "list", actions: ["list"] }, () => r.list(LIST));
    attempt("watch", verbs.has("watch"), { verb: "watch", actions: ["list", "watchlist"] }, () => r.watch(WATCH));
    attempt("create", verbs.has("create"), { verb: "create", actions: ["post"] }, () => r.create(OBJECT, WRITE));
    attempt("replace", verbs.has("update"), { verb: "update", actions: ["put"] }, () => r.replace(NAME, OBJECT, WRITE));
    for (const type of ["merge", "strategic"] as const) attempt(`patch ${type}`, verbs.has("patch") && patchType(type), { verb: "patch", actions: ["patch"] }, () => r.patch(NAME, { type, patch: { metadata: { labels: { a: "b" } } } }, WRITE));
    attempt("patch json", verbs.has("patch") && patchType("json"), { verb: "patch", actions: ["patch"] }, () => r.patch(NAME, { type: "json", patch: [{ op: "remove", path: "/metadata/labels/a" }] }, WRITE));
    attempt("patch apply", verbs.has("patch") && patchType("apply"), { verb: "patch", actions: ["patch"] }, () => r.patch(NAME, { type: "apply", fieldManager: "test", force: true, patch: {} }, { dryRun: true, fieldValidation: "Warn" }));
    attempt("delete", verbs.has("delete"), { verb: "delete", actions: ["delete"] }, () => r.delete(NAME, DELETE));
    attempt("deleteCollection", verbs.has("deletecollection"), { verb: "deletecollection", actions: ["deletecollection"] }, () => r.deleteCollection({ ...DELETE, ...LIST }));
    const status = subs.has("status");
    attempt("getStatus", status, { verb: "get", actions: ["get"] }, () => r.getStatus(NAME));
    attempt("replaceStatus", status, { verb: "update", actions: ["put"] }, () => r.replaceStatus(NAME, OBJECT, WRITE));
    for (const type of ["merge", "strategic"] as const) attempt(`patchStatus ${type}`, status && patchType(type), { verb: "patch", actions: ["patch"] }, () => r.patchStatus(NAME, { type, patch: {} }, WRITE));
    attempt("patchStatus apply", status && patchType("apply"), { verb: "patch", actions: ["patch"] }, () => r.patchStatus(NAME, { type: "apply", fieldManager: "m", force: true, patch: {} }));
    attempt("patchStatus json", status && patchType("json"), { verb: "patch", actions: ["patch"] }, () => r.patchStatus(NAME, { type: "json", patch: [] }));
    const scale = subs.has("scale");
    attempt("getScale", scale, { verb: "get", actions: ["get"], gvk: scaleGvk }, () => r.getScale(NAME));
    attempt("replaceScale", scale, { verb: "update", actions: ["put"], gvk: scaleGvk }, () => r.replaceScale(NAME, SCALE, WRITE));
    for (const type of ["merge", "strategic"] as const) attempt(`patchScale ${type}`, scale && patchType(type), { verb: "patch", actions: ["patch"], gvk: scaleGvk }, () => r.patchScale(NAME, { type, patch: { spec: { replicas: 3 } } }, WRITE));
    attempt("patchScale apply", scale && patchType("apply"), { verb: "patch", actions: ["patch"], gvk: scaleGvk }, () => r.patchScale(NAME, { type: "apply", fieldManager: "m", patch: { spec: { replicas: 3 } } }));
    attempt("patchScale json", scale && patchType("json"), { verb: "patch", actions: ["patch"], gvk: scaleGvk }, () => r.patchScale(NAME, { type: "json", patch: [{ op: "replace", path: "/spec/replicas", value: 3 }] }));
  };
  if (descriptor.SCOPE === "namespaced") {
    resourceSet(namespaced(descriptor, NS));
    const all = allNamespaces(descriptor);
    attempt("all list", verbs.has("list"), { verb: "list", actions: ["list"] }, () => all.list(LIST));
    attempt("all watch", verbs.has("watch"), { verb: "watch", actions: ["list", "watchlist"] }, () => all.watch(WATCH));
    expect(() => cluster(descriptor as never)).toThrow(UnsupportedRequestError);
  } else if (descriptor.SCOPE === "cluster") {
    resourceSet(cluster(descriptor));
    expect(() => namespaced(descriptor as never, NS)).toThrow(UnsupportedRequestError);
    expect(() => allNamespaces(descriptor as never)).toThrow(UnsupportedRequestError);
  } else {
    expect(() => namespaced(descriptor as never, NS)).toThrow(UnsupportedRequestError);
    expect(() => cluster(descriptor as never)).toThrow(UnsupportedRequestError);
    expect(() => allNamespaces(descriptor as never)).toThrow(UnsupportedRequestError);
  }
  return { formed, refused };
}
const expect_ = (fn: () => unknown, label: string) => expect(fn, label);

function resolveParameters(doc: SwaggerDocument, params: Parameter[] | undefined): Parameter[] {
  return (params ?? []).map((p) => (p.$ref ? (doc.parameters?.[p.$ref.replace(/^#\/parameters\//, "")] as Parameter) : p));
}

function apiVersionOf(gvk: GroupVersionKind): string {
  return gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/** The spec template of a request path. */
export function template(path: string): string {
  return path.replace(`/namespaces/${NS}/`, "/namespaces/{namespace}/").replace(new RegExp(`/${NAME}(/|$)`), "/{name}$1");
}

/**
 * Problems of one request against `doc`. `checkParameters: false` skips the query/body
 * declarations (for documents whose operations declare no parameters).
 */
export function checkRequest(doc: SwaggerDocument, descriptor: AnyDescriptor, { request, expect: want }: Formed, checkParameters = true): string[] {
  const problems: string[] = [];
  const where = `${request.method} ${request.path}`;
  const templated = template(request.path);
  const item = doc.paths[templated];
  if (!item) return [`${where}: no path ${templated} in the spec`];
  const op = item[request.method.toLowerCase() as "get"] as Operation | undefined;
  if (!op) return [`${where}: ${templated} has no ${request.method} operation`];
  const action = op["x-kubernetes-action"];
  if (!action || !want.actions.includes(action)) problems.push(`${where}: action ${action}, expected ${want.actions.join("|")}`);
  const gvk = op["x-kubernetes-group-version-kind"];
  const wantGvk = want.gvk ?? { apiVersion: descriptor.API_VERSION, kind: descriptor.KIND };
  if (!gvk || apiVersionOf(gvk) !== wantGvk.apiVersion || gvk.kind !== wantGvk.kind) problems.push(`${where}: operation is for ${gvk ? `${apiVersionOf(gvk)} ${gvk.kind}` : "no kind"}`);
  const params = [...resolveParameters(doc, item.parameters), ...resolveParameters(doc, op.parameters)];
  const query = new Set(params.filter((p) => p.in === "query").map((p) => p.name));
  if (checkParameters) {
    for (const key of Object.keys(request.query)) if (!query.has(key)) problems.push(`${where}: query parameter ${key} not declared`);
    if (request.body !== undefined && !params.some((p) => p.in === "body")) problems.push(`${where}: sends a body the operation does not take`);
  }
  const contentType = request.headers["Content-Type"];
  const consumes = op.consumes as string[] | undefined;
  if (contentType && consumes && !consumes.includes(contentType) && !consumes.includes("*/*")) problems.push(`${where}: Content-Type ${contentType} not in consumes ${consumes.join(", ")}`);
  for (const path of [request.path]) if (/[^A-Za-z0-9\-._~/%]/.test(path)) problems.push(`${where}: unencoded path`);
  return problems;
}

