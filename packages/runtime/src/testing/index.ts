/**
 * @kubesim/runtime/testing: helpers for component tests in the
 * given/when/then shape (given objects, when `reconcile(key)`, then these API
 * actions). `recordActions` wraps any ApiClient (in tests, the in-memory
 * apiserver); `FakeApiClient` is a small stand-in with documented limits, for
 * tests that do not need the real apiserver.
 */
export type { Action, RecordedClient, Verb } from "./actions.js";
export { describeAction, recordActions, writes } from "./actions.js";
export type { FakeApiClientOptions } from "./fake-api-client.js";
export { FakeApiClient, expiredStatus } from "./fake-api-client.js";
