/**
 * What a line typed at `kubesim shell` means: a kubectl command (with or
 * without the word `kubectl`), a sim command that is also a scenario step
 * (advance, until, fault, traffic, say), or a shell command (trace, save,
 * load, help, exit). Sim commands become the same step objects a scenario
 * file holds, checked by the same schema, so `save` can write them out.
 */
import { splitCommandLine, type FlagSpec } from "@kubesim/kubectl";
import { parseOwnFlags, UsageError } from "../cli/flags.js";
import { formatPath } from "../scenario/load.js";
import { step as stepSchema, type Step } from "../scenario/schema.js";

export type ShellCommand =
  | { readonly kind: "empty" }
  | { readonly kind: "step"; readonly step: Step }
  | { readonly kind: "trace"; readonly type?: string; readonly tail?: number }
  | { readonly kind: "save"; readonly file: string }
  | { readonly kind: "load"; readonly file: string }
  | { readonly kind: "help"; readonly topic?: string }
  | { readonly kind: "exit" };

/** The shell's own words (kubectl's commands are the rest). */
export const SIM_COMMANDS = [
  "advance",
  "until",
  "fault",
  "traffic",
  "say",
  "trace",
  "save",
  "load",
  "help",
  "exit",
  "quit",
] as const;

const s = (name: string, short?: string): FlagSpec =>
  short === undefined
    ? { name, type: "string", default: "" }
    : { name, short, type: "string", default: "" };

function checked(raw: Record<string, unknown>, seeHelp: string): Step {
  const r = stepSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = formatPath(issue.path.slice(1));
  const msg = issue.message.replace(/^Invalid input: /, "").replace(/^Invalid option: /, "");
  throw new UsageError(field === "" ? msg : `${field}: ${msg}`, seeHelp);
}

function need(args: readonly string[], n: number, what: string, seeHelp: string): void {
  if (args.length < n) throw new UsageError(`${what}`, seeHelp);
  if (args.length > n) throw new UsageError(`unexpected argument "${args[n]}"`, seeHelp);
}

export function parseUntil(argv: readonly string[]): Step {
  const help = "help until";
  const f = parseOwnFlags(argv, [s("timeout")], help, { namespace: true });
  const [what, name, cond, ...extra] = f.args;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, help);
  const opt: Record<string, unknown> = {};
  if (f.changed("timeout")) opt.timeout = f.string("timeout");
  if (f.changed("namespace")) opt.namespace = f.string("namespace");
  if (what === undefined || name === undefined)
    throw new UsageError(
      "say what to wait for: until rollout|deployment|pod|node|deleted NAME ...",
      help,
    );
  const [condition, status] = (cond ?? "").split("=") as [string, string | undefined];
  const withStatus = status === undefined ? {} : { status };
  switch (what) {
    case "rollout":
      if (cond !== undefined) throw new UsageError(`unexpected argument "${cond}"`, help);
      return checked({ until: { rollout: name, ...opt } }, help);
    case "deployment":
    case "deployments":
    case "deploy":
      if (cond === undefined)
        throw new UsageError("say which condition: Available, Progressing or ReplicaFailure", help);
      return checked({ until: { deployment: name, condition, ...withStatus, ...opt } }, help);
    case "pod":
    case "pods":
    case "po":
      if (cond === undefined)
        throw new UsageError(
          "say what to wait for: Ready, Ready=False, or a phase (Running, Succeeded...)",
          help,
        );
      if (condition === "Ready")
        return checked({ until: { pod: name, condition, ...withStatus, ...opt } }, help);
      if (status !== undefined)
        throw new UsageError(`a pod phase takes no status: "${cond}"`, help);
      return checked({ until: { pod: name, phase: condition, ...opt } }, help);
    case "node":
    case "nodes":
    case "no":
      if (f.changed("namespace")) throw new UsageError("nodes have no namespace", help);
      return checked(
        {
          until: {
            node: name,
            ...(cond === undefined ? {} : { condition, ...withStatus }),
            ...opt,
          },
        },
        help,
      );
    case "deleted":
    case "gone":
      if (cond !== undefined) throw new UsageError(`unexpected argument "${cond}"`, help);
      return checked({ until: { deleted: name, ...opt } }, help);
    default:
      throw new UsageError(
        `unknown target "${what}" (known: rollout, deployment, pod, node, deleted)`,
        help,
      );
  }
}

