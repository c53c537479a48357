/**
 * The suite's configuration (vitest.config.ts), for
 * test/scenarios/testdata/nondeterministic.test.ts alone:
 * test/determinism-replay.test.ts runs it to see the replay fail.
 */
import { defineConfig } from "vitest/config";
import base from "../../../vitest.config.js";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/scenarios/testdata/nondeterministic.test.ts"],
    exclude: ["**/node_modules/**"],
  },
});
