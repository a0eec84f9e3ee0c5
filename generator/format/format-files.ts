// Stage 6, format: every emitted source file laid out as prettier lays it out, so the
// output reads like hand-written code and diffs between versions stay small. JSON is
// already laid out by JSON.stringify.
//
// Prettier over whole files was the most expensive stage (≈ 60 % of a run, see
// fast-format.ts), so files are cut into top-level chunks at blank lines; a chunk whose
// shape fast-format.ts knows is re-indented directly, and only the others go through
// prettier, one small call each, remembered by text (the same declaration recurs in
// every Kubernetes version). The output is byte-identical to formatting whole files with
// prettier; set K8S_OPENAPI_TS_FORMAT=prettier to do exactly that.
import type * as Prettier from "prettier";
import type { FileMap } from "../emit/emit-package.js";
import { formatScriptChunk, formatTypesChunk, PRINT_WIDTH, splitChunks } from "./fast-format.js";

export const PRETTIER_OPTIONS: Prettier.Options = { printWidth: PRINT_WIDTH, trailingComma: "all", endOfLine: "lf" };
export const FORMAT_ENV = "K8S_OPENAPI_TS_FORMAT";

type Parser = "typescript" | "babel" | "markdown";

function parserFor(path: string): Parser | undefined {
  if (path.endsWith(".ts") || path.endsWith(".mts")) return "typescript";
  if (path.endsWith(".js") || path.endsWith(".mjs")) return "babel";
  if (path.endsWith(".md")) return "markdown";
  return undefined;
}

/** Prettier results by parser and input text, for the whole process (bounded). */
const memo = new Map<string, string>();
let prettier: typeof Prettier | undefined;
const MEMO_LIMIT = 20_000;

async function prettierFormat(text: string, parser: Parser, extra: Prettier.Options = {}): Promise<string> {
  const key = `${parser}\0${JSON.stringify(extra)}\0${text}`;
  let result = memo.get(key);
  if (result === undefined) {
    prettier ??= await import("prettier"); // loaded on first use: most runs need it for a few chunks only
    result = await prettier.format(text, { ...PRETTIER_OPTIONS, ...extra, parser });
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, result);
  }
  return result;
}

export interface FormatStats {
  chunks: number;
  /** Chunks that needed prettier (after the memo: calls actually made are fewer). */
  prettierChunks: number;
}

export const formatStats: FormatStats = { chunks: 0, prettierChunks: 0 };

// A fenced block at the start of a line: its info string and its content.
const FENCE = /^(`{3,})([^`\n]*)\n([\s\S]*?)\n\1[ \t]*$/gm;
const UNFORMATTED_LANGS = new Set(["", "sh", "bash", "shell", "console", "text"]);

/**
 * Markdown: prettier formats the prose, but the ```ts blocks — where most of its time went
 * (embedded TypeScript, ~60 % of a README) — are formatted here like .ts sources first
 * (fast path, chunks memoised across versions) and prettier is told to leave code blocks
 * alone. Any other kind of fenced block (or indented fences) goes to prettier whole.
 */
async function formatMarkdown(text: string): Promise<string> {
  const fences = [...text.matchAll(FENCE)];
  const backticks = (text.match(/^[ \t]*`{3,}/gm) ?? []).length;
  const typescript = (lang: string) => lang === "ts" || lang === "typescript";
  if (backticks !== fences.length * 2 || fences.some((f) => !typescript(f[2]!.trim()) && !UNFORMATTED_LANGS.has(f[2]!.trim()))) {
    return prettierFormat(text, "markdown");
  }
  let out = "";
  let last = 0;
  for (const fence of fences) {
    const [whole, marks, info, code] = fence as unknown as [string, string, string, string];
    let body = code;
    if (typescript(info.trim())) {
      try {
        body = (await formatSource(`${code}\n`, "typescript")).replace(/\n$/, "");
      } catch {
        return prettierFormat(text, "markdown"); // not valid TypeScript: prettier keeps the block as it is
      }
      if (body.includes(marks)) return prettierFormat(text, "markdown");
    }
    out += text.slice(last, fence.index) + `${marks}${info}\n${body}\n${marks}`;
    last = fence.index! + whole.length;
  }
  out += text.slice(last);
  return prettierFormat(out, "markdown", { embeddedLanguageFormatting: "off" });
}

/** One source file, formatted. */
export async function formatSource(text: string, parser: Parser): Promise<string> {
  if (process.env[FORMAT_ENV] === "prettier") return prettierFormat(text, parser);
  if (parser === "markdown") return formatMarkdown(text);
  const chunks = splitChunks(text);
  if (!chunks) return prettierFormat(text, parser);
  const fast = parser === "typescript" ? formatTypesChunk : formatScriptChunk;
  const out: string[] = [];
  for (const chunk of chunks) {
    formatStats.chunks++;
    const formatted = fast(chunk);
    if (formatted !== undefined) out.push(formatted);
    else {
      formatStats.prettierChunks++;
      out.push((await prettierFormat(`${chunk}\n`, parser)).replace(/\n+$/, ""));
    }
  }
  return out.length === 0 ? "" : `${out.join("\n\n")}\n`;
}

export async function formatFiles(files: FileMap): Promise<FileMap> {
  const out: FileMap = new Map();
  for (const [path, text] of files) {
    const parser = parserFor(path);
    out.set(path, parser ? await formatSource(text, parser) : text);
  }
  return out;
}
