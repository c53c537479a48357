/**
 * The client-side errors of reading and applying manifests, worded as
 * kubectl words them, and AddSourceToErr (kubectl/pkg/cmd/util/helpers.go),
 * which prefixes an API error's message with `error when creating "x.yaml": `
 * and keeps its reason.
 */
import { ApiError, isApiError } from "@kubesim/api";

/**
 * A document kubectl refuses before sending anything: not YAML, no kind, a
 * kind the server does not serve. The message is what kubectl prints after
 * `error: ` (e.g. `resource mapping not found for name: "x" namespace: "" from
 * "x.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are
 * installed first`).
 */
export class ManifestError extends Error {
  constructor(
    message: string,
    /** Where the fault is (1-based, within the document), for YAML syntax errors. */
    readonly position?: { readonly line: number; readonly column: number },
  ) {
    super(message);
    this.name = "ManifestError";
  }
}

export function isManifestError(e: unknown): e is ManifestError {
  return e instanceof ManifestError;
}

/**
 * AddSourceToErr: `error when <verb> "<source>": <message>`. An API error
 * stays an API error (same reason and details), so kubectl still prints it as
 * `Error from server (<reason>): ...`; other errors become plain errors.
 */
export function addSourceToErr(verb: string, source: string, err: unknown): unknown {
  if (source === "") {
    if (isApiError(err) || err instanceof ManifestError) return err;
    return new ManifestError(err instanceof Error ? err.message : String(err));
  }
  const quoted = JSON.stringify(source);
  if (isApiError(err)) {
    const s = err.status;
    return new ApiError(s.reason, `error when ${verb} ${quoted}: ${s.message ?? ""}`, s.details);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ManifestError(`error when ${verb} ${quoted}: ${message}`);
}
