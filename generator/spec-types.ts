// The subset of Swagger 2.0 / JSON Schema that Kubernetes documents use, and that the
// generator reads. CRD schemas (structural OpenAPI v3 schemas) use the same shape, plus
// the v3 keywords listed at the end.

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  additionalProperties?: Schema | boolean;
  enum?: unknown[];
  default?: unknown;
  // Keywords of CRD (OpenAPI v3) schemas; a v2 document from a cluster carries some of them.
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
  "x-kubernetes-group-version-kind"?: GroupVersionKind[];
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: string;
  [extension: `x-${string}`]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface Operation {
  operationId?: string;
  description?: string;
  parameters?: Parameter[];
  "x-kubernetes-action"?: string;
  "x-kubernetes-group-version-kind"?: GroupVersionKind;
  responses?: Record<string, { description?: string; schema?: { $ref?: string } } | undefined>;
  [key: string]: unknown;
}

export interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  [key: string]: unknown;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = { parameters?: Parameter[] } & { [M in HttpMethod]?: Operation };

export interface SwaggerDocument {
  swagger: "2.0";
  info?: { title?: string; version?: string };
  definitions: Record<string, Schema>;
  paths: Record<string, PathItem>;
  parameters?: Record<string, Parameter>;
  [key: string]: unknown;
}
