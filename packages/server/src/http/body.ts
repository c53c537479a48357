/**
 * Reading a request body with kube-apiserver's limit: 3 MiB
 * (staging/src/k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes,
 * handlers/rest.go limitedReadBody). A longer body is refused with 413
 * `Request entity too large: limit is 3145728`, and is read to its end (up
 * to a hard bound) so that the answer reaches the client and the connection
 * stays usable.
 */
import type { IncomingMessage } from "node:http";
import { requestEntityTooLarge } from "@kubesim/api";

/** kube-apiserver's MaxRequestBodyBytes. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
/** Past this many bytes a refused body is not drained: the connection is closed. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** The outcome of reading a body: its bytes, or the 413 error and whether the rest was drained. */
export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly error: Error; readonly drained: boolean };

export function readBody(
  req: IncomingMessage,
  limit = MAX_REQUEST_BODY_BYTES,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const tooLarge = () => requestEntityTooLarge(`limit is ${limit}`);
    const declared = Number(req.headers["content-length"] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (over) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT) {
          req.pause();
          finish({ ok: false, error: tooLarge(), drained: false });
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      finish(
        over
          ? { ok: false, error: tooLarge(), drained: true }
          : { ok: true, body: Buffer.concat(chunks) },
      ),
    );
    req.on("error", (error) => finish({ ok: false, error, drained: false }));
    req.on("close", () =>
      finish({ ok: false, error: new Error("client went away"), drained: false }),
    );
  });
}
