// Which kubeconfig files are read, in kubectl's order: an explicit path (--kubeconfig), else
// every file of $KUBECONFIG (':'-separated; missing ones skipped), else ~/.kube/config —
// and how they merge: the first file that names a cluster, user or context wins that name
// (the whole entry, not field by field), the first file that sets current-context wins it.
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { KubeconfigError } from "./errors.js";
import { KubeconfigFileError, readKubeconfigFile, type KubeconfigEntry, type KubeconfigFile } from "./kubeconfig-file.js";

export type Env = Readonly<Record<string, string | undefined>>;

export interface KubeconfigSources {
  /** Where the files came from, for messages: "--kubeconfig", "$KUBECONFIG" or "~/.kube/config". */
  origin: "explicit" | "KUBECONFIG" | "home";
  /** Absolute paths, in precedence order, duplicates removed. */
  candidates: string[];
}

/** The files kubectl would consider, most important first. */
export function kubeconfigCandidates(explicit: string | undefined, env: Env): KubeconfigSources {
  if (explicit !== undefined && explicit !== "") return { origin: "explicit", candidates: [resolve(explicit)] };
  const list = env["KUBECONFIG"];
  if (list !== undefined && list !== "") {
    const files = list.split(delimiter).filter((file) => file !== "").map((file) => resolve(file));
    return { origin: "KUBECONFIG", candidates: [...new Set(files)] };
  }
  return { origin: "home", candidates: [join(env["HOME"] || homedir(), ".kube", "config")] };
}

export interface MergedKubeconfig {
  /** The files that exist and were read, in precedence order. */
  files: string[];
  currentContext: string | undefined;
  clusters: Map<string, KubeconfigEntry>;
  users: Map<string, KubeconfigEntry>;
  contexts: Map<string, KubeconfigEntry>;
}

/** Reads the candidate files and merges them with kubectl's rules. */
export async function readMergedKubeconfig(sources: KubeconfigSources): Promise<MergedKubeconfig> {
  const parsed: KubeconfigFile[] = [];
  for (const file of sources.candidates) {
    let config: KubeconfigFile | undefined;
    try {
      config = await readKubeconfigFile(file);
    } catch (error) {
      if (error instanceof KubeconfigFileError) throw new KubeconfigError({ files: [error.file] }, error.message);
      throw error;
    }
    // Only an explicit --kubeconfig must exist; kubectl skips missing $KUBECONFIG entries.
    if (config === undefined && sources.origin === "explicit") throw new KubeconfigError({ files: [file] }, "the file does not exist");
    if (config !== undefined) parsed.push(config);
  }
  if (parsed.length === 0) throw new KubeconfigError({ files: [] }, noFileMessage(sources));
  return mergeKubeconfigs(parsed);
}

function noFileMessage(sources: KubeconfigSources): string {
  if (sources.origin === "KUBECONFIG") return `none of the files $KUBECONFIG names exists (${sources.candidates.join(", ")})`;
  return `no kubeconfig: $KUBECONFIG is not set and ${sources.candidates.join(", ")} does not exist`;
}

/** kubectl's merge: per map key the first file wins, current-context from the first file that sets it. */
export function mergeKubeconfigs(configs: readonly KubeconfigFile[]): MergedKubeconfig {
  const merged: MergedKubeconfig = { files: configs.map((c) => c.file), currentContext: undefined, clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const config of configs) {
    merged.currentContext ??= config.currentContext;
    for (const list of ["clusters", "users", "contexts"] as const) {
      for (const [name, entry] of config[list]) if (!merged[list].has(name)) merged[list].set(name, entry);
    }
  }
  return merged;
}
