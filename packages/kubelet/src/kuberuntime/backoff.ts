/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for CrashLoopBackOff
 * (initial 10 s, cap 300 s, kubelet.go) and image pulls (MaxImageBackOff 300 s):
 * per key, the delay starts at `initial` and doubles up to `max`; an entry not
 * updated for more than 2 x max is forgotten, so a container that ran for more
 * than ten minutes starts again at 10 s.
 */
import type { Millis } from "@kubesim/sim";

interface Entry {
  backoff: Millis;
  lastUpdate: Millis;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initial: Millis,
    readonly max: Millis,
  ) {}

  private hasExpired(entry: Entry, eventTime: Millis): boolean {
    return eventTime - entry.lastUpdate > 2 * this.max;
  }

  /** The current delay for `key` (0 when none). */
  get(key: string): Millis {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** backoff.Next: advance the delay of `key`, observed at `eventTime`, at `now`. */
  next(key: string, eventTime: Millis, now: Millis): void {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(entry, eventTime)) {
      this.entries.set(key, { backoff: this.initial, lastUpdate: now });
      return;
    }
    entry.backoff = Math.min(entry.backoff * 2, this.max);
    entry.lastUpdate = now;
  }

  /** IsInBackOffSince: `now` is within the delay that started at `eventTime`. */
  isInBackOffSince(key: string, eventTime: Millis, now: Millis): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(entry, eventTime)) return false;
    return now - eventTime < entry.backoff;
  }

  /** IsInBackOffSinceUpdate: within the delay counted from the last update (image pulls). */
  isInBackOffSinceUpdate(key: string, now: Millis): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(entry, now)) return false;
    return now - entry.lastUpdate < entry.backoff;
  }

  /** When the delay counted from the last update ends (undefined without an entry). */
  updateExpiry(key: string): Millis | undefined {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : entry.lastUpdate + entry.backoff;
  }

  /** When the delay that started at `eventTime` ends. */
  expiry(key: string, eventTime: Millis): Millis {
    return eventTime + this.get(key);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forget keys with this prefix (a pod's entries when it is removed). */
  forgetPrefix(prefix: string): void {
    for (const key of [...this.entries.keys()])
      if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

/** kubelet.go: backOffPeriod and MaxContainerBackOff. */
export const CONTAINER_BACKOFF_INITIAL: Millis = 10_000;
export const CONTAINER_BACKOFF_MAX: Millis = 300_000;
/** images/types.go: the pull back-off, same shape (MaxImageBackOff). */
export const IMAGE_BACKOFF_INITIAL: Millis = 10_000;
export const IMAGE_BACKOFF_MAX: Millis = 300_000;
