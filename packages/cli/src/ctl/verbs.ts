/**
 * The verbs of `kubesim ctl`, each a /sim/v1 request: its arguments parsed
 * (`until` and `fault` by `kubesim shell`'s own parser, so both take the
 * same words), the request sent, the answer printed in the shell's words.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FlagSpec } from "@kubesim/kubectl";
import type { LoadResult, SimStatus, TimelineItem, UntilResult } from "@kubesim/server";
import { parseAllDocuments, stringify } from "yaml";
import { parseOwnFlags, UsageError } from "../cli/flags.js";
import { writePrivate } from "../serve/write.js";
import { parseFault, parseUntil } from "../shell/parse.js";
import { traceData } from "../shell/shell.js";
import type { SimClient } from "./client.js";

export interface CtlIo {
  readonly out: (text: string) => void;
  readonly cwd: string;
  /** Standard input, read whole (for `load -`). */
  readonly stdin: () => Promise<string>;
}

export interface Verb {
  readonly name: string;
  readonly short: string;
  readonly usage: string;
  /** More lines of help: forms, examples. */
  readonly long?: string;
  readonly flags: readonly FlagSpec[];
  run(args: readonly string[], client: SimClient, io: CtlIo): Promise<void>;
}

/** A failure the server did not report: printed as `error: <message>`, exit 1. */
export class CtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CtlError";
  }
}

const helpOf = (verb: string) => `kubesim ctl ${verb} --help`;

/** Parses a verb's flags; a shell parser's usage error is pointed at the verb's help. */
function flagsOf(verb: Verb, args: readonly string[], namespace = false) {
  return parseOwnFlags(args, verb.flags, helpOf(verb.name), { namespace });
}

