/**
 * `kubectl exec -it POD [-c C] [-n NS] -- sh|bash` typed at the kubesim
 * shell: instead of running it to the end of an (empty) input, the terminal
 * hands its lines to the container's shell until it exits, as a real
 * terminal attached through kubectl would.
 */
import { splitCommandLine } from "@kubesim/kubectl";
import type { Cluster } from "kubesim";

/** A shell session in a container, driven line by line. */
export interface InteractiveExec {
  readonly prompt: string;
  /** Runs one typed line; `output` is what the terminal shows for it. */
  feed(line: string): { readonly output: string; readonly exited: boolean };
}

const shells = new Set(["sh", "bash", "ash"]);

/** The parts of an interactive exec line, or undefined when the line is something else. */
export function parseInteractiveExec(
  line: string,
): { pod: string; container?: string; namespace?: string; shell: string } | undefined {
  let argv: string[];
  try {
    argv = splitCommandLine(line);
  } catch {
    return undefined;
  }
  if (argv[0] === "kubectl") argv = argv.slice(1);
  const dash = argv.indexOf("--");
  if (argv[0] !== "exec" || dash < 0 || argv.length !== dash + 2) return undefined;
  const shell = argv[dash + 1]!;
  if (!shells.has(shell.split("/").pop() ?? "")) return undefined;
  let stdin = false;
  let tty = false;
  let pod: string | undefined;
  let container: string | undefined;
  let namespace: string | undefined;
  const flags = argv.slice(1, dash);
  for (let i = 0; i < flags.length; i++) {
    const a = flags[i]!;
    const value = (long: string, short: string): string | undefined => {
      if (a === long || a === short) return flags[++i];
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (a.startsWith(short) && a.length > 2) return a.slice(2).replace(/^=/, "");
      return undefined;
    };
    if (a === "--stdin") stdin = true;
    else if (a === "--tty") tty = true;
    else if (/^-[it]+$/.test(a)) {
      stdin ||= a.includes("i");
      tty ||= a.includes("t");
    } else if (a.startsWith("-c") || a.startsWith("--container"))
      container = value("--container", "-c");
    else if (a.startsWith("-n") || a.startsWith("--namespace"))
      namespace = value("--namespace", "-n");
    else if (a.startsWith("-")) return undefined;
    else if (pod === undefined) pod = a.replace(/^(pods?|po)\//, "");
    else return undefined;
  }
  if (!stdin || !tty || pod === undefined) return undefined;
  return {
    pod,
    shell,
    ...(container === undefined ? {} : { container }),
    ...(namespace === undefined ? {} : { namespace }),
  };
}

/**
 * Opens the session for an interactive exec line, or undefined when the line
 * is not one or the container cannot be reached (the line then runs as an
 * ordinary kubectl command, which prints kubectl's error).
 */
export function openInteractiveExec(
  cluster: Cluster,
  line: string,
  defaultNamespace: string,
): InteractiveExec | undefined {
  const p = parseInteractiveExec(line);
  if (p === undefined) return undefined;
  const namespace = p.namespace ?? defaultNamespace;
  let pod;
  try {
    pod = cluster.get("Pod", p.pod, { namespace });
  } catch {
    return undefined;
  }
  const node = pod.spec?.nodeName;
  const container = p.container ?? pod.spec?.containers[0]?.name;
  if (node === undefined || container === undefined) return undefined;
  let session;
  try {
    session = cluster.kubelet(node).shell(namespace, p.pod, container, p.shell);
  } catch {
    return undefined;
  }
  if (!("feed" in session)) return undefined;
  const s = session;
  return {
    get prompt() {
      return s.prompt;
    },
    feed(input: string) {
      const r = s.feed(input);
      return { output: r.output, exited: r.exited };
    },
  };
}
