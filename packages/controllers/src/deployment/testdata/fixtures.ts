/**
 * Test builders for the Deployment planners: Deployments and ReplicaSets shaped like the objects
 * of Kubernetes' own tests (generateDeployment / generateRS in deployment_util_test.go, newDeployment
 * / rs in sync_test.go). Test support only.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { IntOrString } from "@kubesim/api";
import { readFileSync } from "node:fs";

/** The transcribed Kubernetes test tables (a copy of shared/spec/k8s-vectors.json's Deployment part). */
export function loadVectors(): Record<string, VectorCase[]> {
  const text = readFileSync(new URL("./k8s-vectors.json", import.meta.url), "utf8");
  return JSON.parse(text) as Record<string, VectorCase[]>;
}

/** One vector: loosely typed, as the JSON is. */
export interface VectorCase {
  readonly source: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly input: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly expected: any;
  readonly note?: string;
}

/** generateDeployment("nginx")'s pod template: one container named and imaged after `image`. */
export function podTemplate(image: string, containerName: string = image): PodTemplateSpec {
  return {
    metadata: { labels: { name: image } },
    spec: {
      containers: [
        {
          name: containerName,
          image,
          imagePullPolicy: "Always",
          terminationMessagePath: "/dev/termination-log",
        },
      ],
      dnsPolicy: "ClusterFirst",
      terminationGracePeriodSeconds: 30,
      restartPolicy: "Always",
      securityContext: {},
      enableServiceLinks: true,
    },
  };
}

/** A template labelled app=web with one container "web" running `image`. */
export function webTemplate(image: string): PodTemplateSpec {
  const t = podTemplate(image, "web");
  return { ...t, metadata: { labels: { app: "web" } } };
}

export interface DeploymentOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly replicas?: number;
  readonly strategy?: "RollingUpdate" | "Recreate";
  readonly maxSurge?: IntOrString | null;
  readonly maxUnavailable?: IntOrString | null;
  readonly progressDeadlineSeconds?: number | null;
  readonly revisionHistoryLimit?: number | null;
  readonly minReadySeconds?: number;
  readonly paused?: boolean;
  readonly generation?: number;
  readonly annotations?: Record<string, string>;
  readonly template?: PodTemplateSpec;
  readonly status?: DeploymentStatus;
}

/** A Deployment; nulls leave a field unset. Defaults: 1 replica, RollingUpdate 25%/25%. */
export function newDeployment(o: DeploymentOptions = {}): Deployment {
  const name = o.name ?? "foo";
  const template = o.template ?? podTemplate("nginx");
  const strategy = o.strategy ?? "RollingUpdate";
  const ru: Record<string, IntOrString> = {};
  const surge = o.maxSurge === undefined ? "25%" : o.maxSurge;
  const unavailable = o.maxUnavailable === undefined ? "25%" : o.maxUnavailable;
  if (surge !== null) ru["maxSurge"] = surge;
  if (unavailable !== null) ru["maxUnavailable"] = unavailable;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace: o.namespace ?? "default",
      uid: o.uid ?? `uid-${name}`,
      ...(o.generation === undefined ? {} : { generation: o.generation }),
      ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
    },
    spec: {
      ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
      selector: { matchLabels: { ...template.metadata?.labels } },
      template,
      strategy:
        strategy === "Recreate" ? { type: "Recreate" } : { type: strategy, rollingUpdate: ru },
      ...(o.progressDeadlineSeconds === null || o.progressDeadlineSeconds === undefined
        ? {}
        : { progressDeadlineSeconds: o.progressDeadlineSeconds }),
      ...(o.revisionHistoryLimit === null || o.revisionHistoryLimit === undefined
        ? {}
        : { revisionHistoryLimit: o.revisionHistoryLimit }),
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      ...(o.paused === undefined ? {} : { paused: o.paused }),
    },
    ...(o.status === undefined ? {} : { status: o.status }),
  };
}

export interface ReplicaSetOptions {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly replicas: number;
  readonly statusReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly observedGeneration?: number;
  readonly generation?: number;
  readonly terminatingReplicas?: number | null;
  readonly created?: string;
  readonly deleting?: boolean;
  readonly annotations?: Record<string, string> | null;
  readonly labels?: Record<string, string>;
  readonly template?: PodTemplateSpec;
  readonly owner?: Deployment;
}

/** A ReplicaSet. */
export function newReplicaSet(o: ReplicaSetOptions): ReplicaSet {
  const template = o.template ?? podTemplate("nginx");
  const status: Record<string, unknown> = { replicas: o.statusReplicas ?? 0 };
  if (o.readyReplicas !== undefined) status["readyReplicas"] = o.readyReplicas;
  if (o.availableReplicas !== undefined) status["availableReplicas"] = o.availableReplicas;
  if (o.observedGeneration !== undefined) status["observedGeneration"] = o.observedGeneration;
  if (o.terminatingReplicas !== undefined && o.terminatingReplicas !== null) {
    status["terminatingReplicas"] = o.terminatingReplicas;
  }
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: o.name,
      namespace: o.namespace ?? "default",
      uid: o.uid ?? `uid-${o.name}`,
      labels: o.labels ?? { ...template.metadata?.labels },
      ...(o.generation === undefined ? {} : { generation: o.generation }),
      ...(o.created === undefined ? {} : { creationTimestamp: o.created }),
      ...(o.deleting === true ? { deletionTimestamp: "2016-05-20T03:00:00Z" } : {}),
      ...(o.annotations === undefined || o.annotations === null
        ? {}
        : { annotations: o.annotations }),
      ...(o.owner === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                name: o.owner.metadata?.name ?? "",
                uid: o.owner.metadata?.uid ?? "",
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }),
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { ...template.metadata?.labels } },
      template,
    },
    status: status as unknown as NonNullable<ReplicaSet["status"]>,
  };
}

/** Deeply frozen copy: a planner that mutates its input throws in strict mode. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
