/**
 * `$(VAR)` expansion in container env values, command and args. Mirrors
 * kubernetes third_party/forked/golang/expansion/expand.go (Expand,
 * MappingFuncFor).
 *
 * Rules, as upstream:
 * - `$(NAME)` is replaced by the mapping of NAME; a NAME no context defines is
 *   kept literally, as `$(NAME)`.
 * - `$$` is an escaped `$`: it yields one `$` and is never the start of a
 *   reference (`$$(A)` yields `$(A)`).
 * - Anything else after `$` (`$A`, `${A}`, `$?`) is copied unchanged, as is a
 *   `$` at the very end and an unterminated `$(`.
 * - The value substituted is not expanded again.
 */

/** Maps a variable name to its value (or to `$(name)` when it has none). */
export type Mapping = (name: string) => string;

/**
 * MappingFuncFor: looks a name up in each context in turn; a name no context
 * defines maps to itself wrapped in the syntax, `$(name)`.
 */
export function mappingFuncFor(...contexts: readonly ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const vars of contexts) {
      const value = vars.get(name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

/**
 * Expand: replaces every `$(NAME)` of `input` by `mapping(NAME)`.
 *   expand("$(A)-$$(A)", mappingFuncFor(new Map([["A", "x"]]))) === "x-$(A)"
 */
export function expand(input: string, mapping: Mapping): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === "$") {
      // Escaped operator.
      out += "$";
      cursor += 1;
    } else if (next === "(") {
      const close = input.indexOf(")", cursor + 2);
      if (close >= 0) {
        out += mapping(input.slice(cursor + 2, close));
        cursor = close;
      } else {
        // Incomplete reference: copy "$(" and keep scanning after it.
        out += "$(";
        cursor += 1;
      }
    } else {
      // An operator that starts no expression: copy it with the next character.
      out += "$" + next;
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
