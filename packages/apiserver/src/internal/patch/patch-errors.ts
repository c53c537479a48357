/**
 * The Status answers kube-apiserver gives when a patch cannot be applied.
 * Mirrors k8s.io/apiserver/pkg/endpoints/handlers/patch.go (applyJSPatch,
 * interpretStrategicMergePatchError), responsewriters/status.go (ErrorToAPIStatus)
 * and server/filters/wrap.go (the panic handler).
 *
 * What kube-apiserver answers, and what these constructors give:
 * - a JSON patch that fails to apply (a failed `test`, a missing path, a bad
 *   index), and the strategic merge errors ErrNoListOfLists and
 *   ErrPatchContentNotMatchRetainKeys: 422, reason Invalid, built with
 *   `errors.NewGenericServerResponse(422, "", schema.GroupResource{}, "", err.Error(), 0, false)`.
 *   That constructor drops the server message: the Status message is always
 *   "the server rejected our request due to an error in our request" and
 *   `details` is empty (`{}`), so kubectl prints
 *   `The request is invalid: the server rejected our request due to an error in our request`.
 *   The underlying library message is kept on the error's `cause` for debugging.
 * - a patch body of the wrong shape: 400 BadRequest with the decoder's message.
 * - any other error from the strategic merge code (a missing merge key, a bad
 *   `$patch` value, a wrong type): not a Status in Go, so ErrorToAPIStatus answers
 *   500 with the error text as the message and an empty reason.
 * - a Go runtime panic inside the patch code: the panic filter answers 500 with a
 *   plain-text body.
 */
import { ApiError } from "@kubesim/api";

/** NewGenericServerResponse's message for 422. */
export const PATCH_REJECTED_MESSAGE =
  "the server rejected our request due to an error in our request";

/** The plain-text body of kube-apiserver's panic filter (server/filters/wrap.go). */
export const APISERVER_PANIC_MESSAGE =
  "This request caused apiserver to panic. Look in the logs for details.";

function withCause(err: ApiError, cause: string): ApiError {
  Object.defineProperty(err, "cause", { value: new Error(cause), enumerable: false });
  return err;
}

/** 422 Invalid, empty details; `libraryMessage` (e.g. evanphx/json-patch's) is kept as `cause`. */
export function patchRejected(libraryMessage: string): ApiError {
  return withCause(new ApiError("Invalid", PATCH_REJECTED_MESSAGE, {}), libraryMessage);
}

/**
 * 500 for an error that is not a Status. kube-apiserver leaves the reason empty
 * (StatusReasonUnknown); ApiError has no empty reason, so this uses InternalError
 * with the same code and the same, unprefixed message.
 */
export function patchInternal(message: string): ApiError {
  return new ApiError("InternalError", message);
}

/** 500 for a Go runtime panic in the patch code (the body is plain text upstream). */
export function apiserverPanic(): ApiError {
  return new ApiError("InternalError", APISERVER_PANIC_MESSAGE);
}
