// `k8s-openapi-ts check --kubernetes <minor> <files or folders… | ->`: each manifest against
// one pinned Kubernetes version. Is its apiVersion + kind served there (if not: since when,
// and what replaces it)? Is it deprecated there? Does it fit that version's types?
import { buildCrdDocument, kubernetesExternal } from "../crd/generate-crd.js";
import { parseManifests, readManifests, type ManifestDocument } from "../crd/read-manifests.js";
import { GeneratorError } from "../errors.js";
import { MAX_DOCUMENT_BYTES } from "../load/read-document.js";
import type { DefinitionModel, PackageModel } from "../model/build-model.js";
import { refName } from "../model/names.js";
import { pinnedModel, pinnedVersions } from "../pinned-models.js";
import { modelOf } from "../pipeline.js";
import { checkDocument, type DefinitionLookup, type Problem } from "./check-value.js";

export type Verdict = "valid" | "invalid" | "not-served" | "not-checked";

export interface DocumentReport {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** For an item of a `v1` `List`: its position in `items` (problem pointers are then relative to the item). */
  item?: number;
  apiVersion: string | null;
  kind: string | null;
  name: string | null;
  verdict: Verdict;
  problems: Problem[];
  /** The deprecation notice of the kind in this version (a warning: the document still passes). */
  deprecated?: string;
  /** For a kind this version does not serve: what the pinned versions say about it. */
  served?: ServedHistory;
  /** Why a document was not checked. */
  note?: string;
}

export interface ServedHistory {
  lastServed?: string;
  removedIn?: string;
  firstServed?: string;
  /** The apiVersion of the same kind this version serves instead, if any. */
  replacement?: string;
}

export interface CheckReport {
  kubernetes: string;
  summary: { documents: number; valid: number; invalid: number; notServed: number; notChecked: number; deprecated: number };
  documents: DocumentReport[];
}

export interface CheckOptions {
  kubernetes: string;
  /** CRD manifests: custom resources of their kinds are checked too. */
  crd?: string[];
}

/** Kind key → definition (resource kinds and list kinds), per model. */
const kindIndexes = new WeakMap<PackageModel, Map<string, DefinitionModel>>();
const key = (apiVersion: string, kind: string) => `${apiVersion}\n${kind}`;

export function kindsOf(model: PackageModel): Map<string, DefinitionModel> {
  let index = kindIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const def of model.definitions.values()) {
      if (def.resource) index.set(key(def.resource.apiVersion, def.resource.kind), def);
      const item = def.list ? model.definitions.get(def.list.item)?.resource : undefined;
      if (item) index.set(key(item.apiVersion, def.list!.listKind), def);
    }
    kindIndexes.set(model, index);
  }
  return index;
}

/** `$ref` → definition, in the first model that has it. */
function lookupIn(models: PackageModel[]): DefinitionLookup {
  const has = (name: string) => models.some((m) => m.definitions.has(name));
  return (ref) => {
    const name = refName(ref, "definitions", has);
    return name === undefined ? undefined : models.find((m) => m.definitions.has(name))?.definitions.get(name);
  };
}

/** Reads the inputs as kubectl does; `-` is standard input. */
export async function readInputs(inputs: string[]): Promise<ManifestDocument[]> {
  const documents: ManifestDocument[] = [];
  for (const input of inputs) {
    if (input === "-") {
      documents.push(...parseManifests(await readStdin(), "<stdin>"));
      continue;
    }
    documents.push(...(await readManifests([input])).documents);
  }
  return documents;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_DOCUMENT_BYTES) throw new GeneratorError(`standard input is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`, { file: "<stdin>" });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The checker for one target version (and optional CRDs), reusable across calls. */
