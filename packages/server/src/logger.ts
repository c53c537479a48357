/**
 * The request log of `kubesim serve`: pino at info, one JSON line per
 * request (verb, URI, code, user agent, kubectl's command, virtual time),
 * like kube-apiserver's httplog at -v=2
 * (staging/src/k8s.io/apiserver/pkg/server/httplog). pino stamps each line
 * with wall time, which is what a request log is read against.
 */
import { pino, type Logger } from "pino";

export function createRequestLogger(destination: { write(text: string): unknown }): Logger {
  return pino({ level: "info", base: null }, destination as never);
}
