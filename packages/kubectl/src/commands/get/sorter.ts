/**
 * `--sort-by`: TableSorter, SortObjects, RuntimeSort and isLess of
 * staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go. The field is a JSONPath
 * (relaxed: `.metadata.name` works) evaluated on each row's object; strings
 * that both parse as quantities compare as quantities (`500m` < `1`), numbers
 * as numbers, other strings bytewise; an object without the field sorts first.
 * Go's sort.Sort is an insertion sort up to 12 items (stable, reproduced
 * exactly); longer lists are sorted stably here.
 */
import { tryParseQuantity } from "@kubesim/api";
import { KubectlError } from "../../cli/errors.js";
import { goTypeName } from "../../printers/go-format.js";
import { JSONPath } from "../../printers/jsonpath/jsonpath.js";
import { relaxedJSONPathExpression } from "./relaxed-jsonpath.js";

type Values = unknown[][];

function isLess(field: string, a: unknown, b: unknown): boolean {
  const unsortable = (why: string): never => {
    throw new KubectlError(
      `Field ${field} in *v1.Table is an unsortable type: interface, err: ${why}`,
    );
  };
  if ((a === null || a === undefined) && (b === null || b === undefined)) return false;
  if (a === null || a === undefined) return true;
  if (b === null || b === undefined) return false;
  if (typeof a === "number") {
    if (typeof b !== "number" || Number.isInteger(a) !== Number.isInteger(b))
      return unsortable("unsortable interface: interface");
    return a < b;
  }
  if (typeof a === "string") {
    if (typeof b !== "string") return unsortable("unsortable interface: interface");
    const qa = tryParseQuantity(a);
    const qb = qa === undefined ? undefined : tryParseQuantity(b);
    if (qa !== undefined && qb !== undefined) return qa.cmp(qb) < 0;
    return a < b;
  }
  return unsortable(`unsortable type: ${goTypeName(a)}`);
}

function less(field: string, i: Values, j: Values): boolean {
  if (i.length === 0 || i[0]!.length === 0) return true;
  if (j.length === 0 || j[0]!.length === 0) return false;
  return isLess(field, i[0]![0], j[0]![0]);
}

/** sort.Sort with `less`: Go's insertion sort for short lists, a stable sort otherwise. */
function goSort<T>(items: T[], lessFn: (a: T, b: T) => boolean): T[] {
  if (items.length <= 12) {
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && lessFn(items[j]!, items[j - 1]!); j--) {
        [items[j], items[j - 1]] = [items[j - 1]!, items[j]!];
      }
    }
    return items;
  }
  return items.sort((a, b) => (lessFn(a, b) ? -1 : lessFn(b, a) ? 1 : 0));
}

function parser(field: string): JSONPath {
  return new JSONPath("sorting").allowMissingKeys(true).parse(field);
}

/** The field as kubectl resolves it: relaxed if possible, else as given. */
export function sortField(sortBy: string): string {
  try {
    return relaxedJSONPathExpression(sortBy);
  } catch {
    return sortBy;
  }
}

/**
 * NewTableSorter + Sort: the rows ordered by `field` (already relaxed). Errors
 * as upstream: a template that does not parse, or a field no row has.
 */
export function sortTableRows<R extends { readonly object: unknown }>(
  rows: readonly R[],
  field: string,
): R[] {
  let p: JSONPath;
  try {
    p = parser(field);
  } catch (e) {
    throw new KubectlError(`sorting error: ${(e as Error).message}`);
  }
  const parsed = rows.map((r) => ({ row: r, values: p.findResults(r.object) }));
  if (rows.length > 0 && !parsed.some((x) => x.values.length > 0 && x.values[0]!.length > 0))
    throw new KubectlError(`couldn't find any field with path "${field}" in the list of objects`);
  return goSort(parsed, (a, b) => less(field, a.values, b.values)).map((x) => x.row);
}

/** SortObjects (the SortingPrinter of -o yaml/json/name): the objects ordered by `fieldInput`. */
export function sortObjects<T>(objects: readonly T[], fieldInput: string): T[] {
  if (objects.length === 0) return [];
  const field = relaxedJSONPathExpression(fieldInput);
  const p = parser(field);
  const parsed = objects.map((o) => ({ o, values: p.findResults(o) }));
  if (!parsed.some((x) => x.values.length > 0 && x.values[0]!.length > 0))
    throw new KubectlError(`couldn't find any field with path "${field}" in the list of objects`);
  return goSort(parsed, (a, b) => less(field, a.values, b.values)).map((x) => x.o);
}
