// Where each definition goes: its module path (the package subpath) and export name.
//
// The mapping is documented in docs/type-rules.md ("Module layout") and must stay predictable:
//   io.k8s.api.<group>.<version>.<Name>                          → <group>/<version>     (core/v1, apps/v1)
//   io.k8s.apimachinery.pkg.apis.<group>.<version>.<Name>        → <group>/<version>     (meta/v1)
//   io.k8s.apimachinery.pkg.<path…>.<Name>                       → <path…>               (api/resource, runtime, util/intstr, version)
//   io.k8s.apiextensions-apiserver.pkg.apis.<group>.<version>.<Name> → <group>/<version> (apiextensions/v1)
//   io.k8s.kube-aggregator.pkg.apis.<group>.<version>.<Name>     → <group>/<version>     (apiregistration/v1)
//   anything else with one x-kubernetes-group-version-kind      → <full group>/<version> (cert-manager.io/v1)
//   anything else                                                → <all but the last segment, dotted>
// Built-in groups are short names without dots and custom groups keep their dots, so the
// two never share a folder. Segments are sanitised so no name can leave the package folder.
import type { GroupVersionKind } from "../spec-types.js";

const BUILT_IN_PREFIXES = [
  "io.k8s.api.",
  "io.k8s.apimachinery.pkg.apis.",
  "io.k8s.apimachinery.pkg.",
  "io.k8s.apiextensions-apiserver.pkg.apis.",
  "io.k8s.kube-aggregator.pkg.apis.",
];

export interface DefinitionLocation {
  /** Package subpath, '/'-separated, never empty, e.g. "core/v1". */
  module: string;
  /** The exported TypeScript name, e.g. "Pod". */
  exportName: string;
}

export function locateDefinition(name: string, gvk?: GroupVersionKind): DefinitionLocation {
  const exportName = toIdentifier(lastSegment(name));
  const prefix = BUILT_IN_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) {
    const parts = name.slice(prefix.length).split(".").slice(0, -1);
    if (parts.length > 0) return { module: parts.map(safeSegment).join("/"), exportName };
  }
  if (gvk) return { module: `${safeSegment(gvk.group || "core")}/${safeSegment(gvk.version)}`, exportName };
  const parts = name.split(".").slice(0, -1);
  return { module: safeSegment(parts.length > 0 ? parts.join(".") : "_"), exportName };
}

function lastSegment(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot >= 0 ? name.slice(dot + 1) : name;
}

/** A folder name that cannot escape (no '/', '\\', '..', leading dot) and is portable. */
export function safeSegment(segment: string): string {
  let safe = segment.replace(/[^A-Za-z0-9._-]/g, "_");
  if (safe === "" || safe.startsWith(".")) safe = `_${safe}`;
  return safe;
}

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
    "let package private protected public static yield any boolean number string symbol unknown never object undefined " +
    "await async type declare module namespace require global readonly keyof infer is asserts satisfies accessor constructor " +
    // Not keywords, but `exports.__proto__ = …` would set the prototype of a CommonJS module's exports.
    "__proto__"
  ).split(" "),
);

/** A valid, non-reserved TypeScript identifier made from `name`. */
export function toIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (id === "" || /^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** The alias a module is imported under from another module: "meta/v1" → "meta_v1". */
export function moduleAlias(module: string): string {
  return toIdentifier(module.replace(/[^A-Za-z0-9]+/g, "_"));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in a type literal: bare when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * The name a local `$ref` ("#/<section>/<name>") points to inside `section`, or undefined.
 * The name is a JSON pointer segment (`~1` is "/", `~0` is "~") inside a URI fragment
 * (percent-encoded); a raw `%` that is no valid escape is taken as it is.
 */
export function refName(
  ref: string,
  sectionName: "definitions" | "parameters" | "responses",
  section: object | ((name: string) => boolean) | undefined,
): string | undefined {
  const prefix = `#/${sectionName}/`;
  if (!ref.startsWith(prefix) || !section) return undefined;
  const raw = ref.slice(prefix.length);
  const unescape = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");
  const candidates = [unescape(raw)];
  try {
    candidates.push(unescape(decodeURIComponent(raw)));
  } catch {
    // not percent-encoded
  }
  return candidates.find((name) => (typeof section === "function" ? section(name) : Object.hasOwn(section, name)));
}
