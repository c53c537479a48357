// The controller: what it watches, and a reconcile that reads the caches and acts on the plan.
import type { Pod } from "kubernetes-types/core/v1";
import { ReconcileResult, metaNamespaceKey, splitKey, type CustomController } from "kubesim";
import { configMapName, plan, readyIps, selects } from "./ready-ips.js";

export const readyIpsController: CustomController = (mgr) => {
  const services = mgr.informers.lister("Service");
  const pods = mgr.informers.lister("Pod");
  const configMaps = mgr.informers.lister("ConfigMap");

  /** A pod's change concerns every Service that selects it. */
  const servicesOf = (pod: Pod) =>
    services
      .list({ namespace: pod.metadata?.namespace ?? "" })
      .filter((s) => selects(s, pod))
      .map(metaNamespaceKey);

  return {
    name: "ready-ips",
    for: "Service",
    owns: ["ConfigMap"],
    watches: [{ kind: "Pod", map: servicesOf }],
    reconciler: {
      reconcile(key, { logger }) {
        const service = services.get(key);
        // gone, or going: the garbage collector deletes its ConfigMap
        if (service === undefined || service.metadata?.deletionTimestamp != null)
          return ReconcileResult.done();
        if (service.spec?.selector === undefined) return ReconcileResult.done();
        const { namespace, name } = splitKey(key);
        const current = configMaps.get(`${namespace}/${configMapName(name)}`);
        const ips = readyIps(service, pods.list({ namespace }));
        const p = plan(service, current, ips);
        // a write that fails (a stale cache: Conflict, AlreadyExists) throws, and is retried
        if (p.action === "create") mgr.client.create("ConfigMap", p.configMap);
        if (p.action === "update") mgr.client.update("ConfigMap", p.configMap);
        if (p.action !== "none") logger.info({ ips }, `ConfigMap ${p.action}d`);
        return ReconcileResult.done();
      },
    },
  };
};
