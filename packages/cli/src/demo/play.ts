/**
 * `kubesim demo`: plays the tutorial's acts (acts.ts) on a fresh cluster,
 * one after the other, pausing between them when asked (`--step`), and says
 * at the end how much virtual time passed and the trace hash (same seed,
 * same run).
 */
import { formatDuration, type Millis } from "kubesim";
import { plain, type Style } from "../cli/color.js";
import { acts, type Play } from "./acts.js";
import { imageCatalogue, tutorialManifests } from "./manifests.js";
import { Stage } from "./stage.js";

export interface DemoOptions {
  /** The seed of every random stream (default 1): pod names, IPs, scheduling ties. */
  readonly seed?: number | string;
  /** Where the text goes, chunk by chunk as it is printed. */
  readonly write: (text: string) => void;
  /** Colour (default plain text). */
  readonly style?: Style;
  /** Called before each act but the first (`--step`); the demo waits for it. */
  readonly pause?: (next: { readonly act: number; readonly title: string }) => Promise<void>;
}

export interface DemoResult {
  /** The trace hash: the same seed gives the same hash. */
  readonly hash: string;
  /** Virtual time the demo played. */
  readonly virtualTime: Millis;
  /** Requests sent under traffic, and how many failed (the demo's claim: none). */
  readonly sent: number;
  readonly failed: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const style = options.style ?? plain;
  const stage = new Stage({
    seed: options.seed ?? 1,
    imageCatalogue,
    files: tutorialManifests,
    write: options.write,
    style,
  });
  const play: Play = { traffic: [], trafficFrom: stage.start, summaries: [] };
  stage.write(
    `${style.bold("kubesim demo")}: the tutorial "Kubernetes Explained for Developers", played on a simulated cluster\n` +
      `(3 nodes, seed ${String(options.seed ?? 1)}). Every kubectl command runs against it and prints its real output;\n` +
      `time is virtual, so minutes of cluster life take a moment.\n`,
  );
  try {
    for (const [i, act] of acts.entries()) {
      if (i > 0 && options.pause !== undefined)
        await options.pause({ act: i + 1, title: act.title });
      stage.act(i + 1, act.title);
      act.run(stage, play);
      stage.endAct();
    }
  } finally {
    for (const g of play.traffic) g.stop();
    stage.recorder.stop();
  }
  const virtualTime = stage.cluster.now() - stage.start;
  const hash = stage.cluster.trace.hash();
  // The last summaries cover all the traffic, from its start.
  const whole = play.summaries.slice(-play.traffic.length);
  const sent = whole.reduce((n, s) => n + s.sent, 0);
  const failed = whole.reduce((n, s) => n + s.failed, 0);
  stage.write(
    `\n${style.bold("The end.")} ${formatDuration(virtualTime)} of virtual time; ${sent} requests, ${failed} failed.\n` +
      `Trace hash ${hash.slice(0, 16)} (same seed, same run). Try it yourself: kubesim shell.\n`,
  );
  return { hash, virtualTime, sent, failed };
}
