/**
 * Test helper: a KubesimServer on 127.0.0.1:0, paused (speed 0) on a fixed
 * epoch, with its state (CA, token) in a temporary folder shared by the
 * tests of one file, so the certificates are made once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubesimServer, type ServeOptions } from "../server.js";

export const EPOCH = Date.UTC(2024, 0, 1);

let stateDir: string | undefined;

export function testStateDir(): string {
  stateDir ??= mkdtempSync(join(tmpdir(), "kubesim-server-test-"));
  return stateDir;
}

const running = new Set<KubesimServer>();

export async function startServer(options: ServeOptions = {}): Promise<KubesimServer> {
  const server = await KubesimServer.start({
    port: 0,
    speed: 0,
    stateDir: testStateDir(),
    ...options,
    clusterOptions: { epoch: EPOCH, seed: 1, ...options.clusterOptions },
  });
  running.add(server);
  return server;
}

/** Closes every server the tests started (call from afterEach). */
export async function closeServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.close()));
  running.clear();
}
