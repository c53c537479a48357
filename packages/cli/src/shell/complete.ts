/**
 * Tab completion for `kubesim shell`, in the spirit of kubectl's cobra
 * completions (kubectl completion bash): command words, flag names,
 * resource types, object names from the live cluster (for `TYPE NAME` and
 * `TYPE/NAME`), namespaces, nodes, -o formats, and file paths for -f, save
 * and load. Pure over a CompletionSource, so it is tested without a TTY.
 */
import type { KubectlCommand } from "@kubesim/kubectl";
import { HELP_TOPICS } from "./help.js";
import { SIM_COMMANDS } from "./parse.js";

export interface CompletionSource {
  /** kubectl's commands (paths, aliases and flags). */
  readonly commands: readonly KubectlCommand[];
  /** Resource type names: plurals, singulars and short names. */
  resourceTypes(): readonly string[];
  /** Names of objects of a type ("po", "deployments") in a namespace; [] when unknown. */
  names(type: string, namespace: string): readonly string[];
  /** Paths that start with `prefix` (folders end in "/"). */
  files(prefix: string): readonly string[];
}

/** Flags of the sim commands that take a value. */
const SIM_VALUE_FLAGS = new Set([
  "-n",
  "--namespace",
  "--timeout",
  "--for",
  "-l",
  "--selector",
  "--grace-period",
  "-c",
  "--container",
  "--rate",
  "--from",
  "--name",
  "--type",
  "--tail",
]);

const OUTPUT_FORMATS = ["wide", "yaml", "json", "name", "jsonpath=", "custom-columns="];

const POD_COMMANDS = new Set(["logs", "exec", "attach", "port-forward"]);
const NODE_COMMANDS = new Set(["cordon", "uncordon", "drain"]);

function valueFlagsOf(c: KubectlCommand | undefined): Set<string> {
  const out = new Set(["-n", "--namespace", "--kubeconfig", "--context", "--request-timeout"]);
  for (const f of c?.flags ?? []) {
    if (f.type === "bool" || f.noOptDefault !== undefined) continue;
    out.add(`--${f.name}`);
    if (f.short !== undefined) out.add(`-${f.short}`);
  }
  return out;
}

/** The positional words among `tokens`, skipping flags and the values they take. */
function positional(tokens: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith("-")) {
      if (!t.includes("=") && valueFlags.has(t)) i++;
      continue;
    }
    out.push(t);
  }
  return out;
}

function namespaceOf(tokens: readonly string[]): string {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ((t === "-n" || t === "--namespace") && tokens[i + 1] !== undefined) return tokens[i + 1]!;
    const m = /^(?:--namespace=|-n=?)(.+)$/.exec(t);
    if (m !== null) return m[1]!;
  }
  return "default";
}

const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

function typeSlashName(current: string, src: CompletionSource, ns: string): string[] {
  const slash = current.indexOf("/");
  if (slash < 0) return src.resourceTypes().map((t) => t);
  const type = current.slice(0, slash);
  return src.names(type, ns).map((n) => `${type}/${n}`);
}

