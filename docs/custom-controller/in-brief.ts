// The shape of every custom controller, in brief.
import { Cluster, ReconcileResult, type CustomController } from "kubesim";

export const mine: CustomController = (mgr) => ({
  name: "mine",
  for: "Service", // reconcile each Service's key, "default/web"
  owns: ["ConfigMap"], // and the Service that controls a changed ConfigMap
  watches: [{ kind: "Pod", map: (pod) => [`${pod.metadata?.namespace}/web`] }], // pure mappers
  reconciler: {
    reconcile: (key, { logger }) => {
      logger.info({ now: mgr.now() }, `reconciling ${key}`);
      return ReconcileResult.done();
    },
  },
});

export const cluster = Cluster.create({ customControllers: [mine] }); // or cluster.addController(mine)
