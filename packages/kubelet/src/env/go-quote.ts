/**
 * Go's strconv.Quote (what `%q` prints): a double-quoted string with Go escapes. Used where
 * Kubernetes formats values with `%q`, e.g. fieldpath.FormatMap.
 */

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const named: Readonly<Record<string, string>> = {
  "\u0007": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

/** goQuote('a"b\n') === '"a\\"b\\n"'; non-printable runes become \x, \u or \U escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = named[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (ch === " " || printable.test(ch)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + '"';
}
