// Where the API server and the types part ways, and why: the ONE table of named categories
// (docs/server-verdicts.md explains each), and the classification of every document.
//
// A refusal of the server comes in parts: one per Status cause (field + message), or the
// Status message when it has no causes. Each part is attributed to a category on its own, so a
// document refused for two reasons (sysdig-rc.yaml#0: a selector missing AND a value rule)
// is explained only when both parts are.
import type { StatusCause } from "../../client/src/index.js";
import type { CorpusDocument } from "./corpus-documents.js";
import type { ServerVerdict } from "./server-verdict.js";
import type { TypeVerdict } from "./type-verdicts.js";

/** One part of the server's refusal. */
export interface RefusalPart {
  /** Status.reason of the whole refusal ("Invalid", "AlreadyExists", "NotFound", …). */
  reason: string;
  /** StatusCause.field, "" when the part is the Status message. */
  field: string;
  /** StatusCause.reason ("FieldValueRequired", "FieldValueInvalid", …), "" for the Status message. */
  causeReason: string;
  message: string;
}

export type Side =
  /** The cluster's state or configuration refuses, not the document: every cluster would not say the same. */
  | "set apart"
  /** The document is wrong by a rule the types cannot (or deliberately do not) express. */
  | "types accept, server rejects"
  /** The types are stricter than the server, for a documented reason. */
  | "types reject, server accepts";

export interface Category {
  name: string;
  side: Side;
  /** Why the types do not (or cannot) say it; for "set apart", which cluster state refuses. */
  reason: string;
  /**
   * Whether the category explains a part of the server's refusal ("set apart", "types accept,
   * server rejects"), or a type diagnostic ("types reject, server accepts": `part.message` is
   * the diagnostic, "<field path>: <message>").
   */
  matches(part: RefusalPart, document: CorpusDocument): boolean;
  /** A consequence of another part of the same refusal: never explains a document alone. */
  followsFrom?: true;
}

/** A kind of Kubernetes itself: the core group, or a group ending in .k8s.io (custom resources use their own domains). */
const isBuiltIn = (document: CorpusDocument) => !document.apiVersion.includes("/") || !document.apiVersion.split("/")[0]!.includes(".") || document.apiVersion.split("/")[0]!.endsWith(".k8s.io");
const cause = (part: RefusalPart, field: RegExp, message: RegExp) => field.test(part.field) && message.test(part.message);

