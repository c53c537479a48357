/**
 * The stage the demo plays on: one cluster, kubectl commands run through
 * `kubectl(line, host)` (their real output, streamed as the virtual clock
 * runs), the sim's own steps (faults, traffic, waits) in `kubesim shell`'s
 * words, and for each act a narrated timeline and a ReplicaSet chart from
 * what the Recorder saw.
 */
import { kubectl, type CommandResult, type FileAccess, type KubectlHost } from "@kubesim/kubectl";
import { Cluster, formatDuration, type Millis } from "kubesim";
import type { Style } from "../cli/color.js";
import { Narrator } from "./narrate.js";
import { Recorder } from "./recorder.js";
import { drawReplicaSetTimeline } from "./timeline.js";

export const NAMESPACE = "default";

/** Files by name, for `kubectl apply -f NAME`. */
function memoryFiles(files: Readonly<Record<string, string>>): FileAccess {
  return {
    readFile(path) {
      const text = files[path.replace(/^\.\//, "")];
      if (text === undefined)
        throw Object.assign(new Error(`open ${path}: no such file or directory`), {
          code: "ENOENT",
        });
      return text;
    },
    isDirectory: () => false,
    readDir: () => [],
  };
}

export interface StageOptions {
  readonly seed: number | string;
  readonly imageCatalogue: object;
  readonly files: Readonly<Record<string, string>>;
  readonly write: (text: string) => void;
  readonly style: Style;
}

export class Stage {
  readonly cluster: Cluster;
  readonly recorder: Recorder;
  readonly start: Millis;
  private readonly host: KubectlHost;
  private readonly narrator: Narrator;
  private readonly out: (text: string) => void;
  readonly style: Style;
  private actMark = 0;
  private actStart: Millis;

  constructor(options: StageOptions) {
    this.cluster = Cluster.create({
      seed: options.seed,
      nodes: 3,
      imageCatalogue: options.imageCatalogue,
    });
    this.start = this.cluster.now();
    this.actStart = this.start;
    this.recorder = new Recorder(this.cluster, NAMESPACE);
    this.narrator = new Narrator(this.recorder, this.start);
    this.out = options.write;
    this.style = options.style;
    this.host = {
      cluster: this.cluster,
      namespace: NAMESPACE,
      files: memoryFiles(options.files),
      // `rollout status` waits as long as kubectl would: past a 10-minute progress deadline.
      stream: { quiet: 15 * 60_000, max: 30 * 60_000 },
    };
  }

  /** Virtual time since the demo started, as "+1m37s". */
  clock(t: Millis = this.cluster.now()): string {
    return `+${formatDuration(t - this.start)}`;
  }

  write(text: string): void {
    this.out(text);
  }

  /** Prose: what the act shows, wrapped at 80 columns. */
  say(text: string): void {
    this.out(`${wrap(text, 80).join("\n")}\n`);
  }

  /** Starts an act: its header and a fresh window for the narration and the chart. */
  act(n: number, title: string): void {
    this.actMark = this.recorder.mark();
    this.actStart = this.cluster.now();
    const head = `Act ${n}. ${title}`;
    this.out(
      `\n${this.style.bold(this.style.cyan(head))}\n${this.style.cyan("═".repeat(head.length))}\n`,
    );
  }

  /** A command line as typed, headed by the virtual time. */
  private prompt(line: string): void {
    this.out(`\n${this.style.dim(`[${this.clock()}]`)} ${this.style.bold(`$ ${line}`)}\n`);
  }

  /** Runs `kubectl LINE` (with `stdin` for `-f -`) and prints it with its output. */
  kubectl(line: string, stdin?: string): CommandResult {
    if (stdin === undefined) this.prompt(`kubectl ${line}`);
    else this.prompt(`kubectl ${line} <<EOF\n${stdin}EOF`);
    const streamed = { stdout: 0, stderr: 0 };
    const host: KubectlHost = {
      ...this.host,
      ...(stdin === undefined ? {} : { stdin }),
      onOutput: (stream, text) => {
        streamed[stream] += text.length;
        this.out(stream === "stderr" ? this.style.red(text) : text);
      },
    };
    const r = kubectl(line, host);
    if (r.stdout.length > streamed.stdout) this.out(r.stdout.slice(streamed.stdout));
    if (r.stderr.length > streamed.stderr)
      this.out(this.style.red(r.stderr.slice(streamed.stderr)));
    return r;
  }

  /** A step that is not kubectl (a fault, traffic, curl), with what it printed. */
  step(line: string, output: string): void {
    this.prompt(line);
    if (output !== "") this.out(output.endsWith("\n") ? output : `${output}\n`);
  }

  /** A note on what the clock did meanwhile. */
  note(text: string): void {
    this.out(`${this.style.dim(`[${this.clock()}] # ${text}`)}\n`);
  }

  /** The narrated timeline and the ReplicaSet chart of the act so far. */
  endAct(): void {
    const to = this.recorder.mark();
    const lines = this.narrator.narrate(this.actMark, to);
    if (lines.length > 0) {
      this.out(`\n${this.style.bold("What happened, and why (from the Events):")}\n`);
      const width = Math.max(...lines.map((l) => `+${formatDuration(l.t)}`.length));
      for (const l of lines) {
        const time = `+${formatDuration(l.t)}`.padEnd(width);
        const body = wrap(l.text, 100 - width - 5);
        const marker = l.fromEvent ? "•" : "◦";
        this.out(
          `  ${this.style.dim(time)} ${marker} ${body[0]}\n${body
            .slice(1)
            .map((b) => `  ${" ".repeat(width)}   ${b}\n`)
            .join("")}`,
        );
      }
      this.out(this.style.dim("  (• an Event; ◦ a change in a pod's or Deployment's status)\n"));
    }
    const chart = drawReplicaSetTimeline(
      this.recorder.replicaSets,
      { from: this.actMark, to, startT: this.actStart, endT: this.cluster.now() },
      this.start,
    );
    if (chart.length > 0) {
      this.out(
        `\n${this.style.bold("ReplicaSet sizes over virtual time")} ${this.style.dim("(█ a ready pod, ░ one not ready yet; READY: ready pods in all):")}\n`,
      );
      for (const l of chart) this.out(`  ${l}\n`);
    }
  }
}

/** Greedy word wrap. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    out.push(line);
  }
  return out;
}
