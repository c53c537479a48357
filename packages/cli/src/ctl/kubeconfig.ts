/**
 * The kubeconfig `kubesim ctl` reads to find `kubesim serve`: the same one
 * kubectl uses, found as kubectl finds it (client-go
 * tools/clientcmd/loader.go): `--kubeconfig FILE`, else the files of
 * $KUBECONFIG (colon-separated, the first to set a value wins), else
 * ~/.kube/config. From the context (`--context`, else current-context) it
 * takes the cluster's server URL and CA (certificate-authority-data or
 * certificate-authority) and the user's bearer token (token or
 * tokenFile). Errors use clientcmd's words.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

/** Where and how to reach the server. */
export interface Endpoint {
  /** https://127.0.0.1:6443 */
  readonly server: string;
  /** PEM of the CA to trust (undefined: the system's). */
  readonly ca?: string;
  readonly token?: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly context: string;
}

/** A kubeconfig that cannot be used; printed as `error: <message>`. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KubeconfigError";
  }
}

export interface KubeconfigOptions {
  /** --kubeconfig (empty: not given). */
  readonly file?: string;
  /** --context (empty: current-context). */
  readonly context?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

type Named = { name?: unknown; [k: string]: unknown };
interface Loaded {
  readonly path: string;
  readonly doc: Record<string, unknown>;
}

function load(path: string): Loaded {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new KubeconfigError(
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? `stat ${path}: no such file or directory`
        : `error loading config file "${path}": ${(e as Error).message.split("\n")[0]}`,
    );
  }
  if (doc === null || doc === undefined) return { path, doc: {} };
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new KubeconfigError(`error loading config file "${path}": not a kubeconfig`);
  return { path, doc: doc as Record<string, unknown> };
}

/** The files to read, in order of precedence. */
function files(o: KubeconfigOptions): string[] {
  if (o.file !== undefined && o.file !== "") return [resolve(o.cwd, o.file)];
  const env = o.env["KUBECONFIG"];
  if (env !== undefined && env !== "")
    return env
      .split(delimiter)
      .filter((p) => p !== "")
      .map((p) => resolve(o.cwd, p))
      .filter((p) => existsSync(p));
  const home = o.env["HOME"] ?? homedir();
  const path = join(home, ".kube", "config");
  return existsSync(path) ? [path] : [];
}

function entry(loaded: readonly Loaded[], list: string, name: string, field: string) {
  for (const l of loaded) {
    const items = l.doc[list];
    if (!Array.isArray(items)) continue;
    const found = (items as Named[]).find((x) => x?.name === name);
    const value = found?.[field];
    if (value !== undefined && value !== null && typeof value === "object")
      return { value: value as Record<string, unknown>, dir: dirname(l.path) };
  }
  return undefined;
}

const text = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : undefined;

/** The server, CA and token of the chosen context. */
export function resolveEndpoint(o: KubeconfigOptions): Endpoint {
  const paths = files(o);
  const loaded = paths.map(load);
  if (loaded.length === 0)
    throw new KubeconfigError(
      "no configuration has been provided: pass --kubeconfig or set KUBECONFIG (kubesim serve writes a kubeconfig)",
    );
  const current = loaded.map((l) => text(l.doc["current-context"])).find((c) => c !== undefined);
  const name = o.context !== undefined && o.context !== "" ? o.context : current;
  if (name === undefined) throw new KubeconfigError("current-context is not set");
  const context = entry(loaded, "contexts", name, "context");
  if (context === undefined)
    throw new KubeconfigError(`context was not found for specified context: ${name}`);
  const clusterName = text(context.value["cluster"]) ?? "";
  const cluster = entry(loaded, "clusters", clusterName, "cluster");
  if (cluster === undefined)
    throw new KubeconfigError(
      `invalid configuration: cluster "${clusterName}" not found for context "${name}"`,
    );
  const server = text(cluster.value["server"]);
  if (server === undefined)
    throw new KubeconfigError(
      "invalid configuration: no server found for cluster " + JSON.stringify(clusterName),
    );
  let ca: string | undefined;
  const caData = text(cluster.value["certificate-authority-data"]);
  const caFile = text(cluster.value["certificate-authority"]);
  if (caData !== undefined) ca = Buffer.from(caData, "base64").toString("utf8");
  else if (caFile !== undefined) {
    try {
      ca = readFileSync(resolve(cluster.dir, caFile), "utf8");
    } catch {
      throw new KubeconfigError(
        `unable to read certificate-authority ${caFile} for ${clusterName} due to open ${caFile}: no such file or directory`,
      );
    }
  }
  const userName = text(context.value["user"]);
  const user = userName === undefined ? undefined : entry(loaded, "users", userName, "user");
  let token = text(user?.value["token"]);
  const tokenFile = text(user?.value["tokenFile"]);
  if (token === undefined && tokenFile !== undefined && user !== undefined) {
    try {
      token = readFileSync(resolve(user.dir, tokenFile), "utf8").trim();
    } catch {
      throw new KubeconfigError(`open ${tokenFile}: no such file or directory`);
    }
  }
  return {
    server: server.replace(/\/+$/, ""),
    ...(ca === undefined ? {} : { ca }),
    ...(token === undefined ? {} : { token }),
    insecureSkipTlsVerify: cluster.value["insecure-skip-tls-verify"] === true,
    context: name,
  };
}
