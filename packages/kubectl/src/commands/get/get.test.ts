import { describe, expect, it } from "vitest";
import {
  createDeployment,
  createNamespace,
  createPod,
  createService,
  lines,
  run,
  smallCluster,
} from "./testdata/fixtures.js";

describe("kubectl get: tables", () => {
  it("lists pods with kubectl's columns and ages", () => {
    const c = smallCluster();
    createPod(c, "web-1", { app: "web" });
    createPod(c, "web-2", { app: "web" });
    c.loop.advance("5m3s");
    const r = run(c, "get pods");
    expect(r).toEqual({
      stdout: lines(
        "NAME    READY   STATUS    RESTARTS   AGE",
        "web-1   1/1     Running   0          5m3s",
        "web-2   1/1     Running   0          5m3s",
      ),
      stderr: "",
      exitCode: 0,
    });
  });

  it("prints one table per kind, names prefixed with kind.group when several kinds are asked for", () => {
    const c = smallCluster();
    createDeployment(c, "my-api", 2);
    createService(c, "my-api", "10.96.100.10");
    c.loop.advance("2m");
    const pods = c.apiserver
      .list("Pod", { namespace: "default" })
      .items.map((p) => p.metadata!.name!);
    expect(pods).toHaveLength(2);
    const w = pods[0]!.length + 4; // "pod/" + name
    const rs = c.apiserver.list("ReplicaSet", { namespace: "default" }).items[0]!.metadata!.name!;
    const r = run(c, "get pods,deployments,services");
    expect(r.stdout).toBe(
      lines(
        `${"NAME".padEnd(w + 3)}READY   STATUS    RESTARTS   AGE`,
        `${`pod/${pods[0]}`.padEnd(w + 3)}1/1     Running   0          2m`,
        `${`pod/${pods[1]}`.padEnd(w + 3)}1/1     Running   0          2m`,
        "",
        "NAME                     READY   UP-TO-DATE   AVAILABLE   AGE",
        "deployment.apps/my-api   2/2     2            2           2m",
        "",
        "NAME                 TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE",
        "service/kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   2m",
        "service/my-api       ClusterIP   10.96.100.10   <none>        80/TCP    2m",
      ),
    );
    expect(rs).toMatch(/^my-api-[a-z0-9]+$/);
    // `all`: pods, services, deployments, replicasets (the "all" category, in discovery order)
    const all = run(c, "get all")
      .stdout.split("\n\n")
      .map((t) => t.split("\n")[0]!.split(/\s+/));
    expect(all.map((header) => header.length)).toEqual([5, 6, 5, 5]);
    expect(run(c, "get all").stdout).toContain(
      `replicaset.apps/${rs}   2         2         2       2m\n`,
    );
  });

  it("prints names alone when one kind is asked for, even by TYPE/NAME", () => {
    const c = smallCluster();
    createPod(c, "web-1");
    createPod(c, "web-2");
    c.loop.advance("10s");
    expect(run(c, "get pod/web-1 pod/web-2").stdout).toBe(
      lines(
        "NAME    READY   STATUS    RESTARTS   AGE",
        "web-1   1/1     Running   0          10s",
        "web-2   1/1     Running   0          10s",
      ),
    );
    createService(c, "web", "10.96.0.20");
    expect(run(c, "get pod/web-1 svc/web").stdout).toBe(
      lines(
        "NAME        READY   STATUS    RESTARTS   AGE",
        "pod/web-1   1/1     Running   0          10s",
        "",
        "NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE",
        "service/web   ClusterIP   10.96.0.20   <none>        80/TCP    0s",
      ),
    );
  });

  it("shows wide columns, labels, label columns and no headers", () => {
    const c = smallCluster();
    createPod(c, "web-1", { app: "web", "app.kubernetes.io/tier": "fe" });
    c.loop.advance("30s");
    const ip = c.apiserver.get("Pod", "default", "web-1").status!.podIP!;
    expect(ip).toMatch(/^10\.244\.0\.\d$/);
    expect(run(c, "get pods -o wide").stdout).toBe(
      lines(
        "NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES",
        `web-1   1/1     Running   0          30s   ${ip}   node-1   <none>           <none>`,
      ),
    );
    expect(run(c, "get pods --show-labels -L app -L app.kubernetes.io/tier,missing").stdout).toBe(
      lines(
        "NAME    READY   STATUS    RESTARTS   AGE   APP   TIER   MISSING   LABELS",
        "web-1   1/1     Running   0          30s   web   fe               app=web,app.kubernetes.io/tier=fe",
      ),
    );
    expect(run(c, "get pods --no-headers").stdout).toBe(lines("web-1   1/1   Running   0     30s"));
    expect(run(c, "get pods --server-print=false").stdout).toBe(
      lines("NAME    AGE", "web-1   30s"),
    );
  });

  it("puts NAMESPACE first with -A, and not for cluster-scoped kinds", () => {
    const c = smallCluster();
    createNamespace(c, "shop");
    createPod(c, "web-1");
    createPod(c, "cart-0", {}, "shop");
    c.loop.advance("1m");
    expect(run(c, "get pods -A").stdout).toBe(
      lines(
        "NAMESPACE   NAME     READY   STATUS    RESTARTS   AGE",
        "default     web-1    1/1     Running   0          60s",
        "shop        cart-0   1/1     Running   0          60s",
      ),
    );
    expect(run(c, "get pods -n shop").stdout).toBe(
      lines(
        "NAME     READY   STATUS    RESTARTS   AGE",
        "cart-0   1/1     Running   0          60s",
      ),
    );
    expect(run(c, "get pods", { namespace: "shop" }).stdout).toContain("cart-0");
    expect(run(c, "get nodes -A").stdout).toBe(
      lines("NAME     STATUS   ROLES    AGE   VERSION", "node-1   Ready    <none>   60s   v1.31.0"),
    );
  });

  it("filters with -l (equality and set-based) and --field-selector", () => {
    const c = smallCluster();
    createPod(c, "web-1", { app: "web", tier: "fe" });
    createPod(c, "db-0", { app: "db", tier: "data" });
    createPod(c, "job-0", { app: "batch" });
    c.loop.advance("20s");
    const names = (line: string) =>
      run(c, line)
        .stdout.split("\n")
        .slice(1, -1)
        .map((l) => l.split(" ")[0]);
    expect(names("get pods -l app=web")).toEqual(["web-1"]);
    expect(names("get pods -l 'app in (web,db),tier!=data'")).toEqual(["web-1"]);
    expect(names("get pods -l 'tier notin (fe)'")).toEqual(["db-0", "job-0"]);
    expect(names("get pods -l '!tier'")).toEqual(["job-0"]);
    expect(names("get pods -l tier")).toEqual(["db-0", "web-1"]);
    expect(names("get pods --field-selector metadata.name=db-0")).toEqual(["db-0"]);
    expect(names("get pods --field-selector status.phase=Running,metadata.name!=db-0")).toEqual([
      "job-0",
      "web-1",
    ]);
  });

  it("sorts with --sort-by, missing fields first", () => {
    const c = smallCluster();
    createPod(c, "b", { rank: "2" });
    createPod(c, "a", { rank: "10" });
    createPod(c, "c");
    c.loop.advance("5s");
    const names = (line: string) =>
      run(c, line)
        .stdout.split("\n")
        .slice(1, -1)
        .map((l) => l.split(" ")[0]);
    expect(names("get pods --sort-by=.metadata.name")).toEqual(["a", "b", "c"]);
    // quantities compare by value: "2" < "10"
    expect(names("get pods --sort-by={.metadata.labels.rank}")).toEqual(["c", "b", "a"]);
    expect(run(c, "get pods --sort-by=.status.nope")).toEqual({
      stdout: "",
      stderr: 'error: couldn\'t find any field with path "{.status.nope}" in the list of objects\n',
      exitCode: 1,
    });
  });

  it("prints services as kubectl does: <pending>, node ports, external names", () => {
    const c = smallCluster();
    const svc = (name: string, spec: Record<string, unknown>) =>
      c.apiserver.create("Service", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: "default" },
        spec: { selector: { app: name }, ...spec },
      } as never);
    svc("lb", {
      type: "LoadBalancer",
      clusterIP: "10.96.0.30",
      ports: [{ port: 443, nodePort: 30443 }],
    });
    svc("np", {
      type: "NodePort",
      clusterIP: "10.96.0.31",
      ports: [{ port: 80, nodePort: 30080 }],
    });
    svc("ext", { type: "ExternalName", externalName: "db.example.com" });
    const table = () => run(c, "get svc -o wide").stdout;
    expect(table()).toBe(
      lines(
        "NAME         TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)         AGE   SELECTOR",
        "ext          ExternalName   <none>       db.example.com   <none>          0s    app=ext",
        "kubernetes   ClusterIP      10.96.0.1    <none>           443/TCP         0s    <none>",
        "lb           LoadBalancer   10.96.0.30   <pending>        443:30443/TCP   0s    app=lb",
        "np           NodePort       10.96.0.31   <none>           80:30080/TCP    0s    app=np",
      ),
    );
    c.loop.advance("10s");
    expect(run(c, "get svc lb").stdout).toBe(
      lines(
        "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)         AGE",
        "lb     LoadBalancer   10.96.0.30   172.18.255.200   443:30443/TCP   10s",
      ),
    );
  });

  it("prints configmaps, secrets, namespaces, ingresses and ingress classes", () => {
    const c = smallCluster({ ingress: true });
    c.apiserver.create("ConfigMap", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app-config", namespace: "default" },
      data: { LOG_LEVEL: "info", MODE: "prod" },
    });
    c.apiserver.create("Secret", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db-pass", namespace: "default" },
      stringData: { password: "s3cret" },
    });
    c.apiserver.create("Ingress", {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "my-api", namespace: "default" },
      spec: {
        tls: [{ hosts: ["api.example.com"] }],
        rules: [
          {
            host: "api.example.com",
            http: {
              paths: [
                {
                  path: "/api",
                  pathType: "Prefix",
                  backend: { service: { name: "my-api", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
    c.loop.advance("90s");
    expect(run(c, "get cm,secrets").stdout).toBe(
      lines(
        "NAME                   DATA   AGE",
        "configmap/app-config   2      90s",
        "",
        "NAME             TYPE     DATA   AGE",
        "secret/db-pass   Opaque   1      90s",
      ),
    );
    expect(run(c, "get ingressclass").stdout).toBe(
      lines(
        "NAME    CONTROLLER             PARAMETERS   AGE",
        "nginx   k8s.io/ingress-nginx   <none>       90s",
      ),
    );
    const ing = run(c, "get ing").stdout.split("\n");
    expect(ing[0]).toMatch(/^NAME {5}CLASS {3}HOSTS {13}ADDRESS\s+PORTS {5}AGE$/);
    expect(ing[1]).toMatch(/^my-api {3}nginx {3}api\.example\.com {3}\S*\s+80, 443 {3}90s$/);
    expect(run(c, "get ns").stdout).toBe(
      lines(
        "NAME              STATUS   AGE",
        "default           Active   90s",
        "ingress-nginx     Active   90s",
        "kube-node-lease   Active   90s",
        "kube-public       Active   90s",
        "kube-system       Active   90s",
      ),
    );
  });

  it("prints events in list order with LAST SEEN, TYPE, REASON, OBJECT and MESSAGE", () => {
    const c = smallCluster();
    createPod(c, "web-1");
    c.loop.advance("45s");
    const out = run(c, "get events --field-selector involvedObject.name=web-1").stdout;
    const pulled = "45s         Normal   Pulled      pod/web-1   ";
    expect(out).toBe(
      lines(
        "LAST SEEN   TYPE     REASON      OBJECT      MESSAGE",
        "45s         Normal   Scheduled   pod/web-1   Successfully assigned default/web-1 to node-1",
        '45s         Normal   Pulling     pod/web-1   Pulling image "nginx:1.25"',
        pulled + out.split("\n")[3]!.slice(pulled.length),
        "45s         Normal   Created     pod/web-1   Created container web",
        "45s         Normal   Started     pod/web-1   Started container web",
      ),
    );
    expect(out.split("\n")[3]).toMatch(/Successfully pulled image "nginx:1\.25"/);
  });
});

describe("kubectl get: messages and errors", () => {
  it("says so on stderr when nothing is found", () => {
    const c = smallCluster();
    expect(run(c, "get pods")).toEqual({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      exitCode: 0,
    });
    expect(run(c, "get pods -n kube-system").stderr).toBe(
      "No resources found in kube-system namespace.\n",
    );
    expect(run(c, "get pods -A").stderr).toBe("No resources found\n");
    expect(run(c, "get nodes -l nope=1").stderr).toBe("No resources found\n");
    expect(run(c, "get pods,deployments").stderr).toBe(
      "No resources found in default namespace.\n",
    );
  });

  it("reports names that are not found after what was found", () => {
    const c = smallCluster();
    createPod(c, "web-1");
    expect(run(c, "get pods nope")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(run(c, "get deploy web")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): deployments.apps "web" not found\n',
      exitCode: 1,
    });
    expect(run(c, "get pods web-1 nope other")).toEqual({
      stdout: lines(
        "NAME    READY   STATUS    RESTARTS   AGE",
        "web-1   0/1     Pending   0          0s",
      ),
      stderr:
        'Error from server (NotFound): pods "nope" not found\n' +
        'Error from server (NotFound): pods "other" not found\n',
      exitCode: 1,
    });
    expect(run(c, "get pods nope --ignore-not-found")).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
  });

  it("words usage errors as kubectl does", () => {
    const c = smallCluster();
    const err = (line: string) => run(c, line).stderr;
    expect(err("get")).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        "error: Required resource not specified.\n" +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
    );
    expect(err("get nope")).toBe('error: the server doesn\'t have a resource type "nope"\n');
    expect(err("get pods -o foo")).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: ' +
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n",
    );
    expect(err("get pods -o yaml --show-labels")).toBe(
      "error: --show-labels option cannot be used with yaml printer\n",
    );
    expect(err("get pods -o custom-columns=N:.metadata.name -L app")).toBe(
      "error: --label-columns option cannot be used with custom-columns=N:.metadata.name printer\n",
    );
    expect(err("get pods --output-watch-events")).toBe(
      "error: --output-watch-events option can only be used with --watch or --watch-only\n",
    );
    expect(err("get pods web -l app=web")).toBe(
      "error: name cannot be provided when a selector is specified\n",
    );
    expect(err("get pod/web -l app=web")).toBe(
      "error: selectors and the all flag cannot be used when passing resource/name arguments\n",
    );
    expect(err("get pods web -A")).toBe(
      "error: a resource cannot be retrieved by name across all namespaces\n",
    );
    // the builder's normalizeMultipleResourcesArgs reads `pods,svc web` as `pods/web svc/web`
    expect(err("get pods,svc web")).toBe(
      'Error from server (NotFound): pods "web" not found\n' +
        'Error from server (NotFound): services "web" not found\n',
    );
    // `all` is expanded after that, so a name with it leaves several types for one name
    expect(err("get all web")).toBe("error: you must specify only one resource\n");
    // cluster-scoped kinds may be named with -A
    expect(err("get nodes nope -A")).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(err("get pods --field-selector foo=bar")).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n',
    );
    expect(err("get deploy -l 'a b'")).toMatch(
      /^Error from server \(BadRequest\): Unable to find "apps\/v1, Resource=deployments" that match label selector "a b", field selector "": unable to parse requirement: /,
    );
    expect(err("get pods --bogus")).toBe(
      "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
    );
    for (const line of ["get", "get nope", "get pods -o foo", "get pods --bogus"])
      expect(run(c, line).exitCode).toBe(1);
  });
});

describe("kubectl get: properties", () => {
  it("lists every object once, in name order, in aligned columns", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/), {
          minLength: 1,
          maxLength: 6,
        }),
        (names) => {
          const c = smallCluster();
          for (const [i, name] of names.entries())
            c.apiserver.create("ConfigMap", {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: { name, namespace: "default" },
              data: Object.fromEntries(Array.from({ length: i }, (_, k) => [`k${k}`, "v"])),
            });
          const out = run(c, "get cm").stdout.split("\n").slice(0, -1);
          expect(out).toHaveLength(names.length + 1);
          const rowsOut = out.slice(1).map((l) => l.split(/ +/));
          expect(rowsOut.map((r) => r[0])).toEqual([...names].sort());
          const dataColumn = out[0]!.indexOf("DATA");
          // the header is part of the column: max(minwidth 6, widest cell + padding 3)
          expect(dataColumn).toBe(Math.max(6, ...["NAME", ...names].map((n) => n.length + 3)));
          for (const l of out.slice(1)) expect(l[dataColumn - 1]).toBe(" ");
        },
      ),
      { numRuns: 15 },
    );
  });
});
