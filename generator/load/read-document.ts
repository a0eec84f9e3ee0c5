// Stage 1, load: bytes from a file or URL → a parsed JSON value, with errors that say
// where the text is broken.
import { createReadStream } from "node:fs";
import { GeneratorError } from "../errors.js";
import { locateJsonError } from "./json-location.js";

export const DOWNLOAD_TIMEOUT_MS = 60_000;

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * The largest document read (a cluster with thousands of CRDs serves a few hundred MB at
 * most); it bounds what `--spec /dev/zero`, a pipe that never ends or a runaway server can cost.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

function tooLarge(file: string, hint?: string): GeneratorError {
  return new GeneratorError(`the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; no OpenAPI document is that large`, { file }, hint);
}

/** Reads a file (or a pipe such as /dev/stdin) or downloads a URL, bounded by a timeout and MAX_DOCUMENT_BYTES. */
export async function readSource(source: string, timeoutMs = DOWNLOAD_TIMEOUT_MS): Promise<Buffer> {
  if (isUrl(source)) return download(source, timeoutMs);
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of createReadStream(source)) {
      size += (chunk as Buffer).length;
      if (size > MAX_DOCUMENT_BYTES) throw tooLarge(source);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof GeneratorError) throw error;
    throw new GeneratorError(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file: source,
    });
  }
}

export async function download(url: string, timeoutMs = DOWNLOAD_TIMEOUT_MS, hint?: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : String((error as Error).cause ?? error);
    throw new GeneratorError(`download failed: ${cause}`, { file: url }, hint);
  }
  if (!response.ok) throw new GeneratorError(`download failed: HTTP ${response.status}`, { file: url }, hint);
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > MAX_DOCUMENT_BYTES) throw tooLarge(url, hint);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof GeneratorError) throw error;
    const cause = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : String(error);
    throw new GeneratorError(`download failed while reading the body: ${cause}`, { file: url }, hint);
  }
}

/** Parses JSON, turning a syntax error into one with line, column and the JSON pointer of the broken value. */
export function parseJson(text: string, file: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte order mark is not an error
  if (text.trim() === "") throw new GeneratorError("the document is empty", { file, pointer: "" });
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const found = locateJsonError(text);
    const position = /position (\d+)/.exec(message);
    const offset = found?.offset ?? (position ? Number(position[1]) : text.length);
    const { line, column } = lineAndColumn(text, offset);
    const looksLikeYaml = /^\s*(#|---|[A-Za-z_"']+\s*:)/.test(text);
    const truncated = offset >= text.trimEnd().length;
    const what = found ? `expected ${found.expected}` : message.replace(/ in JSON at position \d+.*$/, "");
    throw new GeneratorError(
      `not valid JSON: ${what}${truncated ? " (the document ends early: is it truncated?)" : ""}`,
      { file, pointer: found?.pointer ?? "", line, column },
      looksLikeYaml
        ? /^\s*["']?openapi["']?\s*:/m.test(text)
          ? "this looks like an OpenAPI 3 document in YAML; the generator reads the JSON OpenAPI v2 document (`kubectl get --raw /openapi/v2 > swagger.json`)"
          : "this looks like YAML; the generator reads the JSON OpenAPI v2 document (`kubectl get --raw /openapi/v2 > swagger.json`)"
        : undefined,
    );
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
