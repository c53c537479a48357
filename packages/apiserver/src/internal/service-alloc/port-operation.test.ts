/**
 * PortAllocationOperation (portallocator/operation.go): allocations are
 * immediate and rolled back unless committed; releases wait for the commit;
 * a dry run changes nothing and hands out dummy ports from 32769.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "@kubesim/sim";
import { NodePortAllocator } from "./allocators.js";
import { PortAllocationOperation } from "./port-operation.js";

const allocator = (): NodePortAllocator => new NodePortAllocator(30000, 2768, new Rng(1));

describe("PortAllocationOperation", () => {
  it("commit keeps the allocations and performs the deferred releases", () => {
    const pa = allocator();
    pa.allocate(30001);
    const op = new PortAllocationOperation(pa, false);
    expect(op.allocate(30002)).toBe(30002);
    const next = op.allocateNext() as number;
    op.releaseDeferred(30001);
    expect(pa.has(30001)).toBe(true); // not before the commit
    op.commit();
    expect(pa.allocated()).toEqual([30002, next].sort((a, b) => a - b));
    op.revert(); // a finished operation rolls nothing back
    expect(pa.allocated()).toHaveLength(2);
  });

  it("revert gives back what it took and keeps what it would have released", () => {
    const pa = allocator();
    pa.allocate(30001);
    const op = new PortAllocationOperation(pa, false);
    op.allocate(30002);
    op.allocateNext();
    op.releaseDeferred(30001);
    op.revert();
    expect(pa.allocated()).toEqual([30001]);
  });

  it("a failed allocation is not recorded", () => {
    const pa = allocator();
    pa.allocate(30001);
    const op = new PortAllocationOperation(pa, false);
    expect(op.allocate(30001)).toEqual({ error: "provided port is already allocated" });
    op.revert();
    expect(pa.allocated()).toEqual([30001]); // not released by the rollback
  });

  it("dry run: taken ports are refused, out-of-range ones pass, dummies count up from 32769", () => {
    const pa = allocator();
    pa.allocate(30001);
    const op = new PortAllocationOperation(pa, true);
    expect(op.allocate(30001)).toEqual({ error: "provided port is already allocated" });
    expect(op.allocateNext()).toBe(32769);
    expect(op.allocateNext()).toBe(32770);
    expect(op.allocate(29999)).toBe(29999);
    expect(op.allocate(29999)).toEqual({ error: "provided port is already allocated" });
    expect(op.allocateNext()).toBe(32771); // one above the highest handed out
    op.releaseDeferred(30001);
    op.commit();
    expect(pa.allocated()).toEqual([30001]);
  });
});
