/**
 * Image behaviours for the fake container runtime (docs/image-catalogue.md,
 * packages/kubelet/src/images/catalogue.ts): arbitraries of catalogue entries
 * and of whole catalogues, each image tagged with whether a pod running it
 * becomes and stays Ready, so that properties know which rollouts must finish.
 */
import fc from "fast-check";

/** A behaviour in the catalogue's object form (the fields of docs/image-catalogue.md). */
export type ImageBehavior = Readonly<Record<string, unknown>>;

/** One image of a generated catalogue. */
export interface ImageSpec {
  /** The reference pods name in `image:` ("app:v1"). */
  readonly image: string;
  readonly behavior: ImageBehavior;
  /**
   * A pod running it becomes Ready and stays Ready (with the lenient probes of
   * `podTemplateArb`): a rollout to it must complete.
   */
  readonly healthy: boolean;
}

/** How an image may behave, by name. */
export type BehaviorKind =
  | "ready"
  | "slowStart"
  | "neverReady"
  | "crashAtStart"
  | "crashLater"
  | "pullFails"
  | "livenessFails"
  | "flapping";

const seconds = (lo: number, hi: number): fc.Arbitrary<string> =>
  fc.integer({ min: lo, max: hi }).map((s) => `${s}s`);

/** The behaviour of one kind, with generated timings. */
export function behaviorArb(kind: BehaviorKind): fc.Arbitrary<ImageBehavior> {
  switch (kind) {
    case "ready":
      return fc.record({ ready: fc.record({ after: seconds(0, 5) }) });
    case "slowStart":
      return fc.record({
        pull: fc.record({ duration: seconds(1, 10) }),
        start: seconds(0, 3),
        ready: fc.record({ after: seconds(3, 20) }),
      });
    case "neverReady":
      return fc.constant({ ready: "never" });
    case "crashAtStart":
      return fc.record({ exit: fc.record({ after: fc.constant("0s"), code: fc.constant(1) }) });
    case "crashLater":
      return fc.record({ exit: fc.record({ after: seconds(5, 60), code: fc.constant(2) }) });
    case "pullFails":
      return fc.constant({ pull: { fail: true } });
    case "livenessFails":
      return fc.record({ liveness: fc.record({ failAfter: seconds(10, 60) }) });
    case "flapping":
      return fc.record({
        ready: fc.record({ flap: fc.record({ up: seconds(5, 30), down: seconds(1, 10) }) }),
      });
  }
}

/** Kinds whose pods become Ready and stay Ready. */
export const HEALTHY_KINDS: readonly BehaviorKind[] = ["ready", "slowStart"];
/**
 * Kinds a rollout property can use: each is either healthy or never Ready at
 * all, so that a Ready pod never becomes unavailable by itself. Not crashAtStart:
 * without a readiness probe its container is Running, hence Ready, for an
 * instant before it exits, and with minReadySeconds 0 the Deployment controller
 * counts it available and may scale an old ReplicaSet down for it (as in
 * Kubernetes; minReadySeconds is the remedy). Nor crashLater, livenessFails and
 * flapping, whose pods lose readiness, which no controller can prevent.
 */
export const ROLLOUT_KINDS: readonly BehaviorKind[] = [
  "ready",
  "slowStart",
  "neverReady",
  "pullFails",
];
export const ALL_KINDS: readonly BehaviorKind[] = [
  ...ROLLOUT_KINDS,
  "crashAtStart",
  "crashLater",
  "livenessFails",
  "flapping",
];

export interface ImagesOptions {
  /** Image names, "app:v1", "app:v2", ... (default 3). */
  readonly count?: number;
  /** Which behaviours to draw from (default ROLLOUT_KINDS). */
  readonly kinds?: readonly BehaviorKind[];
  /** The repository part of each reference (default "app"). */
  readonly repository?: string;
}

/**
 * `count` images `app:v1..vN`; the first is always healthy (a Deployment
 * starts from something that runs), the others draw from `kinds`.
 */
export function imagesArb(options: ImagesOptions = {}): fc.Arbitrary<readonly ImageSpec[]> {
  const count = options.count ?? 3;
  const kinds = options.kinds ?? ROLLOUT_KINDS;
  const repo = options.repository ?? "app";
  const one = (i: number, from: readonly BehaviorKind[]): fc.Arbitrary<ImageSpec> =>
    fc.constantFrom(...from).chain((kind) =>
      behaviorArb(kind).map((behavior) => ({
        image: `${repo}:v${i + 1}`,
        behavior,
        healthy: HEALTHY_KINDS.includes(kind),
      })),
    );
  const healthyFirst = kinds.filter((k) => HEALTHY_KINDS.includes(k));
  return fc.tuple(
    ...Array.from({ length: count }, (_, i) =>
      one(i, i === 0 && healthyFirst.length > 0 ? healthyFirst : kinds),
    ),
  );
}

/** The catalogue object `Cluster.create({ images })` takes. */
export function catalogueOf(images: readonly ImageSpec[]): {
  images: Record<string, ImageBehavior>;
} {
  const out: Record<string, ImageBehavior> = {};
  for (const i of images) out[i.image] = i.behavior;
  return { images: out };
}
