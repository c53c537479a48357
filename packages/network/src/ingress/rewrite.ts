/**
 * nginx.ingress.kubernetes.io/rewrite-target as ingress-nginx renders it:
 * `rewrite "(?i)<location path>" <target> break;` (template.go buildProxyPass),
 * run by nginx's rewrite module (ngx_http_rewrite_module): when the regex
 * matches anywhere in $uri, the WHOLE $uri becomes <target> with $0..$9
 * replaced by the captures (an unmatched group is empty); the request's args
 * are appended ("&"-joined when the target has its own, dropped when the
 * target ends in "?"); a target starting with http://, https:// or $scheme is
 * a 302 redirect instead.
 */

export type RewriteOutcome =
  | { readonly kind: "rewritten"; readonly uri: string; readonly target: string }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "noMatch" };

/** Replace $0..$9 with the captures; other "$name" variables are left as written. */
export function substituteCaptures(target: string, m: RegExpExecArray): string {
  return target.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? "");
}

/** Append the request's args as nginx does after a rewrite. */
function withArgs(target: string, args: string): string {
  if (target.endsWith("?")) return target.slice(0, -1);
  if (args === "") return target;
  return target.includes("?") ? `${target}&${args}` : `${target}?${args}`;
}

/** Apply `rewrite "(?i)<pattern>" <target> break;` to $uri with $args; undefined pattern errors are noMatch. */
export function applyRewrite(
  pattern: string,
  target: string,
  uri: string,
  args: string,
  scheme = "http",
): RewriteOutcome {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "i");
  } catch {
    return { kind: "noMatch" };
  }
  const m = re.exec(uri);
  if (m === null) return { kind: "noMatch" };
  const replaced = substituteCaptures(target, m).replace(/^\$scheme:\/\//, `${scheme}://`);
  if (/^https?:\/\//.test(replaced))
    return { kind: "redirect", location: withArgs(replaced, args) };
  const q = replaced.indexOf("?");
  return {
    kind: "rewritten",
    uri: q === -1 ? replaced : replaced.slice(0, q),
    target: withArgs(replaced, args),
  };
}
