/**
 * Comparisons in expectations: a number (`3`, meaning equal) or a string
 * with an operator (`">=1"`, `"< 5"`, `"!=0"`), as the scenario format
 * writes counts.
 */
import { COMPARISON, type Comparison } from "./schema.js";

export interface Compare {
  readonly op: ">=" | "<=" | "==" | "!=" | ">" | "<";
  readonly value: number;
}

export function parseComparison(c: Comparison): Compare {
  if (typeof c === "number") return { op: "==", value: c };
  const m = COMPARISON.exec(c);
  if (m === null) throw new Error(`invalid comparison ${JSON.stringify(c)}`);
  const op = m[1] === undefined || m[1] === "=" ? "==" : (m[1] as Compare["op"]);
  return { op, value: Number(m[2]) };
}

export function holds(c: Comparison, actual: number): boolean {
  const { op, value } = parseComparison(c);
  switch (op) {
    case ">=":
      return actual >= value;
    case "<=":
      return actual <= value;
    case ">":
      return actual > value;
    case "<":
      return actual < value;
    case "!=":
      return actual !== value;
    default:
      return actual === value;
  }
}

/** "3", ">= 1": how the expectation reads in messages. */
export function showComparison(c: Comparison): string {
  const { op, value } = parseComparison(c);
  return op === "==" ? String(value) : `${op} ${value}`;
}