/** Completes the last word of `line`: [candidates, the word being completed]. */
export function complete(line: string, src: CompletionSource): [string[], string] {
  const tokens = line.split(/\s+/);
  if (tokens[0] === "") tokens.shift();
  const current = tokens.pop() ?? "";
  const done = (all: Iterable<string>): [string[], string] => [
    uniq(all)
      .filter((c) => c.startsWith(current))
      .sort(),
    current,
  ];

  let words = tokens;
  const kubectlMode = words[0] === "kubectl";
  if (kubectlMode) words = words.slice(1);
  const topWords = uniq(src.commands.flatMap((c) => [c.path[0]!]));
  if (words.length === 0)
    return done(
      kubectlMode
        ? topWords
        : [...SIM_COMMANDS.filter((w) => w !== "quit"), "kubectl", ...topWords],
    );

  const ns = namespaceOf(words);
  const prev = words[words.length - 1]!;
  const first = words[0]!;
  if (!kubectlMode && (SIM_COMMANDS as readonly string[]).includes(first))
    return done(completeSim(first, words.slice(1), prev, current, src, ns));

  // kubectl: the command named by the leading words
  const free = words.filter((w) => !w.startsWith("-"));
  const matching = src.commands.filter((c) =>
    c.path.every(
      (p, i) =>
        i >= free.length ||
        free[i] === p ||
        (i === c.path.length - 1 && c.aliases?.includes(free[i]!)),
    ),
  );
  const exact = [...matching]
    .filter((c) => c.path.length <= free.length)
    .sort((a, b) => b.path.length - a.path.length)[0];
  const valueFlags = valueFlagsOf(exact);
  if (prev.startsWith("-") && !prev.includes("=") && valueFlags.has(prev)) {
    if (prev === "-n" || prev === "--namespace") return done(src.names("namespaces", ""));
    if (prev === "-f" || prev === "--filename") return done(src.files(current));
    if (prev === "-o" || prev === "--output") return done(OUTPUT_FORMATS);
    return done([]);
  }
  if (current.startsWith("-")) {
    const flags = [...(exact?.flags ?? []), { name: "namespace" }, { name: "help" }];
    return done(flags.map((f) => `--${f.name}`));
  }
  const next = matching.filter((c) => c.path.length > free.length).map((c) => c.path[free.length]!);
  if (exact === undefined) return done(next);
  const args = positional(words, valueFlags).slice(exact.path.length);
  const cmd = exact.path[0]!;
  const more = next.length > 0 && args.length === 0 ? next : [];
  if (POD_COMMANDS.has(cmd)) return done(args.length === 0 ? src.names("pods", ns) : []);
  if (NODE_COMMANDS.has(cmd)) return done(src.names("nodes", ""));
  if (cmd === "explain") return done(args.length === 0 ? src.resourceTypes() : []);
  if (
    ["create", "run", "api-resources", "events", "version"].includes(cmd) &&
    exact.path.length === 1
  )
    return done(more);
  if (args.length === 0 || current.includes("/") || args[0]!.includes("/"))
    return done([...more, ...typeSlashName(current, src, ns)]);
  if (args[0]!.includes(",")) return done([]);
  return done(src.names(args[0]!, ns));
}

function completeSim(
  command: string,
  rest: readonly string[],
  prev: string,
  current: string,
  src: CompletionSource,
  ns: string,
): string[] {
  if (SIM_VALUE_FLAGS.has(prev) && rest.length > 0) {
    if (prev === "-n" || prev === "--namespace") return [...src.names("namespaces", "")];
    if (prev === "--from") return src.names("pods", ns).map((n) => `pod/${n}`);
    if (prev === "--type") return ["write", "event", "fault"];
    return [];
  }
  const pos = positional(rest, SIM_VALUE_FLAGS);
  const [a, b] = pos;
  switch (command) {
    case "until":
      if (pos.length === 0) return ["rollout", "deployment", "pod", "node", "deleted"];
      if (pos.length === 1) {
        if (a === "rollout" || a === "deployment") return [...src.names("deployments", ns)];
        if (a === "pod") return [...src.names("pods", ns)];
        if (a === "node") return [...src.names("nodes", "")];
        if (a === "deleted") return typeSlashName(current, src, ns);
        return [];
      }
      if (pos.length === 2) {
        if (a === "deployment")
          return [
            "Available",
            "Progressing",
            "ReplicaFailure",
            "Available=False",
            "Progressing=False",
          ];
        if (a === "pod")
          return ["Ready", "Ready=False", "Running", "Pending", "Succeeded", "Failed"];
        if (a === "node")
          return [
            "Ready",
            "Ready=False",
            "Ready=Unknown",
            "MemoryPressure",
            "DiskPressure",
            "PIDPressure",
          ];
      }
      return ["--timeout"];
    case "fault":
      if (pos.length === 0) return ["pod", "node", "controller", "apiserver"];
      if (pos.length === 1) {
        if (a === "pod") return ["delete", "kill"];
        if (a === "node") return ["stop", "start", "partition", "heal"];
        if (a === "controller") return ["restart"];
        if (a === "apiserver") return ["slow", "restore", "drop-watches"];
        return [];
      }
      if (pos.length === 2) {
        if (a === "pod") return [...src.names("pods", ns), "-l"];
        if (a === "node") return [...src.names("nodes", "")];
        if (a === "controller" && b === "restart")
          return ["kube-controller-manager", "kube-scheduler"];
      }
      return [];
    case "traffic":
      if (pos.length === 0) return ["start", "stop", "summary"];
      if (a === "start" && pos.length >= 2) return ["--rate", "--from", "--name"];
      return [];
    case "help":
      return pos.length === 0 ? HELP_TOPICS : [];
    case "save":
    case "load":
      return pos.length === 0 ? [...src.files(current)] : [];
    case "trace":
      return ["--tail", "--all", "--type"];
    default:
      return [];
  }
}
