/**
 * What every request handler of the in-memory apiserver shares: the clock,
 * the storage, the watch hub, the random streams and the per-request warning
 * list. One per ApiServer; internal modules receive it instead of importing
 * each other's state.
 */
import type { Loop, Rng } from "@kubesim/sim";
import type { KubeObject } from "@kubesim/api";
import type { StrictFields } from "./memo.js";
import type { ServiceRegistry } from "./service-alloc/rest.js";
import type { Storage } from "./storage.js";
import type { WatchHub } from "./watch.js";

/** The subset of a pino logger the apiserver uses (silent when absent). */
export interface ApiServerLogger {
  debug(obj: object, msg?: string): void;
}

export interface ServerContext {
  readonly loop: Loop;
  readonly storage: Storage;
  readonly hub: WatchHub;
  /** uids: `rng.stream("apiserver")`. */
  readonly uidRng: Rng;
  /** generateName suffixes: `rng.stream("apiserver-names")` (independent of uid draws). */
  readonly nameRng: Rng;
  readonly logger: ApiServerLogger | undefined;
  /** Strict field validation against the schema, skipping what the stored object shares (memo.ts). */
  readonly strict: StrictFields;
  /** Warnings of the request being served; reset at the start of each write. */
  warnings: string[];
  /** Schedules removal of a gracefully deleted pod when its grace period runs out. */
  scheduleGraceExpiry(kind: string, namespace: string, name: string, uid: string, at: number): void;
  /** ClusterIP and NodePort allocation for Services (service-alloc/). */
  readonly services: ServiceRegistry;
  /**
   * The store's AfterDelete hook: called once an object is removed by a
   * request (not under dry run). For a Service it deletes the Endpoints of
   * the same name, as the Service registry's afterDelete does.
   */
  afterDelete(kind: string, obj: KubeObject): void;
}
