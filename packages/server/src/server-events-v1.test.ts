import { afterEach, describe, expect, it } from "vitest";
import { ask, stream } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

afterEach(closeServers);

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
const CORE = "/api/v1/namespaces/default/events";
const V1 = "/apis/events.k8s.io/v1/namespaces/default/events";

const coreEvent = (name: string, reason = "Pulled") =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name },
    involvedObject: { kind: "Pod", namespace: "default", name: "web-1", apiVersion: "v1" },
    reason,
    message: "pulled it",
    source: { component: "kubelet", host: "node-1" },
    firstTimestamp: "2024-01-01T00:00:00Z",
    lastTimestamp: "2024-01-01T00:00:00Z",
    count: 1,
    type: "Normal",
  });

const v1Event = (name: string, extra: object = {}) =>
  JSON.stringify({
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { name },
    eventTime: "2024-01-01T00:00:00.000000Z",
    reportingController: "example.com/ctl",
    reportingInstance: "ctl-0",
    action: "Reconcile",
    reason: "Synced",
    regarding: { kind: "Pod", namespace: "default", name: "web-1" },
    note: "synced",
    type: "Normal",
    ...extra,
  });

describe("events.k8s.io/v1 discovery", () => {
  it("lists the group after apps in /apis, with one Event resource like the core one", async () => {
    const server = await startServer();
    const groups = (await ask(server, { path: "/apis" })).json();
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual([
      "apps",
      "events.k8s.io",
      "networking.k8s.io",
      "coordination.k8s.io",
      "discovery.k8s.io",
    ]);
    expect((await ask(server, { path: "/apis/events.k8s.io" })).json()).toEqual({
      kind: "APIGroup",
      apiVersion: "v1",
      name: "events.k8s.io",
      versions: [{ groupVersion: "events.k8s.io/v1", version: "v1" }],
      preferredVersion: { groupVersion: "events.k8s.io/v1", version: "v1" },
    });
    expect((await ask(server, { path: "/apis/events.k8s.io/v1" })).json()).toEqual({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: "events.k8s.io/v1",
      resources: [
        {
          name: "events",
          singularName: "event",
          namespaced: true,
          kind: "Event",
          verbs: [
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch",
          ],
          shortNames: ["ev"],
        },
      ],
    });
    for (const v of ["v2", "v2beta1"]) {
      const agg = (
        await ask(server, {
          path: "/apis",
          headers: {
            Accept: `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`,
          },
        })
      ).json();
      const item = agg.items.find(
        (i: { metadata: { name: string } }) => i.metadata.name === "events.k8s.io",
      );
      expect(agg.items[1]).toBe(item);
      expect(item.versions[0].resources).toEqual([
        {
          resource: "events",
          responseKind: { group: "events.k8s.io", version: "v1", kind: "Event" },
          scope: "Namespaced",
          singularResource: "event",
          verbs: [
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch",
          ],
          shortNames: ["ev"],
        },
      ]);
    }
  });
});

