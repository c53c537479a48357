import { afterEach, describe, expect, it } from "vitest";
import { DocumentType } from "./gnostic.js";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";

afterEach(closeServers);

const V2_PB = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

describe("the OpenAPI endpoints of kubesim serve", () => {
  it("/openapi/v3 lists the documents; a hashed URL is immutable and revalidates to 304", async () => {
    const s = await startServer();
    const root = await ask(s, {
      path: "/openapi/v3",
      headers: { Accept: "application/json, */*" },
    });
    expect(root.status).toBe(200);
    expect(root.headers["content-type"]).toBe("application/json");
    expect(root.headers["etag"]).toMatch(/^"[0-9A-F]{128}"$/);
    const url = (root.json() as { paths: Record<string, { serverRelativeURL: string }> }).paths[
      "apis/apps/v1"
    ]!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = await ask(s, { path: `${url}&timeout=32s` });
    expect(doc.status).toBe(200);
    expect(doc.headers["content-type"]).toBe("application/json");
    expect(doc.headers["cache-control"]).toBe("public, immutable, max-age=31536000");
    expect(doc.headers["vary"]).toBe("Accept");
    expect(doc.headers["etag"]).toBe(`"${url.split("hash=")[1]}"`);
    expect(
      doc.json().paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"],
    ).toBeDefined();
    const again = await ask(s, {
      path: url,
      headers: { "If-None-Match": doc.headers["etag"] as string },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    const head = await ask(s, { method: "HEAD", path: url });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });

  it("a stale hash is redirected to the current one; no hash means no caching headers", async () => {
    const s = await startServer();
    const stale = await ask(s, { path: "/openapi/v3/api/v1?hash=ABC" });
    expect(stale.status).toBe(301);
    expect(stale.headers["location"]).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    const plain = await ask(s, { path: "/openapi/v3/api/v1" });
    expect(plain.status).toBe(200);
    expect(plain.headers["cache-control"]).toBeUndefined();
  });

  it("an unknown document is a 404 Status, a write 405, and an Accept without JSON 406", async () => {
    const s = await startServer();
    const missing = await ask(s, { path: "/openapi/v3/apis/batch/v1" });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      kind: "Status",
      reason: "NotFound",
      message: "the server could not find the requested resource",
      code: 404,
    });
    const post = await ask(s, { method: "POST", path: "/openapi/v3", body: "{}" });
    expect(post.status).toBe(405);
    const pb = await ask(s, {
      path: "/openapi/v3/api/v1",
      headers: { Accept: "application/com.github.proto-openapi.spec.v3.v1.0+protobuf" },
    });
    expect(pb.status).toBe(406);
    expect(pb.json()).toMatchObject({ reason: "NotAcceptable", code: 406 });
    const either = await ask(s, {
      path: "/openapi/v3/api/v1",
      headers: {
        Accept: "application/com.github.proto-openapi.spec.v3.v1.0+protobuf, application/json",
      },
    });
    expect(either.status).toBe(200);
  });

  it("/openapi/v2 answers gnostic protobuf when asked for it, JSON otherwise", async () => {
    const s = await startServer();
    const pb = await ask(s, { path: "/openapi/v2", headers: { Accept: V2_PB } });
    expect(pb.status).toBe(200);
    expect(pb.headers["content-type"]).toBe(
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
    );
    const decoded = DocumentType.toObject(DocumentType.decode(pb.bytes)) as {
      swagger: string;
      paths: { path: { name: string }[] };
    };
    expect(decoded.swagger).toBe("2.0");
    expect(decoded.paths.path.map((p) => p.name)).toContain(
      "/apis/apps/v1/namespaces/{namespace}/deployments/{name}",
    );
    const json = await ask(s, { path: "/openapi/v2" });
    expect(json.headers["content-type"]).toBe("application/json");
    expect(json.json().swagger).toBe("2.0");
    const none = await ask(s, { path: "/openapi/v2", headers: { Accept: "text/html" } });
    expect(none.status).toBe(406);
  });

  it("needs the token like every other API path", async () => {
    const s = await startServer();
    expect((await ask(s, { path: "/openapi/v3", token: null })).status).toBe(401);
  });
});