function noArgs(verb: string, args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`, helpOf(verb));
}

function rehome<T>(verb: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message, helpOf(verb));
    throw e;
  }
}

const at = (s: SimStatus) => `+${s.elapsed}`;
const speedText = (n: number) => (n === 0 ? "0 (paused)" : `${n}x`);

const status: Verb = {
  name: "status",
  short: "Show the virtual time, the speed and whether time is paused",
  usage: "kubesim ctl status",
  flags: [],
  async run(args, client, io) {
    noArgs("status", flagsOf(this, args).args);
    const s = await client.get<SimStatus>("/status");
    io.out(
      `virtual time:  ${s.time} (${at(s)} since the server started)\n` +
        `speed:         ${speedText(s.speed)}\n` +
        `paused:        ${String(s.paused)}\n`,
    );
  },
};

const pause: Verb = {
  name: "pause",
  short: "Stop virtual time (requests are still served)",
  usage: "kubesim ctl pause",
  flags: [],
  async run(args, client, io) {
    noArgs("pause", flagsOf(this, args).args);
    const s = await client.send<SimStatus>("POST", "/pause");
    io.out(`paused at ${at(s)}\n`);
  },
};

const resume: Verb = {
  name: "resume",
  short: "Let virtual time run again, at the speed before the pause",
  usage: "kubesim ctl resume",
  flags: [],
  async run(args, client, io) {
    noArgs("resume", flagsOf(this, args).args);
    const s = await client.send<SimStatus>("POST", "/resume");
    io.out(`running at ${speedText(s.speed)} from ${at(s)}\n`);
  },
};

const speed: Verb = {
  name: "speed",
  short: "Set how many times faster than wall time virtual time runs (0 pauses)",
  usage: "kubesim ctl speed N",
  long: "Examples:\n  kubesim ctl speed 10     ten virtual seconds per second\n  kubesim ctl speed 0.5    half speed",
  flags: [],
  async run(args, client, io) {
    const f = flagsOf(this, args);
    const [n, ...extra] = f.args;
    if (n === undefined) throw new UsageError("say how fast: speed N", helpOf("speed"));
    noArgs("speed", extra);
    const value = Number(n);
    if (n.trim() === "" || !Number.isFinite(value) || value < 0)
      throw new UsageError(
        `invalid speed ${JSON.stringify(n)}: must be a number >= 0`,
        helpOf("speed"),
      );
    const s = await client.send<SimStatus>("PUT", "/speed", { speed: value });
    io.out(s.paused ? `paused at ${at(s)}\n` : `running at ${speedText(s.speed)} from ${at(s)}\n`);
  },
};

const advance: Verb = {
  name: "advance",
  short: "Let virtual time pass at once: everything due in it runs",
  usage: "kubesim ctl advance DURATION",
  long: "Examples:\n  kubesim ctl advance 30s\n  kubesim ctl advance 5m",
  flags: [],
  async run(args, client, io) {
    const f = flagsOf(this, args);
    const [d, ...extra] = f.args;
    if (d === undefined) throw new UsageError("say how long: advance 30s", helpOf("advance"));
    noArgs("advance", extra);
    const s = await client.send<SimStatus>("POST", "/advance", { duration: d });
    io.out(`virtual time: ${at(s)} (${s.time})\n`);
  },
};

const until: Verb = {
  name: "until",
  short: "Run until a rollout finishes, a condition holds or an object is gone",
  usage: "kubesim ctl until TARGET [--timeout 10m] [-n NAMESPACE]",
  long: `Targets (as in kubesim shell):
  until rollout NAME                  kubectl rollout status says "successfully rolled out"
  until deployment NAME Available     a Deployment condition (Available, Progressing, ReplicaFailure)[=False]
  until pod NAME Ready                the pod's Ready condition (Ready=False to wait for not ready)
  until pod NAME Running              a pod phase (Pending, Running, Succeeded, Failed)
  until node NAME Ready=Unknown       a Node condition (Ready unless given; status True unless given)
  until deleted TYPE/NAME             the object is gone

When virtual time is paused, it runs at once as far as needed; when it
runs, this waits while it runs (like kubectl rollout status). Exits 1 when
the --timeout of virtual time passes first.`,
  flags: [
    { name: "timeout", type: "string", default: "10m", usage: "how much virtual time may pass" },
  ],
  async run(args, client, io) {
    const step = rehome("until", () => parseUntil(args));
    if (!("until" in step)) throw new CtlError("not an until target");
    const r = await client.send<UntilResult>("POST", "/until", step.until);
    if (!r.met) throw new CtlError(r.message);
    io.out(`${r.message} (after ${r.took})\n`);
  },
};

/** `fault stop-node node-2` -> the shell's `fault node stop node-2`. */
const FAULT_VERBS: Readonly<Record<string, readonly [string, string]>> = {
  "stop-node": ["node", "stop"],
  "start-node": ["node", "start"],
  "partition-node": ["node", "partition"],
  "heal-partition": ["node", "heal"],
  "heal-node": ["node", "heal"],
  "delete-pod": ["pod", "delete"],
  "kill-container": ["pod", "kill"],
  "restart-controller": ["controller", "restart"],
  "drop-watches": ["apiserver", "drop-watches"],
  "slow-apiserver": ["apiserver", "slow"],
  "restore-apiserver": ["apiserver", "restore"],
};

const fault: Verb = {
  name: "fault",
  short: "Break something, as the real fault would",
  usage: "kubesim ctl fault WHAT ...",
  long: `Faults:
  fault stop-node NAME | start-node NAME          power a node off or on
  fault partition-node NAME [--for 2m]            cut the node off from the API server
  fault heal-partition NAME                       reconnect it
  fault delete-pod NAME|-l SELECTOR [--grace-period N]   kubectl delete pod
  fault kill-container NAME|-l SELECTOR [-c CONTAINER] [--oom]   the runtime kills a container (exit 137)
  fault restart-controller [kube-controller-manager|kube-scheduler]   restart with empty caches
  fault drop-watches                              end every watch (informers relist)
  fault slow-apiserver 2s [--jitter 1s] [--for 1m] watch events arrive late
  fault restore-apiserver                         no more delay
kubesim shell's forms work too: fault node stop NAME, fault pod kill NAME, ...`,
  flags: [],
  async run(args, client, io) {
    const [what, ...rest] = args;
    const words = what === undefined ? [] : FAULT_VERBS[what];
    const argv = words === undefined ? args : [...words, ...rest];
    if (
      words === undefined &&
      what !== undefined &&
      !what.startsWith("-") &&
      !["node", "pod", "controller", "apiserver"].includes(what)
    )
      throw new UsageError(
        `unknown fault "${what}" (known: ${Object.keys(FAULT_VERBS).join(", ")})`,
        helpOf("fault"),
      );
    const step = rehome("fault", () => parseFault(argv));
    if (!("fault" in step)) throw new CtlError("not a fault");
    const r = await client.send<{ message: string }>("POST", "/faults", step.fault);
    io.out(`${r.message}\n`);
  },
};

interface TrafficStatus {
  readonly name: string;
  readonly running: boolean;
  readonly text: string;
  readonly message?: string;
  readonly summary: { sent: number; succeeded: number; failed: number };
}

