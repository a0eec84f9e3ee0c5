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
}

const cause = (part: RefusalPart, field: RegExp, message: RegExp) => field.test(part.field) && message.test(part.message);

/** THE table. Order matters only for reading: a part is attributed to the first category that matches it. */
export const CATEGORIES: Category[] = [
  // ---- set apart: the cluster refuses, not the document --------------------------------
  {
    name: "exists in a bare cluster",
    side: "set apart",
    reason:
      "AlreadyExists: the bare API server creates some objects itself (the default, kube-system, kube-public and kube-node-lease Namespaces, bootstrap RBAC, default priority classes and flow schemas); a create of one of them is refused whatever the document says. Namespace documents are judged before the test creates the namespaces other documents need, so those never count here.",
    matches: (part) => part.reason === "AlreadyExists",
  },
  {
    name: "IPv6 or dual-stack Service on an IPv4 cluster",
    side: "set apart",
    reason: "spec.ipFamilies / spec.ipFamilyPolicy name an IP family the cluster's service CIDR lacks (\"not configured on this cluster\", \"not configured for dual-stack\").",
    matches: (part) => cause(part, /^spec\.ipFamil/, /not configured (on this cluster|for dual-stack)/),
  },
  {
    name: "ClusterIP outside the service range",
    side: "set apart",
    reason: "spec.clusterIP(s) is a fixed address outside this cluster's --service-cluster-ip-range (\"provided IP is not in the valid range\"); on a cluster with that range it is accepted.",
    matches: (part) => cause(part, /^spec\.clusterIPs?\b/, /not in the valid range|provided IP is not in/),
  },
  {
    name: "privileged container",
    side: "set apart",
    reason: "securityContext.privileged: true is refused by an API server started without --allow-privileged (\"disallowed by cluster policy\").",
    matches: (part) => cause(part, /securityContext\.privileged$/, /disallowed by cluster policy/),
  },
  {
    name: "unserved CRD version",
    side: "set apart",
    reason: "The document's apiVersion is a version its CRD declares with served: false: the server has no URL for it (404), and the CRD package no type (tsc fails too). The CRD decides, not the document.",
    matches: (part, document) => part.reason === "NotFound" && /the server could not find the requested resource/.test(part.message) && document.apiVersion.includes("."),
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
  return {
    ...base,
    verdict: "types accept, server rejects",
    categories: [...new Set(explained.flatMap((p) => (p.category ? [p.category.name] : [])))],
    unexplained: explained.filter((p) => !p.category).map((p) => describePart(p.part)),
  };
}

export const VERDICTS: Verdict[] = ["both accept", "both reject", "types reject, server accepts", "types accept, server rejects", "set apart"];
