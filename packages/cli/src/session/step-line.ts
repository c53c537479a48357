/**
 * Each step as the line one would type in `kubesim shell` to do the same
 * (`until rollout my-api`, `fault pod delete -l app=my-api`): the headers
 * `kubesim run` prints, and the inverse of the shell's parser.
 */
import { parseAllDocuments } from "yaml";
import type { Fault, Step, Traffic, Until } from "../scenario/schema.js";

/** Quotes a word for a shell line when it needs it. */
export function quoteArg(word: string): string {
  if (/^[\w@%+=:,./~^-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const ns = (n: string | undefined): string => (n === undefined ? "" : ` -n ${quoteArg(n)}`);

function objectNames(objects: readonly unknown[]): string {
  return objects
    .map((o) => {
      const x = o as { kind?: unknown; metadata?: { name?: unknown } } | null;
      return `${String(x?.kind ?? "?").toLowerCase()}/${String(x?.metadata?.name ?? "?")}`;
    })
    .join(", ");
}

export function untilLine(u: Until): string {
  const t = u.timeout === undefined ? "" : ` --timeout ${u.timeout}`;
  const n = "namespace" in u ? ns(u.namespace) : "";
  if ("rollout" in u) return `until rollout ${quoteArg(u.rollout)}${n}${t}`;
  if ("deployment" in u)
    return `until deployment ${quoteArg(u.deployment)} ${u.condition}${u.status === undefined || u.status === "True" ? "" : `=${u.status}`}${n}${t}`;
  if ("pod" in u) {
    const what =
      u.phase !== undefined
        ? u.phase
        : `Ready${u.status === undefined || u.status === "True" ? "" : `=${u.status}`}`;
    return `until pod ${quoteArg(u.pod)} ${what}${n}${t}`;
  }
  if ("node" in u) {
    const s = u.status ?? "True";
    return `until node ${quoteArg(u.node)} ${u.condition ?? "Ready"}${s === "True" ? "" : `=${s}`}${t}`;
  }
  return `until deleted ${quoteArg(u.deleted)}${n}${t}`;
}

const podArg = (p: string | { selector: string }): string =>
  typeof p === "string" ? quoteArg(p) : `-l ${quoteArg(p.selector)}`;

export function faultLine(f: Fault): string {
  if ("deletePod" in f)
    return `fault pod delete ${podArg(f.deletePod)}${ns(f.namespace)}${f.gracePeriod === undefined ? "" : ` --grace-period ${f.gracePeriod}`}`;
  if ("killContainer" in f)
    return `fault pod kill ${podArg(f.killContainer)}${ns(f.namespace)}${f.container === undefined ? "" : ` -c ${quoteArg(f.container)}`}${f.oom === true ? " --oom" : ""}`;
  if ("stopNode" in f) return `fault node stop ${quoteArg(f.stopNode)}`;
  if ("startNode" in f) return `fault node start ${quoteArg(f.startNode)}`;
  if ("partitionNode" in f)
    return `fault node partition ${quoteArg(f.partitionNode)}${f.for === undefined ? "" : ` --for ${f.for}`}`;
  if ("healPartition" in f) return `fault node heal ${quoteArg(f.healPartition)}`;
  if ("restartController" in f) return `fault controller restart ${f.restartController}`;
  if ("dropWatches" in f) return "fault apiserver drop-watches";
  if ("slowApiServer" in f)
    return `fault apiserver slow ${f.slowApiServer}${f.jitter === undefined ? "" : ` --jitter ${f.jitter}`}${f.for === undefined ? "" : ` --for ${f.for}`}`;
  return "fault apiserver restore";
}

export function trafficLine(t: Traffic): string {
  if ("start" in t) {
    const s = t.start;
    return (
      `traffic start ${quoteArg(s.url)} --rate ${s.rate}` +
      (s.from === undefined ? "" : ` --from ${quoteArg(s.from)}`) +
      ns(s.namespace) +
      (s.name === undefined ? "" : ` --name ${quoteArg(s.name)}`)
    );
  }
  if ("stop" in t) return t.stop === true ? "traffic stop" : `traffic stop ${quoteArg(t.stop)}`;
  return t.summary === true ? "traffic summary" : `traffic summary ${quoteArg(t.summary)}`;
}

/** The shell line for a step (for `expect`, just "expect"; for `say`, the text). */
export function stepLine(step: Step): string {
  if ("apply" in step) {
    const a = step.apply;
    if ("file" in a) return `kubectl apply -f ${quoteArg(a.file)}${ns(a.namespace)}`;
    const objects =
      "objects" in a
        ? a.objects
        : parseAllDocuments(a.yaml).flatMap((d) => {
            try {
              const v: unknown = d.toJS();
              return v === null || v === undefined ? [] : [v];
            } catch {
              return [];
            }
          });
    return `kubectl apply -f -  # ${objectNames(objects)}`;
  }
  if ("kubectl" in step) return `kubectl ${step.kubectl.replace(/^\s*kubectl\s+/, "")}`;
  if ("advance" in step) return `advance ${step.advance}`;
  if ("until" in step) return untilLine(step.until);
  if ("fault" in step) return faultLine(step.fault);
  if ("traffic" in step) return trafficLine(step.traffic);
  if ("expect" in step) return "expect";
  return `say ${step.say}`;
}
