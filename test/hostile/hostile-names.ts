// Hostile text for specs: what a cluster's document may hold in descriptions, property
// names, definition names and kinds. Shared by the hostile-text test and the fuzzer.
import type { Schema, SwaggerDocument } from "../../generator/spec-types.js";

/** Descriptions that try to end the comment, open another, inject markup, and break lines every way there is. */
export const HOSTILE_DESCRIPTIONS = [
  "ends the comment */ export const pwned = 1; /* and opens another",
  "/* a nested comment opener, then a closer */ console.log(1) // line",
  "backticks `rm -rf /` and ${template} and \\` escapes",
  "<script>alert(document.cookie)</script> <!-- html --> </textarea>",
  "CRLF\r\nexport const a = 1;\rCR\nLF\u2028LS export const b = 2;\u2029PS\u0085NEL",
  "@deprecated at the start of a line\n@type {string} @see nothing\n * star line */",
  "control \u0000\u0001\u001b[31m characters and a lone surrogate \ud800 and emoji 🚀",
  "*/\n}\nexport declare const injected: 1;\ninterface X {\n/*",
  "",
  "\\u002a/ unicode-escaped closer and \\*/ escaped closer */*/*/",
];

/** Property names that are not identifiers, are inherited from Object.prototype, or are special to JSON Schema. */
export const HOSTILE_PROPERTY_NAMES = [
  "x-kubernetes-preserve-unknown-fields",
  "$ref",
  "-",
  "0abc",
  "a.b",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  " ",
  "a b",
  '"quoted"',
  "back\\slash",
  "new\nline",
  "*/",
  "🚀",
  "default",
  "class",
];

/** Definition names that are reserved words, escape the package folder, or clash with generated names. */
export const HOSTILE_DEFINITION_NAMES = [
  "class",
  "delete",
  "io.k8s.api.core.v1.default",
  "io.k8s.api.core.v1.function",
  "../../etc",
  "../../etc.passwd",
  "a/b/../../../x.Y",
  "..",
  ".",
  "/abs/path.T",
  "C:\\Windows.System32",
  "x.__proto__",
  "x.constructor",
  "x.prototype",
  "io.k8s.api.core.v1.meta_v1",
  "io.k8s.api.core.v1.",
  "io.k8s.api.core.v1.Object",
  "io.k8s.api.core.v1.Array",
  "io.k8s.api.core.v1.Omit",
];

export const HOSTILE_STRINGS = [...new Set([...HOSTILE_DESCRIPTIONS, ...HOSTILE_PROPERTY_NAMES, ...HOSTILE_DEFINITION_NAMES])];

/** A schema that uses every hostile description and property name. */
export function hostileObject(): Schema {
  const properties: Record<string, Schema> = {};
  HOSTILE_PROPERTY_NAMES.forEach((name, i) => {
    const description = HOSTILE_DESCRIPTIONS[i % HOSTILE_DESCRIPTIONS.length]!;
    const value: Schema = name === "__proto__" ? { type: "object", description, properties: { a: { type: "string" } } } : { type: "string", description, default: description };
    // defineProperty: assigning to "__proto__" would set the prototype instead.
    Object.defineProperty(properties, name, { value, enumerable: true, writable: true, configurable: true });
  });
  properties.hostileEnum = { type: "string", enum: HOSTILE_DESCRIPTIONS.slice(0, 6) };
  return { type: "object", description: HOSTILE_DESCRIPTIONS.join("\n"), properties, required: ["-"] };
}

/** Adds a resource kind (definition, GVK and get/list/create paths) to `doc`. */
export function addResource(doc: SwaggerDocument, definition: string, gvk: { group: string; version: string; kind: string }, plural: string): void {
  doc.definitions[definition] = {
    type: "object",
    description: HOSTILE_DESCRIPTIONS[0],
    "x-kubernetes-group-version-kind": [gvk],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: hostileObject(),
    },
  };
  const base = gvk.group === "" ? `/api/${gvk.version}` : `/apis/${gvk.group}/${gvk.version}`;
  const ok = { "200": { description: "OK", schema: { $ref: `#/definitions/${definition}` } } };
  const op = (action: string, id: string) => ({ operationId: id, responses: ok, "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk });
  const n = Object.keys(doc.paths).length;
  doc.paths[`${base}/namespaces/{namespace}/${plural}/{name}`] = {
    get: op("get", `read${n}`),
    parameters: [
      { name: "name", in: "path", required: true, type: "string" },
      { name: "namespace", in: "path", required: true, type: "string" },
    ],
  } as never;
  doc.paths[`${base}/namespaces/{namespace}/${plural}`] = {
    post: op("post", `create${n}`),
    parameters: [{ name: "namespace", in: "path", required: true, type: "string" }],
  } as never;
}
