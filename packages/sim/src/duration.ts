/**
 * Durations in Go's time.Duration string form ("30s", "5m", "1h30m", "250ms"),
 * as Kubernetes and kubectl print and accept them. Mirrors Go's time.ParseDuration
 * and Duration.String, restricted to millisecond resolution (the sim clock's unit).
 */

/** Virtual time and durations are whole milliseconds. */
export type Millis = number;

const unitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Thrown for a duration string that Go's time.ParseDuration would refuse. */
export class DurationError extends Error {
  readonly code = "DurationError" as const;
  constructor(input: string) {
    super(`time: invalid duration ${JSON.stringify(input)}`);
    this.name = "DurationError";
  }
}

const part = /(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|us|µs|ns)/y;

/**
 * Parses "1h30m", "250ms", "1.5s", "0" into milliseconds. Sub-millisecond units
 * (ns, us) are accepted and rounded to the nearest millisecond.
 *   parseDuration("1h30m") === 5_400_000
 */
export function parseDuration(input: string | Millis): Millis {
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new DurationError(String(input));
    return input;
  }
  let s = input.trim();
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw new DurationError(input);
  let total = 0;
  part.lastIndex = 0;
  while (part.lastIndex < s.length) {
    const start = part.lastIndex;
    const m = part.exec(s);
    if (m === null || m.index !== start) throw new DurationError(input);
    const n = Number(m[1]);
    const unit = m[2]!;
    const scale = unit === "ns" ? 1e-6 : unit === "us" || unit === "µs" ? 1e-3 : unitMs[unit]!;
    total += n * scale;
  }
  return sign * Math.round(total);
}

/**
 * Formats milliseconds as Go's Duration.String does: "1h30m0s", "250ms", "0s".
 *   formatDuration(5_400_000) === "1h30m0s"
 */
export function formatDuration(ms: Millis): string {
  if (ms === 0) return "0s";
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? "-" : ""}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const secs = rest / 1000;
  const secText = Number.isInteger(secs) ? String(secs) : String(secs).replace(/0+$/, "");
  let out = "";
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${secText}s`;
  return (neg ? "-" : "") + out;
}

/**
 * kubectl's short, human age column ("5s", "3m", "2d", "45d") — the rules of
 * k8s.io/apimachinery/pkg/util/duration.HumanDuration.
 */
export function humanDuration(ms: Millis): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}
