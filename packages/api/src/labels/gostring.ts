/**
 * Go string semantics that Kubernetes' messages and orderings depend on.
 *
 * Go measures strings in UTF-8 bytes (`len(s)`) and orders them byte by byte
 * (`sort.Strings`, `a < b`). JavaScript measures UTF-16 code units and orders
 * by them. The two agree on ASCII, which is almost all Kubernetes input, but not
 * beyond it, so the validators and selector printers use these helpers.
 *
 *   utf8Length("rā")      // 3: "must be no more than 63 characters" counts bytes
 *   compareBytewise("\uffff", "😀") < 0   // as Go orders them; JS `<` says the opposite
 */

/** The length of `s` in UTF-8 bytes, as Go's `len(s)` reports it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Orders two strings as Go compares them (by UTF-8 bytes). Comparing code points
 * gives the same order as comparing their UTF-8 encodings, so walk code points.
 */
export function compareBytewise(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return 0;
}
