/**
 * Go's fmt.Sprintf for the verbs event messages use, so that `eventf` can take
 * Kubernetes' own format strings unchanged:
 *
 *   sprintf("Scaled up replica set %s from %d to %d", "web-7d9c6b5f4", 0, 1)
 *     === "Scaled up replica set web-7d9c6b5f4 from 0 to 1"
 *
 * Verbs: %s, %v, %d, %q, %t and %%. As in Go, a missing argument prints
 * "%!d(MISSING)" and a surplus one "%!(EXTRA string=x)".
 */

type Arg = unknown;

function goTypeName(a: Arg): string {
  if (typeof a === "string") return "string";
  if (typeof a === "number") return Number.isInteger(a) ? "int" : "float64";
  if (typeof a === "boolean") return "bool";
  if (typeof a === "bigint") return "int64";
  if (a === null || a === undefined) return "<nil>";
  return "object";
}

function plain(a: Arg): string {
  if (a === null || a === undefined) return "<nil>";
  if (typeof a === "object") return JSON.stringify(a);
  return String(a as string);
}

export function sprintf(format: string, ...args: readonly Arg[]): string {
  let i = 0;
  const out = format.replace(/%([%svdqt])/g, (_m, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const a = args[i++];
    switch (verb) {
      case "d":
        return typeof a === "number" || typeof a === "bigint"
          ? String(typeof a === "number" ? Math.trunc(a) : a)
          : `%!d(${goTypeName(a)}=${plain(a)})`;
      case "q":
        return JSON.stringify(plain(a));
      case "t":
        return typeof a === "boolean" ? String(a) : `%!t(${goTypeName(a)}=${plain(a)})`;
      default:
        return plain(a);
    }
  });
  if (i >= args.length) return out;
  const extra = args.slice(i).map((a) => `${goTypeName(a)}=${plain(a)}`);
  return `${out}%!(EXTRA ${extra.join(", ")})`;
}
