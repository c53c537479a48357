/** HTTP/1.1 on a forwarded connection: requests parsed from bytes, responses written. */
import { describe, expect, it } from "vitest";
import { formatResponse, RequestParser } from "./http1.js";

function parseAll(...chunks: string[]) {
  const p = new RequestParser();
  const out = [];
  for (const c of chunks) {
    p.push(Buffer.from(c, "latin1"));
    for (let r = p.next(); r.kind !== "incomplete"; r = p.next()) {
      out.push(r);
      if (r.kind === "bad") return out;
    }
  }
  return out;
}

describe("RequestParser", () => {
  it("reads a request split anywhere, with its headers as sent", () => {
    const text = "GET /a?b=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: curl/8.5.0\r\n\r\n";
    for (let cut = 0; cut < text.length; cut++) {
      expect(parseAll(text.slice(0, cut), text.slice(cut))).toEqual([
        {
          kind: "request",
          request: {
            method: "GET",
            path: "/a?b=1",
            version: "1.1",
            headers: { Host: "x", "User-Agent": "curl/8.5.0" },
            close: false,
          },
        },
      ]);
    }
  });

  it("skips bodies by Content-Length and chunked encoding, and reads pipelined requests in order", () => {
    const rs = parseAll(
      "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" +
        "PUT /q HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
        "GET /r HTTP/1.0\r\n\r\n",
    );
    expect(
      rs.map((r) =>
        r.kind === "request" ? [r.request.method, r.request.path, r.request.close] : r.kind,
      ),
    ).toEqual([
      ["POST", "/p", false],
      ["PUT", "/q", false],
      ["GET", "/r", true],
    ]);
  });

  it("Connection: close, and a malformed request line", () => {
    expect(parseAll("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")[0]).toMatchObject({
      request: { close: true },
    });
    expect(parseAll("hello world\r\n\r\n")).toEqual([{ kind: "bad" }]);
  });
});

describe("formatResponse", () => {
  it("writes the status line, the app's headers, its own Content-Length, then the body", () => {
    expect(
      formatResponse(
        200,
        { "Content-Type": "text/plain", "content-length": "999" },
        "héllo",
      ).toString("utf8"),
    ).toBe("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhéllo");
    expect(formatResponse(404, {}, "x", { head: true, close: true }).toString()).toBe(
      "HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\nConnection: close\r\n\r\n",
    );
  });
});
