/**
 * The tutorial (Kubernetes Explained for Developers) played as six acts:
 * deploy my-api with its ConfigMap, Secret, Service and Ingress; a container
 * crashes and a pod is deleted, and both heal; scale to 5; a rolling update
 * to v1.3 (maxSurge 1, maxUnavailable 0) under traffic, with no failed
 * request; a release that never becomes ready stalls at its progress
 * deadline; `rollout undo`.
 */
import { formatDuration, type Millis, type TrafficGenerator } from "kubesim";
import type { Pod } from "kubernetes-types/core/v1";
import { clientPod } from "./manifests.js";
import { NAMESPACE, type Stage } from "./stage.js";

/** What the acts share: the traffic, once started. */
export interface Play {
  readonly traffic: TrafficGenerator[];
  trafficFrom: Millis;
  /** Each traffic summary printed, per client and window: what was sent and how much failed. */
  readonly summaries: { label: string; failed: number; sent: number }[];
}

export interface Act {
  readonly title: string;
  run(stage: Stage, play: Play): void;
}

const DEPLOYMENT = "my-api";

/** Requests a second from each client. */
const RATE = 10;

function appPods(stage: Stage): Pod[] {
  return stage.cluster
    .list("Pod", { namespace: NAMESPACE, labelSelector: `app=${DEPLOYMENT}` })
    .filter((p) => p.metadata?.deletionTimestamp === undefined)
    .sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
}

function rolledOut(stage: Stage): void {
  stage.cluster.runUntil({ rollout: DEPLOYMENT }, { timeout: "5m" });
}

/** The traffic summaries of a window, printed, and remembered for the result. */
function summarise(stage: Stage, play: Play, label: string, from: Millis): void {
  const to = stage.cluster.now();
  let failed = 0;
  let sent = 0;
  for (const g of play.traffic) {
    const s = g.summary({ from, to });
    play.summaries.push({ label: `${label}: ${g.name}`, failed: s.failed, sent: s.sent });
    failed += s.failed;
    sent += s.sent;
    stage.write(`\n${g.render({ from, to })}`);
  }
  const verdict = `${failed} of ${sent} requests failed ${label}.`;
  const { style } = stage;
  stage.write(`\n${style.bold(failed === 0 ? style.green(verdict) : style.red(verdict))}\n`);
}

