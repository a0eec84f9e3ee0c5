// The package's programmatic entry: `import { generate, generateFromCrds } from "k8s-openapi-ts"`
// (docs/programmatic-api.md). Everything else in generator/ is internal.
export { generate, generateFromCrds } from "./runner/api.js";
export type { ClusterSource, CrdSummary, GenerateFromCrdsOptions, GenerateOptions, GenerateSummary } from "./runner/api.js";
export { GeneratorError } from "./errors.js";
export type { ErrorLocation } from "./errors.js";