const traffic: Verb = {
  name: "traffic",
  short: "Send requests at a steady rate, stop them, and read the results",
  usage:
    "kubesim ctl traffic TARGET --rps N [--from pod/NAME] [--path /health] [--name NAME] [-n NAMESPACE]",
  long: `  kubesim ctl traffic my-api --rps 50          to the Service my-api (from a node, or outside for a LoadBalancer)
  kubesim ctl traffic http://api.example.com/ --rps 10   to a URL, from outside the cluster
  kubesim ctl traffic my-api --rps 5 --from pod/client   from inside a pod, by the Service's DNS name
  kubesim ctl traffic results [NAME]            what came back: status codes, serving images, latency
  kubesim ctl traffic stop NAME                 stop sending (the results are kept)`,
  flags: [
    { name: "rps", type: "string", default: "", usage: "requests per second of virtual time" },
    {
      name: "rate",
      type: "string",
      default: "",
      usage: "the same as --rps (kubesim shell's name)",
    },
    { name: "from", type: "string", default: "", usage: "pod/NAME: send from inside that pod" },
    {
      name: "path",
      type: "string",
      default: "",
      usage: "the path to request of a Service (default /)",
    },
    {
      name: "name",
      type: "string",
      default: "",
      usage: "a name for the results (default the target)",
    },
  ],
  async run(args, client, io) {
    const f = flagsOf(this, args, true);
    const [first, ...rest] = f.args;
    if (first === undefined)
      throw new UsageError("say where to send requests: traffic TARGET --rps N", helpOf("traffic"));
    if (first === "results" || first === "summary") {
      noArgs("traffic", rest.slice(1));
      const items =
        rest[0] === undefined
          ? (await client.get<{ items: TrafficStatus[] }>("/traffic")).items
          : [await client.get<TrafficStatus>(`/traffic/${encodeURIComponent(rest[0])}`)];
      if (items.length === 0) io.out("no traffic was started\n");
      for (const [i, t] of items.entries())
        io.out(`${i > 0 ? "\n" : ""}${t.text}${t.running ? "" : "(stopped)\n"}`);
      return;
    }
    if (first === "stop") {
      const [name, ...extra] = rest;
      if (name === undefined)
        throw new UsageError("say which traffic: traffic stop NAME", helpOf("traffic"));
      noArgs("traffic", extra);
      const t = await client.send<TrafficStatus>("DELETE", `/traffic/${encodeURIComponent(name)}`);
      io.out(
        `traffic stopped: ${t.name}: sent ${t.summary.sent}, ${t.summary.succeeded} succeeded, ${t.summary.failed} failed\n`,
      );
      return;
    }
    const [target, ...extra] = first === "start" ? rest : f.args;
    if (target === undefined)
      throw new UsageError("say where to send requests: traffic TARGET --rps N", helpOf("traffic"));
    noArgs("traffic", extra);
    const rateText = f.changed("rps") ? f.string("rps") : f.string("rate");
    if (rateText === "")
      throw new UsageError("--rps is required (requests per second)", helpOf("traffic"));
    const rate = Number(rateText);
    if (!Number.isFinite(rate))
      throw new UsageError(
        `invalid argument "${rateText}" for "--rps" flag: not a number`,
        helpOf("traffic"),
      );
    const body = {
      ...(target.includes("://") ? { url: target } : { target }),
      rate,
      ...(f.string("from") === "" ? {} : { from: f.string("from") }),
      ...(f.string("path") === "" ? {} : { path: f.string("path") }),
      ...(f.string("name") === "" ? {} : { name: f.string("name") }),
      ...(f.changed("namespace") ? { namespace: f.string("namespace") } : {}),
    };
    const t = await client.send<TrafficStatus>("POST", "/traffic", body);
    io.out(`${t.message ?? `traffic started: ${t.name}`}\n`);
  },
};

interface TraceItem {
  readonly elapsed: string;
  readonly type: string;
  readonly data: unknown;
}

const trace: Verb = {
  name: "trace",
  short: "The latest writes, Events and faults, with their virtual time",
  usage: "kubesim ctl trace [--tail 20 | --all] [--type write|event|fault]",
  flags: [
    { name: "type", type: "string", default: "", usage: "only entries of this type" },
    { name: "tail", type: "int", default: 20, usage: "how many of the latest entries" },
    { name: "all", type: "bool", default: false, usage: "every entry" },
  ],
  async run(args, client, io) {
    const f = flagsOf(this, args);
    noArgs("trace", f.args);
    const q = new URLSearchParams();
    if (f.string("type") !== "") q.set("type", f.string("type"));
    if (!f.bool("all")) {
      if (f.int("tail") < 0) throw new UsageError("--tail must not be negative", helpOf("trace"));
      q.set("tail", String(f.int("tail")));
    }
    const t = await client.get<{ items: TraceItem[] }>(`/trace?${q.toString()}`);
    for (const e of t.items)
      io.out(`${`+${e.elapsed}`.padEnd(10)} ${e.type.padEnd(6)} ${traceData(e.type, e.data)}\n`);
    if (t.items.length === 0)
      io.out(
        f.string("type") === "" ? "(the trace is empty)\n" : `(no ${f.string("type")} entries)\n`,
      );
  },
};