export async function makeChecker(options: CheckOptions): Promise<(documents: ManifestDocument[]) => Promise<CheckReport>> {
  const target = await pinnedModel(options.kubernetes);
  const version = pinnedVersions().find((v) => v === options.kubernetes.replace(/^v/, ""))!;
  const crdModel = options.crd?.length
    ? (await modelOf({ document: (await buildCrdDocument(options.crd)).document, file: options.crd.join(", "), external: kubernetesExternal(version).external })).model
    : undefined;
  const builtIn = lookupIn([target]);
  const withCrds = crdModel ? lookupIn([crdModel, target]) : builtIn;
  const history = new ServedKinds(version);

  const checkOne = async (doc: ManifestDocument, value: unknown, item: number | undefined, base: string): Promise<DocumentReport> => {
    const object = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const apiVersion = typeof object?.apiVersion === "string" ? object.apiVersion : null;
    const kind = typeof object?.kind === "string" ? object.kind : null;
    const metadata = object?.metadata as { name?: unknown } | undefined;
    const name = typeof metadata?.name === "string" ? metadata.name : null;
    const report: DocumentReport = { file: doc.file, index: doc.index, ...(item !== undefined ? { item } : {}), apiVersion, kind, name, verdict: "valid", problems: [] };
    if (apiVersion === null || kind === null) {
      report.verdict = "invalid";
      report.problems.push({ pointer: base, message: object ? "a manifest needs apiVersion and kind (strings)" : "a manifest is an object with apiVersion and kind" });
      return report;
    }
    const custom = crdModel ? kindsOf(crdModel).get(key(apiVersion, kind)) : undefined;
    const def = custom ?? kindsOf(target).get(key(apiVersion, kind));
    if (def) {
      report.problems = checkDocument(def, value, custom ? withCrds : builtIn, base);
      if (report.problems.length > 0) report.verdict = "invalid";
      const deprecated = def.resource?.deprecated ?? (def.list ? target.definitions.get(def.list.item)?.resource?.deprecated : undefined);
      if (deprecated) report.deprecated = deprecated;
      return report;
    }
    if (!(await history.isBuiltIn(apiVersion))) {
      report.verdict = "not-checked";
      report.note = !crdModel
        ? "a custom resource (give its CRD with --crd to check it)"
        : crdModel.resources.some((d) => d.resource!.kind === kind && apiVersion.startsWith(`${d.resource!.group}/`))
          ? "the CRD given for this kind does not serve this version"
          : "a custom resource whose CRD was not given";
      return report;
    }
    report.verdict = "not-served";
    report.served = await history.of(apiVersion, kind, target);
    return report;
  };

  return async (documents) => {
    const reports: DocumentReport[] = [];
    for (const doc of documents) {
      const value = doc.value as { apiVersion?: unknown; kind?: unknown; items?: unknown };
      // kubectl's client-side List: each item is a manifest of its own.
      if (value?.apiVersion === "v1" && value.kind === "List" && Array.isArray(value.items)) {
        for (const [i, item] of value.items.entries()) reports.push(await checkOne(doc, item, i, `/items/${i}`));
      } else reports.push(await checkOne(doc, doc.value, undefined, ""));
    }
    const count = (verdict: Verdict) => reports.filter((r) => r.verdict === verdict).length;
    return {
      kubernetes: version,
      summary: {
        documents: reports.length,
        valid: count("valid"),
        invalid: count("invalid"),
        notServed: count("not-served"),
        notChecked: count("not-checked"),
        deprecated: reports.filter((r) => r.deprecated).length,
      },
      documents: reports,
    };
  };
}

/** Which pinned versions serve a kind (their models are loaded only when a document needs them). */
class ServedKinds {
  private all: Promise<{ version: string; model: PackageModel }[]> | undefined;
  constructor(private readonly target: string) {}

  private models() {
    this.all ??= Promise.all(pinnedVersions().map(async (version) => ({ version, model: await pinnedModel(version) })));
    return this.all;
  }

  /** A built-in group: no dot in its name (core, apps, extensions…), or served by some pinned version. */
  async isBuiltIn(apiVersion: string): Promise<boolean> {
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    if (!group.includes(".")) return true;
    return (await this.models()).some(({ model }) => model.resources.some((d) => d.resource!.group === group));
  }

  async of(apiVersion: string, kind: string, target: PackageModel): Promise<ServedHistory> {
    const models = await this.models();
    const versions = models.map((m) => m.version);
    const at = versions.indexOf(this.target);
    const serves = models.map(({ model }) => kindsOf(model).has(key(apiVersion, kind)));
    const history: ServedHistory = {};
    const last = serves.slice(0, at).lastIndexOf(true);
    if (last >= 0) {
      history.lastServed = versions[last];
      history.removedIn = versions[last + 1];
    }
    const first = serves.indexOf(true, at + 1);
    if (first >= 0) history.firstServed = versions[first];
    const replacement = replacementOf(apiVersion, kind, target);
    if (replacement) history.replacement = replacement;
    return history;
  }
}

/** The served apiVersion of the same kind, preferring the same group, then the most stable version (v1 > v1beta2 > v1alpha1). */
function replacementOf(apiVersion: string, kind: string, model: PackageModel): string | undefined {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const candidates = model.resources.map((d) => d.resource!).filter((r) => r.kind === kind && r.apiVersion !== apiVersion);
  candidates.sort((a, b) => Number(b.group === group) - Number(a.group === group) || versionRank(b.version) - versionRank(a.version) || (a.apiVersion < b.apiVersion ? -1 : 1));
  return candidates[0]?.apiVersion;
}

/** Kubernetes' version priority: GA over beta over alpha, higher numbers first. */
function versionRank(version: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return -1;
  const stage = m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2;
  return stage * 1e6 + Number(m[1]) * 1e3 + Number(m[3] ?? 0);
}
