/**
 * ShortHumanDuration, the coarse age that `kubectl get events` and a few other
 * columns use ("5s", "3m", "2h", "10d", "1y"). Mirrors
 * staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go. (HumanDuration,
 * the AGE column's, comes from the sim as `humanDuration`.)
 */
import type { Millis } from "kubesim";

/** Go's int(x): truncation toward zero. */
const int = (x: number): number => Math.trunc(x);

/**
 *   shortHumanDuration(59_999) === "59s"; shortHumanDuration(86_400_000) === "1d"
 * Up to 2 s into the future reads "0s" (clock skew); further is "<invalid>".
 */
export function shortHumanDuration(d: Millis): string {
  const seconds = int(d / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = int(d / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = int(d / 3_600_000);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${int(hours / 24)}d`;
  return `${int(d / 3_600_000 / 24 / 365)}y`;
}