export function parseFault(argv: readonly string[]): Step {
  const help = "help fault";
  const words = argv.filter((a) => !a.startsWith("-"));
  const [noun, verb] = words;
  const rest = [...argv];
  for (const w of [noun, verb]) {
    const i = rest.indexOf(w!);
    if (i >= 0) rest.splice(i, 1);
  }
  const fault = (f: Record<string, unknown>) => checked({ fault: f }, help);
  const key = `${noun ?? ""} ${verb ?? ""}`.trim();
  switch (key) {
    case "pod delete":
    case "pod kill": {
      const specs: FlagSpec[] =
        verb === "delete"
          ? [s("selector", "l"), { name: "grace-period", type: "int", default: -1 }]
          : [
              s("selector", "l"),
              s("container", "c"),
              { name: "oom", type: "bool", default: false },
            ];
      const f = parseOwnFlags(rest, specs, help, { namespace: true });
      const selector = f.string("selector");
      if (selector === "") need(f.args, 1, "say which pod: a name, or -l SELECTOR", help);
      else need(f.args, 0, "", help);
      const pod = selector === "" ? f.args[0] : { selector };
      const ns = f.changed("namespace") ? { namespace: f.string("namespace") } : {};
      if (verb === "delete")
        return fault({
          deletePod: pod,
          ...ns,
          ...(f.changed("grace-period") ? { gracePeriod: f.int("grace-period") } : {}),
        });
      return fault({
        killContainer: pod,
        ...ns,
        ...(f.changed("container") ? { container: f.string("container") } : {}),
        ...(f.bool("oom") ? { oom: true } : {}),
      });
    }
    case "node stop":
    case "node start":
    case "node heal":
    case "node partition": {
      const f = parseOwnFlags(rest, verb === "partition" ? [s("for")] : [], help);
      need(f.args, 1, "say which node", help);
      const node = f.args[0];
      if (verb === "stop") return fault({ stopNode: node });
      if (verb === "start") return fault({ startNode: node });
      if (verb === "heal") return fault({ healPartition: node });
      return fault({ partitionNode: node, ...(f.changed("for") ? { for: f.string("for") } : {}) });
    }
    case "controller restart": {
      const f = parseOwnFlags(rest, [], help);
      if (f.args.length > 1) throw new UsageError(`unexpected argument "${f.args[1]}"`, help);
      return fault({ restartController: f.args[0] ?? "kube-controller-manager" });
    }
    case "apiserver drop-watches":
    case "apiserver restore": {
      const f = parseOwnFlags(rest, [], help);
      need(f.args, 0, "", help);
      return fault(verb === "restore" ? { restoreApiServer: true } : { dropWatches: true });
    }
    case "apiserver slow": {
      const f = parseOwnFlags(rest, [s("for"), s("jitter")], help);
      need(f.args, 1, "say how late watch events arrive, e.g. 2s", help);
      return fault({
        slowApiServer: f.args[0],
        ...(f.changed("for") ? { for: f.string("for") } : {}),
        ...(f.changed("jitter") ? { jitter: f.string("jitter") } : {}),
      });
    }
    default:
      throw new UsageError(
        noun === undefined
          ? "say which fault: pod delete|kill, node stop|start|partition|heal, controller restart, apiserver slow|restore|drop-watches"
          : `unknown fault "${key}"`,
        help,
      );
  }
}

function parseTraffic(argv: readonly string[]): Step {
  const help = "help traffic";
  const [verb, ...rest] = argv;
  if (verb === "start") {
    const f = parseOwnFlags(rest, [s("rate"), s("from"), s("name")], help, { namespace: true });
    need(f.args, 1, "say where to send requests: traffic start URL --rate N", help);
    if (!f.changed("rate")) throw new UsageError("--rate is required (requests per second)", help);
    const rate = Number(f.string("rate"));
    if (!Number.isFinite(rate))
      throw new UsageError(
        `invalid argument "${f.string("rate")}" for "--rate" flag: not a number`,
        help,
      );
    return checked(
      {
        traffic: {
          start: {
            url: f.args[0],
            rate,
            ...(f.changed("from") ? { from: f.string("from") } : {}),
            ...(f.changed("namespace") ? { namespace: f.string("namespace") } : {}),
            ...(f.changed("name") ? { name: f.string("name") } : {}),
          },
        },
      },
      help,
    );
  }
  if (verb === "stop" || verb === "summary") {
    const f = parseOwnFlags(rest, [], help);
    if (f.args.length > 1) throw new UsageError(`unexpected argument "${f.args[1]}"`, help);
    return checked({ traffic: { [verb]: f.args[0] ?? true } }, help);
  }
  throw new UsageError(
    verb === undefined ? "say start, stop or summary" : `unknown traffic action "${verb}"`,
    help,
  );
}

/** Parses one line; throws UsageError (kubectl's wording) for a malformed sim command. */
export function parseShellLine(line: string): ShellCommand {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return { kind: "empty" };
  let argv: string[];
  try {
    argv = splitCommandLine(trimmed);
  } catch (e) {
    throw new UsageError((e as Error).message, "help");
  }
  const [word, ...rest] = argv;
  switch (word) {
    case "kubectl":
      return { kind: "step", step: { kubectl: trimmed.replace(/^kubectl(\s+|$)/, "") } };
    case "advance": {
      const f = parseOwnFlags(rest, [], "help advance");
      need(f.args, 1, "say how long: advance 30s", "help advance");
      return { kind: "step", step: checked({ advance: f.args[0] }, "help advance") };
    }
    case "until":
      return { kind: "step", step: parseUntil(rest) };
    case "fault":
      return { kind: "step", step: parseFault(rest) };
    case "traffic":
      return { kind: "step", step: parseTraffic(rest) };
    case "say":
      return { kind: "step", step: { say: trimmed.replace(/^say(\s+|$)/, "") } };
    case "trace": {
      const f = parseOwnFlags(
        rest,
        [
          s("type"),
          { name: "tail", type: "int", default: 20 },
          { name: "all", type: "bool", default: false },
        ],
        "help trace",
      );
      need(f.args, 0, "", "help trace");
      return {
        kind: "trace",
        ...(f.changed("type") ? { type: f.string("type") } : {}),
        ...(f.bool("all") ? {} : { tail: f.int("tail") }),
      };
    }
    case "save":
    case "load": {
      const f = parseOwnFlags(rest, [], `help ${word}`);
      need(f.args, 1, `say which file: ${word} FILE.yaml`, `help ${word}`);
      return { kind: word, file: f.args[0]! };
    }
    case "help":
    case "?":
      return rest[0] === undefined ? { kind: "help" } : { kind: "help", topic: rest[0] };
    case "exit":
    case "quit":
      return { kind: "exit" };
    default:
      return { kind: "step", step: { kubectl: trimmed } };
  }
}
