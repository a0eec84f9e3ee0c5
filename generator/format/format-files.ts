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

async function prettierFormat(text: string, parser: Parser): Promise<string> {
  const key = `${parser}\0${text}`;
  let result = memo.get(key);
  if (result === undefined) {
    prettier ??= await import("prettier"); // loaded on first use: most runs need it for a few chunks only
    result = await prettier.format(text, { ...PRETTIER_OPTIONS, parser });
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

/** One source file, formatted. */
export async function formatSource(text: string, parser: Parser): Promise<string> {
  if (parser === "markdown" || process.env[FORMAT_ENV] === "prettier") return prettierFormat(text, parser);
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