describe("events.k8s.io/v1 REST over the core storage", () => {
  it("shows a core event converted, with the same resourceVersion, and lists both ways", async () => {
    const server = await startServer();
    expect((await ask(server, { method: "POST", path: CORE, body: coreEvent("a") })).status).toBe(
      201,
    );
    const got = await ask(server, { path: `${V1}/a` });
    expect(got.status).toBe(200);
    const core = (await ask(server, { path: `${CORE}/a` })).json();
    expect(got.json()).toMatchObject({
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "a", resourceVersion: core.metadata.resourceVersion },
      eventTime: null,
      note: "pulled it",
      regarding: { kind: "Pod", name: "web-1" },
      deprecatedSource: { component: "kubelet", host: "node-1" },
      deprecatedCount: 1,
      deprecatedFirstTimestamp: "2024-01-01T00:00:00Z",
    });
    const list = (await ask(server, { path: V1 })).json();
    expect(list.kind).toBe("EventList");
    expect(list.apiVersion).toBe("events.k8s.io/v1");
    const coreList = (await ask(server, { path: CORE })).json();
    expect(list.items.map((e: { note: string }) => e.note)).toEqual(
      coreList.items.map((e: { message: string }) => e.message),
    );
    expect(list.items.map((e: { note: string }) => e.note)).toContain("pulled it");
    const all = (await ask(server, { path: "/apis/events.k8s.io/v1/events" })).json();
    const coreAll = (await ask(server, { path: "/api/v1/events" })).json();
    expect(all.items).toHaveLength(coreAll.items.length);
  });

  it("creates through events.k8s.io/v1 into the core storage, and reads back", async () => {
    const server = await startServer();
    const created = await ask(server, { method: "POST", path: V1, body: v1Event("b") });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      note: "synced",
      reportingController: "example.com/ctl",
    });
    const core = (await ask(server, { path: `${CORE}/b` })).json();
    expect(core).toMatchObject({
      apiVersion: "v1",
      message: "synced",
      reportingComponent: "example.com/ctl",
      involvedObject: { name: "web-1" },
    });
  });

  it("answers the events.k8s.io/v1 validation (eventTime, reportingController, deprecated fields)", async () => {
    const server = await startServer();
    const bad = await ask(server, {
      method: "POST",
      path: V1,
      body: JSON.stringify({
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: { name: "c" },
        regarding: { kind: "Pod", namespace: "default", name: "web-1" },
        reason: "X",
        type: "Normal",
        deprecatedCount: 2,
      }),
    });
    expect(bad.status).toBe(422);
    expect(bad.json().message).toBe(
      'Event "c" is invalid: [eventTime: Required value, count: Invalid value: "": needs to be unset]',
    );
    const noController = await ask(server, {
      method: "POST",
      path: V1,
      body: v1Event("d", { reportingController: "", type: "Other" }),
    });
    expect(noController.status).toBe(422);
    // Upstream also runs IsQualifiedName on the empty controller.
    expect(noController.json().message).toMatch(
      /^Event "d" is invalid: \[reportingController: Required value, reportingController: Invalid value: "": name part must be non-empty, .*, type: Invalid value: "": has invalid value: Other\]$/,
    );
    // The same event through core/v1 needs only the legacy checks.
    expect(
      (
        await ask(server, {
          method: "POST",
          path: CORE,
          body: JSON.stringify({
            metadata: { name: "c" },
            involvedObject: { kind: "Pod", namespace: "default", name: "web-1" },
            reason: "X",
            count: 2,
          }),
        })
      ).status,
    ).toBe(201);
  });

  it("refuses a body of another version", async () => {
    const server = await startServer();
    const r = await ask(server, { method: "POST", path: V1, body: coreEvent("x") });
    expect(r.status).toBe(400);
    expect(r.json().message).toBe(
      "the API version in the data (v1) does not match the expected API version (events.k8s.io/v1)",
    );
  });

  it("patches in events.k8s.io/v1 names, keeps the immutable fields, and names events.events.k8s.io in NotFound", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path: V1, body: v1Event("p") });
    const labelled = await ask(server, {
      method: "PATCH",
      path: `${V1}/p`,
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ metadata: { labels: { a: "b" } } }),
    });
    expect(labelled.status).toBe(200);
    expect(labelled.json().metadata.labels).toEqual({ a: "b" });
    const noteChange = await ask(server, {
      method: "PATCH",
      path: `${V1}/p`,
      headers: { "Content-Type": "application/json-patch+json" },
      body: JSON.stringify([{ op: "replace", path: "/note", value: "other" }]),
    });
    expect(noteChange.status).toBe(422);
    expect(noteChange.json().message).toBe(
      'Event "p" is invalid: message: Invalid value: "other": field is immutable',
    );
    // core/v1 allows it.
    const viaCore = await ask(server, {
      method: "PATCH",
      path: `${CORE}/p`,
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ message: "other" }),
    });
    expect(viaCore.status).toBe(200);
    expect((await ask(server, { path: `${V1}/p` })).json().note).toBe("other");
    const missing = await ask(server, { path: `${V1}/nope` });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      message: 'events.events.k8s.io "nope" not found',
      details: { name: "nope", group: "events.k8s.io", kind: "events" },
    });
  });

  it("creates a missing Event by server-side apply (201), with the create validation", async () => {
    const server = await startServer();
    const apply = (name: string, body: string) =>
      ask(server, {
        method: "PATCH",
        path: `${V1}/${name}?fieldManager=ctl`,
        headers: { "Content-Type": "application/apply-patch+yaml" },
        body,
      });
    const created = await apply("sa", v1Event("sa"));
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      note: "synced",
      reportingController: "example.com/ctl",
    });
    expect((await ask(server, { path: `${CORE}/sa` })).json().message).toBe("synced");
    // The create validation, not the update one: no reportingController.
    const refused = await apply("sb", v1Event("sb", { reportingController: undefined }));
    expect(refused.status).toBe(422);
    expect(refused.json().message).toContain("reportingController: Required value");
    // A merge patch of a missing Event is still NotFound.
    const merge = await ask(server, {
      method: "PATCH",
      path: `${V1}/nope`,
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ note: "x" }),
    });
    expect(merge.status).toBe(404);
  });

  it("updates, deletes and deletes collections", async () => {
    const server = await startServer();
    const created = (await ask(server, { method: "POST", path: V1, body: v1Event("u") })).json();
    const put = await ask(server, {
      method: "PUT",
      path: `${V1}/u`,
      body: JSON.stringify({ ...created, metadata: { ...created.metadata, labels: { x: "y" } } }),
    });
    expect(put.status).toBe(200);
    expect(put.json().metadata.labels).toEqual({ x: "y" });
    const del = await ask(server, { method: "DELETE", path: `${V1}/u` });
    expect(del.json()).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "u", group: "events.k8s.io", kind: "events" },
    });
    await ask(server, { method: "POST", path: V1, body: v1Event("v") });
    const coll = await ask(server, { method: "DELETE", path: V1 });
    expect(coll.status).toBe(200);
    expect(coll.json().kind).toBe("EventList");
    expect((await ask(server, { path: CORE })).json().items).toEqual([]);
  });

  it("selects with the events.k8s.io field labels and refuses the core-only ones", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path: CORE, body: coreEvent("a", "Pulled") });
    await ask(server, { method: "POST", path: CORE, body: coreEvent("b", "Started") });
    const byReason = (await ask(server, { path: `${V1}?fieldSelector=reason%3DStarted` })).json();
    expect(byReason.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([
      "b",
    ]);
    const byRegarding = (
      await ask(server, { path: `${V1}?fieldSelector=regarding.name%3Dweb-1` })
    ).json();
    expect(byRegarding.items).toHaveLength(2);
    const refused = await ask(server, { path: `${V1}?fieldSelector=involvedObject.name%3Dweb-1` });
    expect(refused.status).toBe(400);
    expect(refused.json().message).toBe("field label not supported: involvedObject.name");
  });

  it("prints the core Event columns and rows, with the events.k8s.io object in the rows", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path: CORE, body: coreEvent("a") });
    const v1 = (
      await ask(server, { path: `${V1}?includeObject=Object`, headers: { Accept: TABLE } })
    ).json();
    const core = (await ask(server, { path: CORE, headers: { Accept: TABLE } })).json();
    expect(v1.columnDefinitions).toEqual(core.columnDefinitions);
    expect(v1.rows.map((r: { cells: unknown }) => r.cells)).toEqual(
      core.rows.map((r: { cells: unknown }) => r.cells),
    );
    expect(v1.rows.map((r: { object: object }) => r.object)).toContainEqual(
      expect.objectContaining({ apiVersion: "events.k8s.io/v1", note: "pulled it" }),
    );
  });

  it("watches with converted objects", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path: CORE, body: coreEvent("a") });
    const w = stream(
      server,
      `${V1}?watch=true&resourceVersion=0&fieldSelector=regarding.name%3Dweb-1`,
    );
    expect(await w.status).toBe(200);
    const first = (await w.waitFor(1)) as { type: string; object: Record<string, unknown> }[];
    expect(first[0]).toMatchObject({
      type: "ADDED",
      object: { apiVersion: "events.k8s.io/v1", note: "pulled it" },
    });
    await ask(server, { method: "POST", path: V1, body: v1Event("b") });
    const all = (await w.waitFor(2)) as { type: string; object: Record<string, unknown> }[];
    expect(all[1]).toMatchObject({
      type: "ADDED",
      object: { apiVersion: "events.k8s.io/v1", note: "synced", metadata: { name: "b" } },
    });
    w.close();
  });
});
