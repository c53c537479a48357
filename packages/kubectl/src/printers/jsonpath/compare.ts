/**
 * The comparisons of JSONPath filters (`[?(@.x < 5)]`): Equal, Less and
 * friends of staging/src/k8s.io/client-go/third_party/forked/golang/template/funcs.go,
 * over unstructured values (whole numbers are int64, others float64).
 */

/** Thrown for operands of the wrong kind, with Go's messages. */
export class ComparisonError extends Error {}

type Kind = "bool" | "int" | "float" | "string";

/** A literal's kind is fixed by the template (`3` int, `3.0` float); data's by its value. */
export interface Operand {
  readonly value: unknown;
  readonly kind?: Kind;
}

function basicKind(o: Operand): Kind {
  if (o.kind !== undefined) return o.kind;
  switch (typeof o.value) {
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "number":
      return Number.isInteger(o.value) ? "int" : "float";
    default:
      throw new ComparisonError("invalid type for comparison");
  }
}

export function equal(a: Operand, b: Operand): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) throw new ComparisonError("incompatible types for comparison");
  return a.value === b.value;
}

export function less(a: Operand, b: Operand): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) throw new ComparisonError("incompatible types for comparison");
  if (k1 === "bool") throw new ComparisonError("invalid type for comparison");
  return (a.value as number | string) < (b.value as number | string);
}

/** The filter operators: `==`, `!=`, `<`, `>`, `<=`, `>=`. */
export function compare(op: string, a: Operand, b: Operand): boolean {
  switch (op) {
    case "==":
      return equal(a, b);
    case "!=":
      return !equal(a, b);
    case "<":
      return less(a, b);
    case "<=":
      return less(a, b) || equal(a, b);
    case ">":
      return !(less(a, b) || equal(a, b));
    case ">=":
      return !less(a, b);
    default:
      throw new ComparisonError(`unrecognized filter operator ${op}`);
  }
}
