/**
 * Word wrapping as kubectl explain's `wrap` template function does it:
 * break before a word that would pass `limit` columns, dropping the spaces at
 * the break; keep existing newlines; never break inside a word (a word
 * longer than the limit stays whole). Mirrors github.com/mitchellh/go-wordwrap
 * v1.0.1 WrapString (used through kubectl's pkg/util/term NewWordWrapWriter).
 * Widths count code points; a no-break space (U+00A0) is part of a word.
 */

const NBSP = "\u00a0";
const isSpace = (ch: string) => ch !== NBSP && /\s/u.test(ch);

export function wrapString(s: string, limit: number): string {
  let out = "";
  let current = 0;
  let word = "";
  let wordLen = 0;
  let space = "";
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === "\n") {
      if (wordLen === 0) {
        if (current + spaceLen > limit) current = 0;
        else out += space;
      } else {
        out += space + word;
        word = "";
        wordLen = 0;
      }
      space = "";
      spaceLen = 0;
      out += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + wordLen + spaceLen > limit && wordLen < limit) {
        out += "\n";
        current = 0;
        space = "";
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else {
    out += space + word;
  }
  return out;
}
