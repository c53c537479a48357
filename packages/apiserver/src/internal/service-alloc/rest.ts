/**
 * The Service REST storage's hooks (pkg/registry/core/service/storage/storage.go):
 * BeginCreate and BeginUpdate allocate before the write and hand back the
 * Transaction the write finishes; AfterDelete's release happens when a
 * Service is actually removed from the store (a committed delete, whichever
 * path removed it: DELETE, the update that drops the last finalizer, the
 * namespace controller), never for a dry run or an object only marked for
 * deletion.
 *
 *   const begun = registry.beginCreate(svc, dryRun);   // may throw 422/500: nothing is left allocated
 *   try { validate(begun.obj); commit(begun.obj); begun.txn.commit(); }
 *   catch (e) { begun.txn.revert(); throw e; }
 *
 * The generic store runs BeginCreate/BeginUpdate before BeforeCreate /
 * BeforeUpdate, so allocation errors come before validation errors, and
 * validation sees the allocated values (a LoadBalancer with
 * externalTrafficPolicy Local already has its healthCheckNodePort).
 */
import { produce } from "immer";
import { normalizeServiceClusterIPs, type KubeObject } from "@kubesim/api";
import type { Rng } from "@kubesim/sim";
import { withFields } from "../freeze.js";
import type { Storage } from "../storage.js";
import { ServiceAllocators, type AllocationsSnapshot } from "./alloc.js";
import { parsePortRange } from "./allocators.js";
import { dropTypeDependentFields, patchAllocatedValues } from "./strategy.js";
import { isObj, orderedSpec, specOf, type Obj } from "./spec.js";
import { NO_TRANSACTION, type Transaction } from "./transaction.js";

export interface Begun {
  /** The object to validate and store (frozen). */
  readonly obj: KubeObject;
  /** Commit after the object is stored; revert when the write is refused. */
  readonly txn: Transaction;
}

export interface ServiceRegistryOptions {
  /** `--service-cluster-ip-range` (IPv4). */
  readonly serviceClusterIPRange: string;
  /** `--service-node-port-range`, e.g. "30000-32767". */
  readonly serviceNodePortRange: string;
  readonly ipRng: Rng;
  readonly portRng: Rng;
}

/** The frozen object with the spec of `next`, its fields in Go order; `obj` itself when the spec did not change. */
function withSpecOf(obj: KubeObject, next: KubeObject): KubeObject {
  const o = obj as unknown as Obj;
  const n = next as unknown as Obj;
  if (n["spec"] === o["spec"] || !isObj(n["spec"])) return next;
  return withFields<KubeObject>(next, { spec: orderedSpec(n["spec"]) });
}

export class ServiceRegistry {
  readonly alloc: ServiceAllocators;

  constructor(storage: Storage, options: ServiceRegistryOptions) {
    this.alloc = new ServiceAllocators({
      cidr: options.serviceClusterIPRange,
      nodePorts: parsePortRange(options.serviceNodePortRange),
      ipRng: options.ipRng,
      portRng: options.portRng,
    });
    // AfterDelete's releaseAllocatedResources, when the removal is committed.
    storage.onCommit((store, entry) => {
      if (store.info.kind === "Service" && entry.next === undefined && entry.old !== undefined) {
        this.alloc.releaseAllocatedResources(entry.old as unknown as Obj);
      }
    });
  }

  /** The first address of the service CIDR (10.96.0.1): where the `kubernetes` service lives. */
  get kubernetesServiceIP(): string {
    return this.alloc.ips.addressAt(0);
  }

  snapshot(): AllocationsSnapshot {
    return this.alloc.snapshot();
  }

  /** beginCreate: `svc` is normalized (clusterIP/clusterIPs) and defaulted. */
  beginCreate(svc: KubeObject, dryRun: boolean): Begun {
    let txn: Transaction = NO_TRANSACTION;
    const next = produce(svc, (draft) => {
      txn = this.alloc.allocateCreate(draft as unknown as Obj, dryRun);
    });
    return { obj: withSpecOf(svc, next), txn };
  }

  /**
   * beginUpdate and PrepareForUpdate's dropTypeDependentFields: `svc` is the
   * decoded, defaulted new object, `old` the stored one.
   */
  beginUpdate(svc: KubeObject, old: KubeObject, dryRun: boolean): Begun {
    const oldObj = old as unknown as Obj;
    const oldSpec = specOf(oldObj) ?? {};
    const patched = produce(svc, (draft) => {
      const spec = specOf(draft as unknown as Obj);
      if (spec !== undefined) patchAllocatedValues(spec, oldSpec);
    });
    const normalized = normalizeServiceClusterIPs(patched, old);
    let txn: Transaction = NO_TRANSACTION;
    const allocated = produce(normalized, (draft) => {
      txn = this.alloc.allocateUpdate(draft as unknown as Obj, oldObj, dryRun);
    });
    try {
      const prepared = produce(allocated, (draft) => {
        const spec = specOf(draft as unknown as Obj);
        if (spec !== undefined) dropTypeDependentFields(spec, oldSpec);
      });
      return { obj: withSpecOf(svc, prepared), txn };
    } catch (e) {
      txn.revert();
      throw e;
    }
  }
}
