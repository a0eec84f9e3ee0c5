// Stage 6, format: prettier over every emitted source file, so the output reads like
// hand-written code and diffs between versions stay small. JSON is already laid out by
// JSON.stringify.
import * as prettier from "prettier";
import type { FileMap } from "../emit/emit-package.js";

const OPTIONS: prettier.Options = { printWidth: 110, trailingComma: "all", endOfLine: "lf" };

function parserFor(path: string): string | undefined {
  if (path.endsWith(".ts") || path.endsWith(".mts")) return "typescript";
  if (path.endsWith(".js") || path.endsWith(".mjs")) return "babel";
  if (path.endsWith(".md")) return "markdown";
  return undefined;
}

export async function formatFiles(files: FileMap): Promise<FileMap> {
  const out: FileMap = new Map();
  for (const [path, text] of files) {
    const parser = parserFor(path);
    out.set(path, parser ? await prettier.format(text, { ...OPTIONS, parser }) : text);
  }
  return out;
}