export const acts: readonly Act[] = [
  {
    title: "Deploy my-api with its Service, ConfigMap, Secret and Ingress",
    run(stage) {
      stage.say(
        "The tutorial's complete deployment (docs/tutorial/manifests/): a ConfigMap and a Secret, the Deployment my-api (3 replicas of myapp:v1.2 with liveness and readiness probes, maxSurge 1 and maxUnavailable 0) with its Service, and the Ingress for api.example.com. myapp listens 3 s after it starts and its /ready answers 200 after 8 s, so the readiness probe (every 5 s from 5 s) decides when a pod takes traffic.",
      );
      stage.kubectl("apply -f config.yaml");
      stage.kubectl("apply -f full-deployment.yaml");
      stage.kubectl("apply -f ingress.yaml");
      stage.kubectl("apply -f -", clientPod);
      stage.kubectl(`rollout status deployment/${DEPLOYMENT}`);
      const waited = stage.cluster.runUntil(
        () =>
          (stage.cluster.get("Ingress", "my-ingress").status?.loadBalancer?.ingress?.length ?? 0) >
          0,
        { timeout: "2m" },
      );
      // The outside world learns the address on its next look (its informer's watch event).
      stage.cluster.advance("1s");
      stage.note(
        `${waited === 0 ? "" : `${formatDuration(waited)} later: `}ingress-nginx published the Ingress's address at its status sync (every 60 s)`,
      );
      stage.kubectl("get pods,deployments,services");
      stage.kubectl("get ingress");
      stage.say(
        "\nFrom another pod in the cluster, http://my-api resolves through cluster DNS to the Service, which load-balances across the ready pods; from outside, api.example.com/api reaches the same pods through ingress-nginx.",
      );
      stage.kubectl(`exec client -- wget -qO- http://${DEPLOYMENT}/health`);
      const r = stage.cluster.http("http://api.example.com/api/");
      stage.step(
        "curl http://api.example.com/api/    # from outside the cluster, through the Ingress",
        r.kind === "response" ? r.body : `curl: ${r.error}`,
      );
    },
  },
  {
    title: "A container crashes, a pod is deleted: Kubernetes heals both",
    run(stage) {
      const victim = appPods(stage)[0]!.metadata!.name!;
      stage.say(
        "The container runtime kills the app's container in one pod (exit code 137). The kubelet restarts it in the same pod (restartPolicy Always); until its readiness probe passes again, the pod gets no traffic.",
      );
      stage.cluster.faults.killContainer(victim, { namespace: NAMESPACE });
      stage.step(
        `fault pod kill ${victim}    # kubesim shell's words for the crash`,
        `pod "${victim}": container killed (exit code 137)`,
      );
      stage.cluster.advance("2s");
      stage.kubectl("get pods");
      stage.cluster.runUntil({ pod: victim, ready: true, namespace: NAMESPACE }, { timeout: "2m" });
      stage.kubectl("get pods");
      const gone = appPods(stage)[1]!.metadata!.name!;
      stage.say(
        "\nNow a whole pod goes away. Its ReplicaSet notices it has 2 pods where it wants 3, and creates a new one.",
      );
      stage.kubectl(`delete pod ${gone}`);
      rolledOut(stage);
      stage.cluster.runUntil(
        () =>
          appPods(stage).every((p) =>
            p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
          ),
        { timeout: "2m" },
      );
      stage.kubectl("get pods");
    },
  },
  {
    title: "Scale up to 5 replicas",
    run(stage) {
      stage.kubectl(`scale deployment ${DEPLOYMENT} --replicas=5`);
      stage.kubectl(`rollout status deployment/${DEPLOYMENT}`);
      stage.kubectl("get pods -o wide");
    },
  },
  {
    title: "Rolling update to myapp:v1.3 under traffic (maxSurge 1, maxUnavailable 0)",
    run(stage, play) {
      const { cluster } = stage;
      stage.say(
        `Traffic first: ${RATE} requests a second from the client pod to http://my-api/health (through the Service), and ${RATE} a second from outside to http://api.example.com/api/ (through the Ingress). Then \`set image\`: the Deployment controller adds one v1.3 pod at a time (maxSurge 1) and removes a v1.2 pod only once a v1.3 pod is available (maxUnavailable 0). New pods join the Service when their readiness probe passes; old ones leave it the moment they start terminating, and finish their in-flight requests.`,
      );
      const inCluster = cluster.traffic({
        url: `http://${DEPLOYMENT}/health`,
        rate: RATE,
        from: cluster.podOrigin(NAMESPACE, "client"),
        name: "in-cluster",
      });
      const outside = cluster.traffic({
        url: "http://api.example.com/api/",
        rate: RATE,
        name: "through-ingress",
      });
      play.traffic.push(inCluster, outside);
      inCluster.start();
      outside.start();
      play.trafficFrom = cluster.now();
      stage.step(
        `traffic start http://${DEPLOYMENT}/health --rate ${RATE} --from pod/client --name in-cluster`,
        `traffic started: GET http://${DEPLOYMENT}/health at ${RATE}/s from pod/client`,
      );
      stage.step(
        `traffic start http://api.example.com/api/ --rate ${RATE} --name through-ingress`,
        `traffic started: GET http://api.example.com/api/ at ${RATE}/s from outside the cluster`,
      );
      cluster.advance("5s");
      const from = play.trafficFrom;
      stage.kubectl(`set image deployment/${DEPLOYMENT} api=myapp:v1.3`);
      stage.kubectl(`rollout status deployment/${DEPLOYMENT}`);
      const drained = cluster.runUntil(() => podCount(stage) === 5, { timeout: "1m" });
      stage.note(
        `${formatDuration(drained)} later: the last v1.2 pod has finished its requests and exited`,
      );
      stage.kubectl("get pods");
      summarise(stage, play, "during the rollout", from);
    },
  },
  {
    title: "A release that never becomes ready stalls its rollout",
    run(stage) {
      stage.say(
        "myapp:v1.4's /ready never answers 200. The Deployment controller creates one v1.4 pod (maxSurge 1) and, as no v1.4 pod becomes available, removes no v1.3 pod (maxUnavailable 0). After progressDeadlineSeconds (600 s by default) without progress it marks the rollout failed, and `rollout status` says so. The traffic keeps flowing to the v1.3 pods meanwhile.",
      );
      stage.kubectl(`set image deployment/${DEPLOYMENT} api=myapp:v1.4`);
      stage.kubectl(`rollout status deployment/${DEPLOYMENT}`);
      stage.kubectl("get pods");
      stage.kubectl(`get deployment ${DEPLOYMENT}`);
    },
  },
  {
    title: "Roll back with rollout undo",
    run(stage, play) {
      stage.say(
        "`rollout undo` puts the previous revision's pod template (myapp:v1.3) back into the Deployment. Its ReplicaSet already runs 5 available pods, so the Deployment controller only removes the v1.4 pod that never became ready.",
      );
      stage.kubectl(`rollout undo deployment/${DEPLOYMENT}`);
      stage.kubectl(`rollout status deployment/${DEPLOYMENT}`);
      stage.cluster.advance("10s");
      stage.kubectl(`rollout history deployment/${DEPLOYMENT}`);
      stage.kubectl("get replicasets");
      stage.kubectl("get pods");
      for (const g of play.traffic) g.stop();
      stage.step(
        "traffic stop",
        play.traffic
          .map((g) => {
            const failed = g.results.filter((r) => !r.ok).length;
            const sent = g.results.length;
            return `traffic stopped: ${g.name}: sent ${sent}, ${sent - failed} succeeded, ${failed} failed`;
          })
          .join("\n"),
      );
      summarise(stage, play, "from the rollout to v1.3 through the rollback", play.trafficFrom);
    },
  },
];

/** Pods of my-api that exist, terminating ones included. */
function podCount(stage: Stage): number {
  return stage.cluster.list("Pod", { namespace: NAMESPACE, labelSelector: `app=${DEPLOYMENT}` })
    .length;
}
