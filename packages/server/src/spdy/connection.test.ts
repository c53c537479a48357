/**
 * The SPDY/3.1 server connection against an independent SPDY client
 * (spdy-transport in client mode) over a real TCP socket pair.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import transport, { type SpdyTransportStream } from "spdy-transport";
import { afterEach, describe, expect, it } from "vitest";
import { SpdyServerConnection, type SpdyStream } from "./connection.js";

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server === undefined ? r() : server.close(() => r())));
  server = undefined;
});

/** A SPDY server on 127.0.0.1:0 whose streams go to `onStream`, and a spdy-transport client connected to it. */
async function pair(onStream: (s: SpdyStream, conn: SpdyServerConnection) => void) {
  server = createServer((socket) => {
    sockets.push(socket);
    const conn: SpdyServerConnection = new SpdyServerConnection(
      { write: (b) => socket.write(b), end: () => socket.end() },
      (s) => onStream(s, conn),
    );
    socket.on("data", (d: Buffer) => conn.receive(d));
    socket.on("close", () => conn.transportClosed());
    socket.on("error", () => undefined);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const client = transport.connection.create(socket, { protocol: "spdy", isServer: false });
  client.start(3.1);
  client.on("error", () => undefined);
  return { client, socket };
}

function open(
  client: ReturnType<typeof transport.connection.create>,
  headers: Record<string, string>,
): Promise<SpdyTransportStream> {
  return new Promise((resolve, reject) => {
    const s = client.request({ method: "POST", path: "/", headers }, (err) => {
      if (err !== null) reject(err);
    });
    s.on("response", () => resolve(s));
    s.on("error", reject);
  });
}

function readAll(s: SpdyTransportStream): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    s.on("data", (d: Buffer) => (text += d.toString()));
    s.on("end", () => resolve(text));
  });
}

describe("SpdyServerConnection", () => {
  it("replies to each stream, passes its headers, and carries data both ways until FIN", async () => {
    const seen: Record<string, string>[] = [];
    const { client } = await pair((s) => {
      seen.push({ streamtype: s.header("streamType"), port: s.header("port") });
      let got = "";
      s.onData = (b) => (got += b.toString());
      s.onEnd = () => {
        s.write(`echo:${got}`);
        s.close();
      };
    });
    const a = await open(client, { streamtype: "data", port: "8080" });
    const b = await open(client, { streamtype: "error", port: "8080" });
    const answer = readAll(a);
    a.end("hello");
    expect(await answer).toBe("echo:hello");
    const answerB = readAll(b);
    b.end();
    expect(await answerB).toBe("echo:");
    expect(seen).toEqual([
      { streamtype: "data", port: "8080" },
      { streamtype: "error", port: "8080" },
    ]);
  });

  it("answers the client's PING", async () => {
    const { client } = await pair(() => undefined);
    await new Promise<void>((resolve, reject) =>
      client.ping((err) => (err === null ? resolve() : reject(err))),
    );
  });

  it("ends with GOAWAY, and closes the socket once the client has closed its streams", async () => {
    const frames: string[] = [];
    const { client, socket } = await pair((s, conn) => {
      s.write("bye");
      s.close();
      conn.close();
    });
    client.on("frame", (f: { type: string }) => frames.push(f.type));
    const s = await open(client, { streamtype: "stdout" });
    const text = await readAll(s);
    expect(text).toBe("bye");
    expect(frames).toContain("GOAWAY");
    s.end();
    await new Promise<void>((r) => socket.once("close", () => r()));
  });
});
