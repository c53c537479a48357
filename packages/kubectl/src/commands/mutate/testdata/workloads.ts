/**
 * Test support: a deployment applied and run for a minute of virtual time.
 */
import { expect } from "vitest";
import type { Cluster } from "kubesim";
import { session, type Session } from "./host.js";

export const deploymentYaml = (name: string, replicas = 2, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: api
        image: myapp:v1.2
        ports:
        - containerPort: 8080
${extra}`;

export function running(name = "my-api", replicas = 2, cluster?: Cluster): Session {
  const s = session({ "d.yaml": deploymentYaml(name, replicas) }, cluster);
  expect(s.run("apply -f d.yaml").exitCode).toBe(0);
  s.cluster.loop.advance("60s");
  return s;
}
