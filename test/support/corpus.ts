// Reading the shared corpus in place: its YAML documents, and the defects SOURCES.md lists.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseManifests } from "../../generator/crd/read-manifests.js";
import { SHARED } from "../helpers.js";

export const CORPUS = join(SHARED, "corpus");

export function yamlFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) out.push(path);
    }
  };
  walk(folder);
  return out;
}

/**
 * The documents of a YAML file, read as kubectl reads them — by the generator's own reader
 * (generator/crd/read-manifests.ts: YAML 1.1 as go-yaml has it, timestamps kept as strings).
 * Empty documents (a trailing `---`, comments only) are dropped, as kubectl drops them, and
 * the rest are numbered in order, as SOURCES.md numbers them.
 */
export function readDocuments(file: string): unknown[] {
  return parseManifests(readFileSync(file, "utf8"), file).map((d) => d.value);
}

export function corpusPath(file: string): string {
  return relative(CORPUS, file);
}

export interface ListedDefect {
  /** Document index in the file. */
  doc: number;
  /** Field path inside the document, e.g. "spec.rules[0].http.paths[0].backend.serviceName". */
  path: string;
  kind: "unknown field" | "type" | "missing";
}

/**
 * The defects SOURCES.md lists for built-in documents, under "Known deviations" and
 * "Missing required fields", by corpus-relative file. Numeric quantities ("expected string"
 * at a Quantity) are not defects for our types, which accept numbers there, and are left out
 * by the caller (it knows which paths are quantities).
 */
export function listedDefects(): Map<string, ListedDefect[]> {
  const text = readFileSync(join(CORPUS, "SOURCES.md"), "utf8");
  const start = text.indexOf("## Known deviations of built-in objects");
  const end = text.indexOf("Lists (`ConfigMapList`", start);
  const section = text.slice(start, end);
  const byFile = new Map<string, ListedDefect[]>();
  const add = (file: string, defect: ListedDefect) => byFile.set(file, [...(byFile.get(file) ?? []), defect]);
  for (const line of section.split("\n")) {
    const m = /^- `([^`]+)`(?: \((\d+) files\))?: (.*)$/.exec(line);
    if (!m) continue;
    const [, fileSpec, , rest] = m as unknown as [string, string, string | undefined, string];
    const files = fileSpec.includes("*") ? expandGlob(fileSpec) : [fileSpec];
    for (const part of rest.split(/;\s*/)) {
      // "#0:Kind.a.b: unknown field" | "#2:Secret.stringData.x: expected string 1" | "#0:Ingress.spec...pathType missing"
      // | "#0 and #1:MutatingWebhookConfiguration.webhooks[0].sideEffects missing" | "webhooks[1].sideEffects missing" (same doc and kind as before)
      const d = /^(?:#(\d+)(?: and #(\d+))?:[A-Za-z]+\.)?(.+?)(?::? (unknown field|expected .*|missing))$/.exec(part.trim().replace(/ \([^)]*\)$/, ""));
      if (!d) continue;
      const [, docA, docB, path, what] = d as unknown as [string, string | undefined, string | undefined, string, string];
      const kind: ListedDefect["kind"] = what === "unknown field" ? "unknown field" : what === "missing" ? "missing" : "type";
      const docs = docA !== undefined ? [Number(docA), ...(docB !== undefined ? [Number(docB)] : [])] : [lastDoc(byFile, files[0]!)];
      for (const file of files) for (const doc of docs) for (const p of path.split(/,\s*/)) add(file, { doc, path: p, kind });
    }
  }
  return byFile;
}

function lastDoc(byFile: Map<string, ListedDefect[]>, file: string): number {
  const list = byFile.get(file);
  return list?.[list.length - 1]?.doc ?? 0;
}

function expandGlob(pattern: string): string[] {
  const dir = pattern.slice(0, pattern.lastIndexOf("/"));
  const re = new RegExp(`^${pattern.slice(dir.length + 1).replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
  return readdirSync(join(CORPUS, dir)).filter((f) => re.test(f)).map((f) => `${dir}/${f}`);
}