const timeline: Verb = {
  name: "timeline",
  short: "What happened, in order: every Event and fault, with who acted",
  usage: "kubesim ctl timeline [--tail N] [-n NAMESPACE]",
  flags: [{ name: "tail", type: "int", default: -1, usage: "only the latest N lines (-1: all)" }],
  async run(args, client, io) {
    const f = flagsOf(this, args, true);
    noArgs("timeline", f.args);
    const q = new URLSearchParams();
    if (f.changed("namespace")) q.set("namespace", f.string("namespace"));
    if (f.int("tail") >= 0) q.set("tail", String(f.int("tail")));
    const t = await client.get<{ items: TimelineItem[] }>(`/timeline?${q.toString()}`);
    if (t.items.length === 0) {
      io.out("(nothing happened yet)\n");
      return;
    }
    const rows = [
      ["TIME", "TYPE", "REASON", "OBJECT", "FROM", "MESSAGE"],
      ...t.items.map((i) => [
        `+${i.elapsed}`,
        i.type,
        i.reason,
        i.object,
        i.component,
        i.count > 1 ? `${i.message} (x${i.count})` : i.message,
      ]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows)
      io.out(
        `${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 3))).join("")}\n`,
      );
  },
};

const save: Verb = {
  name: "save",
  short: "Save the objects people made to a file (a v1 List, as kubectl get -o yaml)",
  usage: "kubesim ctl save FILE",
  long: "FILE - writes to standard output. Load it back with: kubesim ctl load FILE",
  flags: [],
  async run(args, client, io) {
    const f = flagsOf(this, args);
    const [file, ...extra] = f.args;
    if (file === undefined) throw new UsageError("say which file: save FILE.yaml", helpOf("save"));
    noArgs("save", extra);
    const list = await client.get<{ items: unknown[] }>("/state");
    const text = `# kubesim state: load it with kubesim ctl load <this file>\n${stringify(list, { lineWidth: 0 })}`;
    if (file === "-") {
      io.out(text);
      return;
    }
    // It may hold Secrets: readable by its owner only.
    writePrivate(resolve(io.cwd, file), text);
    const n = list.items.length;
    io.out(`saved ${n} object${n === 1 ? "" : "s"} to ${file}\n`);
  },
};

/** A saved state, or any manifests: one List, or the documents as its items. */
function stateOf(text: string, file: string): unknown {
  const docs = parseAllDocuments(text);
  const values: unknown[] = [];
  for (const d of docs) {
    if (d.errors.length > 0)
      throw new CtlError(`error parsing ${file}: ${d.errors[0]!.message.split("\n")[0]}`);
    const v: unknown = d.toJS();
    if (v !== null && v !== undefined) values.push(v);
  }
  const only = values[0] as { items?: unknown } | undefined;
  if (values.length === 1 && only !== undefined && Array.isArray(only.items)) return only;
  return { kind: "List", apiVersion: "v1", items: values };
}

const load: Verb = {
  name: "load",
  short: "Make a saved state the cluster's: create, replace and delete objects to match",
  usage: "kubesim ctl load FILE",
  long: "All or nothing: if one object would be refused, nothing changes.\nFILE - reads standard input.",
  flags: [],
  async run(args, client, io) {
    const f = flagsOf(this, args);
    const [file, ...extra] = f.args;
    if (file === undefined) throw new UsageError("say which file: load FILE.yaml", helpOf("load"));
    noArgs("load", extra);
    let text: string;
    if (file === "-") text = await io.stdin();
    else {
      try {
        text = readFileSync(resolve(io.cwd, file), "utf8");
      } catch {
        throw new CtlError(`the path ${JSON.stringify(file)} does not exist`);
      }
    }
    const r = await client.send<LoadResult>("PUT", "/state", stateOf(text, file));
    for (const [list, word] of [
      [r.created, "created"],
      [r.configured, "configured"],
      [r.unchanged, "unchanged"],
      [r.deleted, "deleted"],
    ] as const)
      for (const ref of list) io.out(`${ref} ${word}\n`);
  },
};

export const verbs: readonly Verb[] = [
  status,
  pause,
  resume,
  speed,
  advance,
  until,
  fault,
  traffic,
  trace,
  timeline,
  save,
  load,
];
