// The fields of a resource kind as a flat map, path → what the type says about it, walked
// by the emitter's rules (shapeOf, objectLayout): `spec.template.spec.containers[].image`,
// `[]` for array items and `*` for map values. A definition already on the current path is
// not entered again (JSONSchemaProps is recursive).
import { resourceSchema } from "../emit/emit-package.js";
import { enumType, objectLayout, propertyLayout, shapeOf, union } from "../emit/schema-to-type.js";
import type { DefinitionModel, PackageModel } from "../model/build-model.js";
import { refName } from "../model/names.js";
import { SPECIAL_TYPES, deprecationOf } from "../special-cases.js";
import type { Schema } from "../spec-types.js";

export interface FieldFacts {
  /** A short type label: `string`, `number | string`, `PodSpec`, `Container[]`, `{ [key]: string }`, `object`. */
  type: string;
  required: boolean;
  deprecated?: string;
}

const LITERALS = new Set(["apiVersion", "kind"]);

export function kindFields(def: DefinitionModel, model: PackageModel): Map<string, FieldFacts> {
  const fields = new Map<string, FieldFacts>();
  const lookup = (ref: string) => {
    const name = refName(ref, "definitions", (n) => model.definitions.has(n));
    return name === undefined ? undefined : model.definitions.get(name);
  };

  const label = (schema: Schema): string => {
    const shape = shapeOf(schema);
    let text: string;
    switch (shape.rule) {
      case "ref": {
        const target = lookup(shape.ref);
        text = !target ? shape.ref : target.role === "special" ? SPECIAL_TYPES[target.name]!.type : target.exportName;
        break;
      }
      case "int-or-string":
        text = "number | string";
        break;
      case "enum":
        text = enumType(shape.values);
        break;
      case "types":
      case "one-of":
        text = union((shape.rule === "types" ? shape.alternatives : shape.members).map(label));
        break;
      case "all-of":
        text = shape.members.map(label).join(" & ");
        break;
      case "array":
        text = `${shape.items ? wrap(label(shape.items)) : "unknown"}[]`;
        break;
      case "object": {
        const layout = objectLayout(schema);
        text = layout.mapValues && layout.properties.length === 0 ? `{ [key]: ${label(layout.mapValues)} }` : "object";
        break;
      }
      default:
        text = shape.rule;
    }
    return schema.nullable && text !== "unknown" ? union([text, "null"]) : text;
  };

  const walkProperties = (schema: Schema, path: string, visiting: Set<string>, skip?: Set<string>) => {
    for (const { name, schema: property, required } of propertyLayout(schema)) {
      if (skip?.has(name)) continue;
      const at = path ? `${path}.${name}` : name;
      const deprecated = deprecationOf(property.description);
      fields.set(at, { type: label(property), required, ...(deprecated ? { deprecated } : {}) });
      descend(property, at, visiting);
    }
  };

  const descend = (schema: Schema, path: string, visiting: Set<string>): void => {
    const shape = shapeOf(schema);
    switch (shape.rule) {
      case "ref": {
        const target = lookup(shape.ref);
        if (!target || visiting.has(target.name) || target.role === "special" || target.role === "list") return;
        const inner = new Set(visiting).add(target.name);
        if (target.role === "resource") walkProperties(resourceSchema(target), path, inner, LITERALS);
        else descend(target.schema, path, inner);
        return;
      }
      case "array":
        if (shape.items) descend(shape.items, `${path}[]`, visiting);
        return;
      case "object": {
        walkProperties(schema, path, visiting);
        const values = objectLayout(schema).mapValues;
        if (values) descend(values, `${path}.*`, visiting);
        return;
      }
      case "types":
      case "one-of":
      case "all-of":
        for (const member of shape.rule === "types" ? shape.alternatives : shape.members) descend(member, path, visiting);
        return;
      default:
        return;
    }
  };

  walkProperties(resourceSchema(def), "", new Set([def.name]), LITERALS);
  return fields;
}

function wrap(type: string): string {
  return /[|&\s]/.test(type) && !/^[{(]/.test(type) ? `(${type})` : type;
}

/** The field a path sits under: `spec.containers[].image` → `spec.containers`, `data.*.x` → `data`. */
export function parentPath(path: string): string {
  const dot = path.lastIndexOf(".");
  let parent = dot < 0 ? "" : path.slice(0, dot);
  while (parent.endsWith("[]") || parent.endsWith(".*")) parent = parent.slice(0, -2);
  return parent;
}
