// Reading the shared corpus in place: its YAML documents, and the defects SOURCES.md lists.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseManifests } from "../../generator/crd/read-manifests.js";
import { SHARED } from "../helpers.js";

export const CORPUS = join(SHARED, "corpus");

/**
 * The documents of a YAML file, read as kubectl reads them — by the generator's own reader
 * (generator/crd/read-manifests.ts: YAML 1.1 as go-yaml has it, timestamps kept as strings).
 * Empty documents (a trailing `---`, comments only) are dropped, as kubectl drops them, and
 * the rest are numbered in order, as SOURCES.md numbers them.
 */
export function readDocuments(file: string): unknown[] {
  return parseManifests(readFileSync(file, "utf8"), file).map((d) => d.value);
}

/**
 * Every file under a corpus folder, whatever its name: the corpus also holds manifests named
 * `*.yaml.injected` (istio's sidecar-injection test outputs, which INDEX.tsv lists), so a
 * `.yaml`/`.yml` filter would skip them. The tests compare this list with INDEX.tsv.
 */
export function corpusFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(folder);
  return out;
}

/**
 * INDEX.tsv: corpus-relative file → "<apiVersion> <kind> <role>" → count, where role
 * "document" counts top-level YAML documents and "list-item" the objects in `items` of a
 * `*List` document.
 */
export function corpusIndex(): Map<string, Map<string, number>> {
  const index = new Map<string, Map<string, number>>();
  const [header, ...rows] = readFileSync(join(CORPUS, "INDEX.tsv"), "utf8").split("\n").filter((l) => l !== "");
  if (header !== "file\tapiVersion\tkind\tcount\trole") throw new Error(`INDEX.tsv: unexpected header ${header}`);
  for (const row of rows) {
    const [file, apiVersion, kind, count, role] = row.split("\t");
    if (!file || !apiVersion || !kind || !/^\d+$/.test(count ?? "") || (role !== "document" && role !== "list-item")) throw new Error(`INDEX.tsv: malformed row ${row}`);
    const counts = index.get(file) ?? new Map<string, number>();
    const key = `${apiVersion} ${kind} ${role}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(count));
    index.set(file, counts);
  }
  return index;
}

/** The same counts as INDEX.tsv keeps them, for one file as readDocuments reads it. */
export function countDocuments(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const value of readDocuments(file)) {
    const object = value as Record<string, unknown>;
    add(`${String(object.apiVersion)} ${String(object.kind)} document`);
    if (String(object.kind).endsWith("List") && Array.isArray(object.items)) {
      for (const item of object.items as Record<string, unknown>[]) add(`${String(item.apiVersion)} ${String(item.kind)} list-item`);
    }
  }
  return counts;
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
