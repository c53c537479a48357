/**
 * Loads printers-vectors.json (rows and printed lines of printers_test.go,
 * transcribed as v1 JSON objects) and resolves its relative times
 * ("now+1.9s", "now-48h") against a given `now`. Test support only.
 */
import { readFileSync } from "node:fs";

export interface RowVector {
  readonly source: string;
  readonly name: string;
  readonly kind: string;
  readonly wide: boolean;
  readonly input: Record<string, unknown>;
  readonly expected: readonly string[];
}

export interface TableVector {
  readonly source: string;
  readonly name: string;
  readonly kind: string;
  readonly input: Record<string, unknown>;
  readonly expected: string;
}

interface VectorFile {
  readonly rows: RowVector[];
  readonly tables: TableVector[];
}

const file = (): VectorFile =>
  JSON.parse(
    readFileSync(new URL("./printers-vectors.json", import.meta.url), "utf8"),
  ) as VectorFile;

export const loadRowVectors = (): RowVector[] => file().rows;
export const loadTableVectors = (): TableVector[] => file().tables;

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** RFC 3339 with fractional seconds when needed (as MicroTime would print). */
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, "Z");

/** Replaces every "now±N<unit>" string in `value` with the time it names. */
export function resolveNow<T>(value: T, now: number): T {
  if (typeof value === "string") {
    const m = /^now([+-])(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
    if (m === null) return value;
    const d = Number(m[2]) * unitMs[m[3]!]!;
    return rfc3339(m[1] === "+" ? now + d : now - d) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => resolveNow(v, now)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNow(v, now)])) as T;
  }
  return value;
}
