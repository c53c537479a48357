/** Type tests for custom controllers (checked by tsc; run with vitest --typecheck). */
import type { Pod, Service } from "kubernetes-types/core/v1";
import { expectTypeOf, test } from "vitest";
import { ReconcileResult, type CustomController, type Lister } from "./index.js";

test("a custom controller's watches, listers and results are typed", () => {
  const ok: CustomController = (mgr) => {
    expectTypeOf(mgr.informers.lister("Service")).toEqualTypeOf<Lister<Service>>();
    return {
      name: "typed",
      for: "Service",
      owns: [{ kind: "ConfigMap", namespace: "default" }],
      watches: [
        {
          kind: "Pod",
          map: (pod) => {
            expectTypeOf(pod).toEqualTypeOf<Pod>();
            return [];
          },
        },
      ],
      reconciler: { reconcile: () => ReconcileResult.requeueAfter(1000) },
    };
  };
  void ok;
  const done = { reconcile: () => ReconcileResult.done() };
  // @ts-expect-error an unknown kind
  const widget: CustomController = () => ({ name: "w", for: "Widget", reconciler: done });
  const yes = { reconcile: () => true };
  // @ts-expect-error a reconcile returns a ReconcileResult
  const bad: CustomController = () => ({ name: "b", for: "Pod", reconciler: yes });
  void widget;
  void bad;
});
