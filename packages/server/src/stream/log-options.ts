/**
 * PodLogOptions from the query of `GET pods/NAME/log`, decoded and
 * validated as kube-apiserver does (the parameter codec's conversions, then
 * pkg/registry/core/pod/rest/log.go: `PodLogOptions "web" is invalid:
 * tailLines: Invalid value: -1: must be greater than or equal to 0`, as
 * pkg/apis/core/validation ValidatePodLogOptions words it).
 * insecureSkipTLSVerifyBackend is accepted and ignored (there is no
 * kubelet certificate to skip); `stream` (alpha in 1.32, behind a feature
 * gate that is off by default) is ignored as such a server ignores it.
 */
import { badRequest, fieldError, invalid, type FieldError } from "@kubesim/api";
import { boolParam, intParam } from "../rest/options.js";

export interface PodLogOptions {
  readonly container: string;
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly tailLines?: number;
  readonly limitBytes?: number;
  readonly sinceSeconds?: number;
  /** sinceTime, in epoch milliseconds. */
  readonly sinceTime?: number;
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/;

/** metav1.Time's query form: RFC 3339 (fractions allowed, and dropped, as the second is its unit). */
export function parseSinceTime(text: string): number {
  const m = RFC3339.exec(text);
  const t = m === null ? NaN : Date.parse(text.replace(/\.\d+/, ""));
  if (Number.isNaN(t))
    throw badRequest(
      `sinceTime: parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(text)} as "2006"`,
    );
  return t;
}

export function podLogOptionsOf(query: URLSearchParams, name: string): PodLogOptions {
  const tailLines = intParam(query, "tailLines");
  const limitBytes = intParam(query, "limitBytes");
  const sinceSeconds = intParam(query, "sinceSeconds");
  const sinceText = query.get("sinceTime");
  const sinceTime = sinceText === null || sinceText === "" ? undefined : parseSinceTime(sinceText);
  boolParam(query, "insecureSkipTLSVerifyBackend");
  const errs: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0)
    errs.push(fieldError.invalid("tailLines", tailLines, "must be greater than or equal to 0"));
  if (limitBytes !== undefined && limitBytes < 1)
    errs.push(fieldError.invalid("limitBytes", limitBytes, "must be greater than 0"));
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    errs.push(
      fieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"),
    );
  else if (sinceSeconds !== undefined && sinceSeconds < 1)
    errs.push(fieldError.invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
  if (errs.length > 0) throw invalid({ group: "", kind: "PodLogOptions" }, name, errs);
  return {
    container: query.get("container") ?? "",
    follow: boolParam(query, "follow") ?? false,
    previous: boolParam(query, "previous") ?? false,
    timestamps: boolParam(query, "timestamps") ?? false,
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(limitBytes === undefined ? {} : { limitBytes }),
    ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
    ...(sinceTime === undefined ? {} : { sinceTime }),
  };
}
