// PEM material and tokens, from a file or inline data. Relative paths are resolved against
// the folder of the kubeconfig file that named them (kubectl's rule), not the working folder.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { ConfigProblem } from "./errors.js";

/** A failure reading one credential; the loader adds the kubeconfig and context. */
export class CredentialError extends ConfigProblem {}

/** An absolute path for `path` as written in the kubeconfig `file`. */
export function resolveAgainst(file: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(file), path);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a `*-data` field (base64, line breaks allowed as Go's decoder allows them). */
export function decodeBase64Field(value: string, field: string): Buffer {
  const compact = value.replace(/[\r\n]/g, "");
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw new CredentialError(`${field} is not valid base64`);
  const bytes = Buffer.from(compact, "base64");
  if (bytes.length === 0) throw new CredentialError(`${field} is empty`);
  return bytes;
}

export async function readCredentialFile(path: string, field: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CredentialError(`cannot read ${field} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (bytes.length === 0) throw new CredentialError(`${field} ${path} is empty`);
  return bytes;
}

/** How long a token file's contents are trusted before it is read again (client-go re-reads each minute). */
export const TOKEN_FILE_REREAD_MS = 60_000;

/**
 * A token read from a file now (so a missing file fails early) and re-read at most once a
 * minute afterwards: service-account and other projected tokens are rotated in place. When a
 * re-read fails, the last good token is kept, as client-go does.
 */
export async function tokenFileSource(path: string, field: string, now: () => number = Date.now): Promise<() => string> {
  let token = tokenText(await readCredentialFile(path, field), path, field);
  let readAt = now();
  return () => {
    if (now() - readAt < TOKEN_FILE_REREAD_MS) return token;
    readAt = now();
    try {
      token = tokenText(readFileSync(path), path, field);
    } catch {
      // keep the last good token
    }
    return token;
  };
}

function tokenText(bytes: Buffer, path: string, field: string): string {
  const token = bytes.toString("utf8").trim();
  if (token === "") throw new CredentialError(`${field} ${path} holds no token`);
  return token;
}
