/**
 * Loads the transcribed printer and duration test tables (copies of
 * shared/spec/runtime-vectors.json's printers_test.go and duration_test.go vectors),
 * and resolves their relative times. Test support only.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { readFileSync } from "node:fs";

export interface PrintPodVector {
  readonly source: string;
  readonly name: string;
  readonly input: Pod;
  readonly expected: {
    readonly cells: string[];
    readonly conditions?: { type: string; status: string; reason: string; message: string }[];
  };
  readonly note?: string;
}

export interface DurationVector {
  readonly source: string;
  readonly name: string;
  readonly function: "HumanDuration" | "ShortHumanDuration";
  readonly input: { readonly durationNs: number; readonly seconds: number };
  readonly expected: string;
}

function load<T>(file: string): T[] {
  const text = readFileSync(new URL(file, import.meta.url), "utf8");
  return (JSON.parse(text) as { vectors: T[] }).vectors;
}

export const loadPrintPodVectors = (): PrintPodVector[] => load("./printPod-vectors.json");
export const loadDurationVectors = (): DurationVector[] => load("./humanDuration-vectors.json");

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Replaces every relative time ("-10s", "-5d": now minus that) in a vector's
 * input with an RFC 3339 timestamp relative to `now`.
 */
export function resolveRelativeTimes<T>(value: T, now: number): T {
  if (typeof value === "string") {
    const m = /^-(\d+)([smhd])$/.exec(value);
    if (m === null) return value;
    const t = now - Number(m[1]) * unitMs[m[2]!]!;
    return new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z") as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => resolveRelativeTimes(v, now)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveRelativeTimes(v, now)]),
    ) as T;
  }
  return value;
}
