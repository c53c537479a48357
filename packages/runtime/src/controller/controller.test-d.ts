/** Type tests for the public controller API (checked by tsc; run with vitest --typecheck). */
import { Loop } from "@kubesim/sim";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { expectTypeOf, test } from "vitest";
import { SharedInformerFactory } from "../cache/factory.js";
import { FakeApiClient } from "../testing/fake-api-client.js";
import { ReconcileResult, reconcilerFunc } from "../reconcile/reconcile.js";
import { defineController } from "./controller.js";

test("watches: the mapper and the handler are typed by the watched kind", () => {
  const loop = new Loop();
  const informers = new SharedInformerFactory({ client: new FakeApiClient({ loop }), loop });
  defineController({
    loop,
    informers,
    for: "Deployment",
    reconciler: reconcilerFunc(() => ReconcileResult.done()),
    watches: [
      {
        kind: "Pod",
        map: (pod) => {
          expectTypeOf(pod).toEqualTypeOf<Pod>();
          return [pod.spec?.nodeName ?? ""];
        },
      },
      {
        kind: "ReplicaSet",
        handler: (queue) => ({
          onUpdate: (oldRs, newRs) => {
            expectTypeOf(newRs).toEqualTypeOf<ReplicaSet>();
            if (oldRs.metadata?.resourceVersion !== newRs.metadata?.resourceVersion) queue.add("k");
          },
        }),
      },
    ],
  });
  defineController({
    loop,
    informers,
    for: "Deployment",
    reconciler: reconcilerFunc(() => ReconcileResult.done()),
    // @ts-expect-error a watch needs a map or a handler
    watches: [{ kind: "Pod" }],
  });
});

test("ReconcileResult is a discriminated union", () => {
  const r = ReconcileResult.requeueAfter(1000);
  if (r.type === "requeueAfter") expectTypeOf(r.after).toEqualTypeOf<number>();
  // @ts-expect-error no such result
  ReconcileResult.retry();
});