/** THE table. Order matters only for reading: a part is attributed to the first category that matches it. */
export const CATEGORIES: Category[] = [
  // ---- set apart: the cluster refuses, not the document --------------------------------
  {
    name: "exists in a bare cluster",
    side: "set apart",
    reason:
      "AlreadyExists: the bare API server creates some objects itself (the default, kube-system, kube-public and kube-node-lease Namespaces, bootstrap RBAC, default priority classes and flow schemas); a create of one of them is refused whatever the document says. Namespace documents are judged before the test creates the namespaces the other documents need, so those never count here.",
    matches: (part) => part.reason === "AlreadyExists",
  },
  {
    name: "IP family the cluster lacks",
    side: "set apart",
    reason:
      "spec.ipFamilies / spec.ipFamilyPolicy name an IP family the cluster's service CIDRs lack (\"not configured on this cluster\", \"not configured for dual-stack\"). The test's server is dual-stack, so only a cluster without IPv6 would say it.",
    matches: (part) => cause(part, /^spec\.ipFamil/, /not configured (on this cluster|for dual-stack)/),
  },
  {
    name: "ClusterIP outside the service range",
    side: "set apart",
    reason:
      "spec.clusterIP(s) is a fixed address outside the cluster's --service-cluster-ip-range (\"is not in the valid range\"); a cluster whose range holds it accepts the document. The test's server has kubeadm's 10.96.0.0/12.",
    matches: (part) => cause(part, /^spec\.clusterIPs?(\[\d+\])?$/, /is not in the valid range/),
  },
  {
    name: "privileged container",
    side: "set apart",
    reason: "securityContext.privileged: true is refused by an API server started without --allow-privileged (\"disallowed by cluster policy\"). The test's server allows it, as kubeadm's does.",
    matches: (part) => cause(part, /securityContext\.privileged$/, /disallowed by cluster policy/),
  },
  {
    name: "no ServiceAccount admission",
    side: "set apart",
    reason:
      "A projected serviceAccountToken volume source needs spec.serviceAccountName (\"must not be specified when serviceAccountName is not set\"). On a cluster, the ServiceAccount admission plugin sets it to \"default\" before validation; the harness's server disables that plugin (no controller-manager creates the default ServiceAccounts it would look up), so a Pod that leaves the name out is refused here only.",
    matches: (part) => cause(part, /\.projected\.sources\[\d+\]\.serviceAccountToken$/, /must not be specified when serviceAccountName is not set/),
  },
  {
    name: "unserved CRD version",
    side: "set apart",
    reason:
      "The document's apiVersion is a version its CRD declares with served: false: the server serves no URL for it (404 page not found), and the CRD package no type for it (tsc fails too). The installed CRD decides, not the document.",
    // The bare 404 of a URL nothing serves (not `<resource> "<name>" not found`).
    matches: (part, document) => part.reason === "NotFound" && !isBuiltIn(document) && /^404 page not found\s*$/.test(part.message),
  },

  // ---- types accept, server rejects: rules the types cannot express -------------------
  {
    name: "base64 in Secret data",
    side: "types accept, server rejects",
    reason:
      "Secret.data values are `format: byte`, base64 text: the type is `string` (no TypeScript type spells the base64 alphabet of any length), and the server fails to decode the body (BadRequest \"illegal base64 data\"). Placeholders such as `<base64 encoded …>` fail here.",
    matches: (part) => part.reason === "BadRequest" && /cannot be handled as a Secret: illegal base64 data/.test(part.message),
  },
  {
    name: "Job selector of a read-back object",
    side: "types accept, server rejects",
    reason:
      "A Job as `kubectl get -o yaml` prints it: spec.selector and the controller-uid labels were generated by the server for another object. On create, spec.selector must be absent unless spec.manualSelector is true (\"`selector` not auto-generated\"), and the controller-uid label must be the new object's uid: a rule between two fields and a server-assigned value, not a type.",
    matches: (part, document) =>
      document.kind === "Job" &&
      (cause(part, /^spec\.selector$/, /`selector` not auto-generated/) || cause(part, /^spec\.template\.metadata\.labels\[(batch\.kubernetes\.io\/)?controller-uid\]$/, /must be '/)),
  },
  {
    name: "CustomResourceDefinition v1 create rules",
    side: "types accept, server rejects",
    reason:
      "apiextensions.k8s.io/v1 refuses on create what it keeps on read: every version needs schema.openAPIV3Schema, and spec.preserveUnknownFields must not be true. CRDs created through v1beta1 are read through v1 without a schema and with preserveUnknownFields: true, so the type (the spec's) rightly has `schema?` and `boolean`. The argo-cd test CRDs are such v1beta1-era objects relabelled v1.",
    matches: (part, document) =>
      document.kind === "CustomResourceDefinition" &&
      (cause(part, /^spec\.versions\[\d+\]\.schema\.openAPIV3Schema$/, /^Required value$/) || cause(part, /^spec\.preserveUnknownFields$/, /cannot set to true/)),
  },
  {
    name: "string format (RFC 1123 names and hosts)",
    side: "types accept, server rejects",
    reason:
      "Names, hosts and DNS labels are strings whose format the server checks (RFC 1123 subdomain or label, RFC 1035 label); the schema has no pattern for them and a type is `string`. Template placeholders such as `__INGRESS_HOST__` or `registry.<your domain>` fail here.",
    matches: (part) => /^Invalid value: /.test(part.message) && /RFC 1123|RFC 1035/.test(part.message),
  },
  {
    name: "required unless another field stands in",
    side: "types accept, server rejects",
    reason:
      "Optional in the schema because something else can take its place, required by validation when nothing does: Service spec.ports (not needed with type: ExternalName), ReplicationController spec.selector (defaulted from the template's labels, so required when the template has none). A condition on other fields' values, not a type.",
    matches: (part, document) =>
      /^Required value$/.test(part.message) && ((document.kind === "Service" && part.field === "spec.ports") || (document.kind === "ReplicationController" && part.field === "spec.selector")),
  },
  {
    name: "enum value of a built-in field",
    side: "types accept, server rejects",
    reason:
      "The field has a fixed set of values (container port protocol: TCP, UDP, SCTP), but the pinned document (and the harness server's /openapi/v2, OpenAPIEnums off) has no `enum` for it, only prose, so the type is `string` and \"tcp\" type-checks. (CRD enums are typed as unions of literals.)",
    matches: (part, document) => isBuiltIn(document) && /^Unsupported value: .*: supported values: /.test(part.message),
  },
  {
    name: "metadata.name or generateName",
    side: "types accept, server rejects",
    reason:
      "Every create needs metadata.name or metadata.generateName; either may be absent alone, so both are optional in ObjectMeta. \"One of the two\" is not expressed (it would turn ObjectMeta into a union for every kind).",
    matches: (part) => part.field === "metadata.name" && /name or generateName is required/.test(part.message),
  },
  {
    name: "validation rules not run (follows another cause)",
    side: "types accept, server rejects",
    reason:
      "Custom resources: when the schema validation found an error, the server skips the CEL rules and says so. A consequence of the other causes of the same refusal, never a cause of its own: it explains no document alone.",
    followsFrom: true,
    matches: (part) => /some validation rules were not checked because the object was invalid/.test(part.message),
  },
];

export type Verdict = "both accept" | "both reject" | "types reject, server accepts" | "types accept, server rejects" | "set apart";

export interface Classified {
  document: CorpusDocument;
  verdict: Verdict;
  server: ServerVerdict;
  types: TypeVerdict;
  /** Category names that explain it (a set-apart or disagreeing document), in part order, distinct. */
  categories: string[];
  /** Parts (or type diagnostics) no category explains: a disagreement the table does not know. */
  unexplained: string[];
}

/** The parts of a refusal: one per cause, else the Status message. */
export function refusalParts(server: ServerVerdict): RefusalPart[] {
  const reason = server.reason ?? "";
  const causes: StatusCause[] = server.causes ?? [];
  if (causes.length === 0) return [{ reason, field: "", causeReason: "", message: server.message ?? "" }];
  return causes.map((c) => ({ reason, field: c.field ?? "", causeReason: c.reason ?? "", message: c.message ?? "" }));
}

export const describePart = (part: RefusalPart) => (part.field ? `${part.field}: ${part.message}` : `${part.reason}: ${part.message}`);

export function classify(document: CorpusDocument, server: ServerVerdict, types: TypeVerdict, categories: Category[] = CATEGORIES): Classified {
  const base = { document, server, types };
  const find = (side: Side, part: RefusalPart) => categories.find((c) => c.side === side && c.matches(part, document));
  if (server.accepts) {
    if (types.accepts) return { ...base, verdict: "both accept", categories: [], unexplained: [] };
    const found = types.diagnostics.map((message) => ({ message, category: find("types reject, server accepts", { reason: "", field: "", causeReason: "", message }) }));
    return {
      ...base,
      verdict: "types reject, server accepts",
      categories: [...new Set(found.flatMap((f) => (f.category ? [f.category.name] : [])))],
      unexplained: found.filter((f) => !f.category).map((f) => f.message),
    };
  }
  const parts = refusalParts(server).map((part) => ({ part, setApart: find("set apart", part) }));
  if (parts.every((p) => p.setApart)) return { ...base, verdict: "set apart", categories: [...new Set(parts.map((p) => p.setApart!.name))], unexplained: [] };
  if (!types.accepts) return { ...base, verdict: "both reject", categories: [], unexplained: [] };
  const explained = parts.map((p) => ({ ...p, category: p.setApart ?? find("types accept, server rejects", p.part) }));
  const unexplained = explained.filter((p) => !p.category).map((p) => describePart(p.part));
  // Follow-on parts explain nothing alone: some part must be refused for a reason of its own.
  if (explained.every((p) => !p.category || p.category.followsFrom || p.setApart)) unexplained.push(...explained.filter((p) => p.category?.followsFrom).map((p) => describePart(p.part)));
  return {
    ...base,
    verdict: "types accept, server rejects",
    categories: [...new Set(explained.flatMap((p) => (p.category ? [p.category.name] : [])))],
    unexplained,
  };
}

export const VERDICTS: Verdict[] = ["both accept", "both reject", "types reject, server accepts", "types accept, server rejects", "set apart"];
