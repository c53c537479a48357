/**
 * Arbitraries of API objects, valid as the API server's validation has them
 * (pkg/apis/apps/validation ValidateDeploymentSpec, ValidateRollingUpdateDeployment;
 * pkg/apis/core/validation for probes, Services, ConfigMaps and Secrets):
 * Deployments with edge-case strategies, pod templates with readiness,
 * liveness and startup probes, Services, ConfigMaps and Secrets.
 */
import fc from "fast-check";
import type { Deployment, DeploymentStrategy } from "kubernetes-types/apps/v1";
import type { ConfigMap, PodTemplateSpec, Probe, Secret, Service } from "kubernetes-types/core/v1";

/** An IntOrString of a strategy: an int, or a percent. */
export type IntOrPercent = number | string;

/** The container port every generated template listens on. */
export const APP_PORT = 8080;

/** An int (0..maxInt) or a percent from the usual and the edge values. */
export function intOrPercentArb(maxInt = 3): fc.Arbitrary<IntOrPercent> {
  return fc.oneof(
    fc.integer({ min: 0, max: maxInt }),
    fc.constantFrom("0%", "1%", "10%", "25%", "33%", "50%", "99%", "100%"),
  );
}

/** Whether a value resolves to 0 whatever the replicas (validation's "may not be 0" test). */
function isZero(v: IntOrPercent): boolean {
  return v === 0 || v === "0%";
}

/**
 * A Deployment strategy. RollingUpdate's maxSurge and maxUnavailable may not
 * both be 0 (validation: "may not be 0 when `maxSurge` is 0"); maxUnavailable
 * may not exceed 100%. Either may be left out (defaulted to 25%).
 */
export function strategyArb(
  options: { recreate?: boolean } = {},
): fc.Arbitrary<DeploymentStrategy> {
  const rolling = fc
    .record(
      { maxSurge: intOrPercentArb(), maxUnavailable: intOrPercentArb() },
      { requiredKeys: [] },
    )
    .filter((ru) => !(isZero(ru.maxSurge ?? "25%") && isZero(ru.maxUnavailable ?? "25%")))
    .map((rollingUpdate): DeploymentStrategy => ({ type: "RollingUpdate", rollingUpdate }));
  if (options.recreate === false) return rolling;
  return fc.oneof(
    { arbitrary: rolling, weight: 4 },
    { arbitrary: fc.constant<DeploymentStrategy>({ type: "Recreate" }), weight: 1 },
  );
}

function httpProbe(path: string): fc.Arbitrary<Probe> {
  return fc.record({
    httpGet: fc.constant({ path, port: APP_PORT }),
    initialDelaySeconds: fc.integer({ min: 0, max: 3 }),
    periodSeconds: fc.integer({ min: 1, max: 5 }),
    failureThreshold: fc.integer({ min: 3, max: 5 }),
  });
}

export interface PodTemplateOptions {
  /** Images to choose from (default "app:v1"). */
  readonly images?: readonly string[];
  /** Labels of the template (default { app: "web" }). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A pod template: one container "app" listening on 8080, with an optional
 * readiness probe (httpGet /ready), liveness probe (/healthz) and startup
 * probe (tcpSocket). Probes are lenient (failureThreshold ≥ 3) so that an
 * image that starts within a few seconds is not killed for it.
 */
export function podTemplateArb(options: PodTemplateOptions = {}): fc.Arbitrary<PodTemplateSpec> {
  const images = options.images ?? ["app:v1"];
  const labels = options.labels ?? { app: "web" };
  return fc
    .record(
      {
        image: fc.constantFrom(...images),
        readinessProbe: httpProbe("/ready"),
        livenessProbe: httpProbe("/healthz"),
        startupProbe: fc.record({
          tcpSocket: fc.constant({ port: APP_PORT }),
          periodSeconds: fc.integer({ min: 1, max: 3 }),
          failureThreshold: fc.integer({ min: 10, max: 30 }),
        }),
        terminationGracePeriodSeconds: fc.integer({ min: 0, max: 30 }),
      },
      { requiredKeys: ["image"] },
    )
    .map(({ image, terminationGracePeriodSeconds, ...probes }) => ({
      metadata: { labels: { ...labels } },
      spec: {
        ...(terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds }),
        containers: [
          {
            name: "app",
            image,
            ports: [{ containerPort: APP_PORT }],
            ...probes,
          },
        ],
      },
    }));
}

export interface DeploymentOptions extends PodTemplateOptions {
  readonly name?: string;
  readonly namespace?: string;
  /** Largest spec.replicas (default 5; 0 is always possible). */
  readonly maxReplicas?: number;
  /** Include Recreate (default true). */
  readonly recreate?: boolean;
}

/**
 * A valid Deployment: replicas 0..maxReplicas, an edge-case strategy,
 * minReadySeconds 0..5, progressDeadlineSeconds greater than minReadySeconds
 * (validation) or left to its default, revisionHistoryLimit 0..5 or default.
 */
export function deploymentArb(options: DeploymentOptions = {}): fc.Arbitrary<Deployment> {
  const name = options.name ?? "web";
  const labels = options.labels ?? { app: name };
  return fc
    .record(
      {
        replicas: fc.integer({ min: 0, max: options.maxReplicas ?? 5 }),
        strategy: strategyArb(options.recreate === false ? { recreate: false } : {}),
        minReadySeconds: fc.integer({ min: 0, max: 5 }),
        progressDeadlineSeconds: fc.integer({ min: 6, max: 600 }),
        revisionHistoryLimit: fc.integer({ min: 0, max: 5 }),
        template: podTemplateArb({ ...options, labels }),
      },
      { requiredKeys: ["replicas", "strategy", "template"] },
    )
    .map((spec) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
        labels: { ...labels },
      },
      spec: { ...spec, selector: { matchLabels: { ...labels } } },
    }));
}

/** A ClusterIP Service in front of `selector`'s pods: port 80 to the app's 8080. */
export function serviceArb(
  options: { name?: string; selector?: Readonly<Record<string, string>> } = {},
): fc.Arbitrary<Service> {
  const name = options.name ?? "web";
  const selector = options.selector ?? { app: name };
  return fc.constantFrom(80, 8080, 443).map((port) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: {
      selector: { ...selector },
      ports: [{ name: "http", port, targetPort: APP_PORT, protocol: "TCP" }],
    },
  }));
}

/** A data key as validation takes it (IsConfigMapKey): [-._a-zA-Z0-9]+, not ".", not starting "..". */
export const dataKeyArb: fc.Arbitrary<string> = fc
  .stringMatching(/^[-._a-zA-Z0-9]{1,20}$/)
  .filter((k) => k !== "." && !k.startsWith(".."));

/** A ConfigMap with a few keys of text. */
export function configMapArb(options: { name?: string } = {}): fc.Arbitrary<ConfigMap> {
  return fc.dictionary(dataKeyArb, fc.string({ maxLength: 40 }), { maxKeys: 5 }).map((data) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: options.name ?? "config" },
    data,
  }));
}

/** An Opaque Secret with a few keys (stringData, as people write it). */
export function secretArb(options: { name?: string } = {}): fc.Arbitrary<Secret> {
  return fc.dictionary(dataKeyArb, fc.string({ maxLength: 40 }), { maxKeys: 5 }).map((data) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: options.name ?? "secret" },
    type: "Opaque",
    stringData: data,
  }));
}
