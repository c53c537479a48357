/**
 * The node's image manager (pkg/kubelet/images/image_manager.go
 * EnsureImageExists) with serialized pulls (serializeImagePulls, the default):
 * images present on the node, pulls in flight, and the pull back-off per
 * (pod, image). A pull holds the pod's worker until it ends, as in the real
 * kubelet; the caller re-syncs the pod at `until`.
 */
import type { Millis } from "@kubesim/sim";
import type { PullBehavior } from "../images/behavior.js";
import { Backoff, IMAGE_BACKOFF_INITIAL, IMAGE_BACKOFF_MAX } from "./backoff.js";
import { normalizeImage, notFoundPullError, pullDuration } from "./images.js";

export interface PullEvent {
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
}

export type EnsureResult =
  | { readonly kind: "ready"; readonly events: readonly PullEvent[] }
  /** A pull is under way; ask again at `until`. */
  | { readonly kind: "pulling"; readonly until: Millis; readonly events: readonly PullEvent[] }
  /** ErrImagePull, ImagePullBackOff or ErrImageNeverPull, with the waiting message. */
  | {
      readonly kind: "failed";
      readonly reason: "ErrImagePull" | "ImagePullBackOff" | "ErrImageNeverPull";
      readonly message: string;
      readonly events: readonly PullEvent[];
      /** When a new attempt may start (end of the back-off). */
      readonly retryAt?: Millis | undefined;
    };

interface InFlight {
  readonly requestedAt: Millis;
  readonly startsAt: Millis;
  readonly endsAt: Millis;
  readonly error: string | undefined;
  readonly size: number;
}

export class ImagePuller {
  private readonly present = new Set<string>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly backoff = new Backoff(IMAGE_BACKOFF_INITIAL, IMAGE_BACKOFF_MAX);
  /** When the single pull slot is free again. */
  private freeAt: Millis = -Infinity;

  isPresent(image: string): boolean {
    return this.present.has(normalizeImage(image));
  }

  /** Images pulled on this node (for the Node's status.images). */
  images(): readonly string[] {
    return [...this.present].sort();
  }

  ensure(
    podUID: string,
    image: string,
    policy: string,
    pull: PullBehavior,
    now: Millis,
  ): EnsureResult {
    const ref = normalizeImage(image);
    const key = `${podUID}_${image}`;
    const flight = this.inFlight.get(key);
    if (flight !== undefined) {
      if (now < flight.endsAt) return { kind: "pulling", until: flight.endsAt, events: [] };
      this.inFlight.delete(key);
      if (flight.error !== undefined) {
        this.backoff.next(key, now, now);
        return {
          kind: "failed",
          reason: "ErrImagePull",
          message: flight.error,
          retryAt: now + this.backoff.get(key),
          events: [
            {
              type: "Warning",
              reason: "Failed",
              message: `Failed to pull image "${image}": ${flight.error}`,
            },
          ],
        };
      }
      this.present.add(ref);
      const took = flight.endsAt - flight.startsAt;
      const total = flight.endsAt - flight.requestedAt;
      return {
        kind: "ready",
        events: [
          {
            type: "Normal",
            reason: "Pulled",
            message: `Successfully pulled image "${image}" in ${pullDuration(took)} (${pullDuration(total)} including waiting). Image size: ${flight.size} bytes.`,
          },
        ],
      };
    }
    const present = this.present.has(ref);
    if (policy === "Never" && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      return {
        kind: "failed",
        reason: "ErrImageNeverPull",
        message,
        events: [{ type: "Warning", reason: "ErrImageNeverPull", message }],
      };
    }
    if (present && policy !== "Always") {
      return {
        kind: "ready",
        events: [
          {
            type: "Normal",
            reason: "Pulled",
            message: `Container image "${image}" already present on machine`,
          },
        ],
      };
    }
    if (this.backoff.isInBackOffSinceUpdate(key, now)) {
      return {
        kind: "failed",
        reason: "ImagePullBackOff",
        message: `Back-off pulling image "${image}"`,
        retryAt: this.backoff.updateExpiry(key) ?? now,
        events: [
          { type: "Normal", reason: "BackOff", message: `Back-off pulling image "${image}"` },
        ],
      };
    }
    const error =
      pull.error === undefined
        ? undefined
        : pull.error === ""
          ? notFoundPullError(image)
          : pull.error;
    const startsAt = Math.max(now, this.freeAt);
    const endsAt = startsAt + (error === undefined ? pull.duration : Math.min(pull.duration, 1000));
    this.freeAt = endsAt;
    this.inFlight.set(key, { requestedAt: now, startsAt, endsAt, error, size: pull.size });
    return {
      kind: "pulling",
      until: endsAt,
      events: [{ type: "Normal", reason: "Pulling", message: `Pulling image "${image}"` }],
    };
  }

  /** A pod left the node: drop its pulls and back-off entries. */
  forgetPod(podUID: string): void {
    for (const key of [...this.inFlight.keys()])
      if (key.startsWith(`${podUID}_`)) this.inFlight.delete(key);
    this.backoff.forgetPrefix(`${podUID}_`);
  }
}
