/**
 * Test helper: the client side of kubectl 1.31+'s port-forward tunnel,
 * written by hand because the `ws` client, like its server, refuses the
 * sub-protocol `SPDY/3.1+portforward.k8s.io` (a "/" is not an RFC 7230
 * token; gorilla/websocket in kubectl sends it anyway). The handshake goes
 * over HTTPS; then every write is one masked binary frame (RFC 6455 §5)
 * and the server's binary frames are read back as a byte stream.
 */
import { request } from "node:https";
import { Duplex } from "node:stream";
import type { KubesimServer } from "../../server.js";

export type Tunnel =
  | {
      readonly kind: "open";
      readonly protocol: string;
      readonly stream: Duplex;
      /** The opcodes of the frames the server sent (2 binary, 8 close). */
      readonly opcodes: number[];
      readonly socket: Duplex;
    }
  | { readonly kind: "refused"; readonly status: number; readonly text: string };

/** A fixed mask and key: a test needs no unpredictability (RFC 6455 asks it of real clients). */
const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

function frame(opcode: number, payload: Buffer): Buffer {
  const mask = MASK;
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, 0x80 | len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff])
        : (() => {
            const b = Buffer.alloc(10);
            b[0] = 0x80 | opcode;
            b[1] = 0x80 | 127;
            b.writeBigUInt64BE(BigInt(len), 2);
            return b;
          })();
  const masked = Buffer.alloc(len);
  for (let i = 0; i < len; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, masked]);
}

export function openTunnel(
  server: KubesimServer,
  path: string,
  protocol = "SPDY/3.1+portforward.k8s.io",
): Promise<Tunnel> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port: server.port,
      path,
      ca: server.caCert,
      headers: {
        Authorization: `Bearer ${server.token}`,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": KEY,
        "Sec-WebSocket-Protocol": protocol,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ kind: "refused", status: res.statusCode ?? 0, text }));
    });
    req.on("upgrade", (res, socket, head) => {
      const opcodes: number[] = [];
      let buf: Buffer = head;
      const stream = new Duplex({
        read() {},
        write(chunk: Buffer, _enc, cb) {
          socket.write(frame(2, chunk), cb);
        },
        final(cb) {
          socket.write(frame(8, Buffer.from([0x03, 0xe8])), () => cb());
        },
      });
      const parse = () => {
        for (;;) {
          if (buf.length < 2) return;
          const opcode = buf[0]! & 0x0f;
          let len = buf[1]! & 0x7f;
          let off = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            off = 4;
          } else if (len === 127) {
            if (buf.length < 10) return;
            len = Number(buf.readBigUInt64BE(2));
            off = 10;
          }
          if (buf.length < off + len) return;
          const payload = buf.subarray(off, off + len);
          buf = buf.subarray(off + len);
          opcodes.push(opcode);
          if (opcode === 2 || opcode === 0) stream.push(payload);
          else if (opcode === 8) stream.push(null);
        }
      };
      socket.on("data", (d: Buffer) => {
        buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
        parse();
      });
      socket.on("close", () => stream.push(null));
      parse();
      resolve({
        kind: "open",
        protocol: String(res.headers["sec-websocket-protocol"] ?? ""),
        stream,
        opcodes,
        socket,
      });
    });
    req.on("error", reject);
    req.end();
  });
}
