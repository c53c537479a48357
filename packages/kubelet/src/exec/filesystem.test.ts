import { describe, expect, it } from "vitest";
import { FileSystem, resolvePath } from "./filesystem.js";

describe("resolvePath", () => {
  it.each([
    ["/a/./b/../c", "/", "/a/c"],
    ["x", "/app", "/app/x"],
    ["../..", "/a/b/c", "/a"],
    ["/..", "/", "/"],
    ["//etc///hosts", "/", "/etc/hosts"],
  ])("%s from %s is %s", (p, cwd, want) => {
    expect(resolvePath(p, cwd)).toBe(want);
  });
});

describe("FileSystem", () => {
  const fs = new FileSystem({ "/srv/www/index.html": "<h1>hi</h1>", "rel/file": "r" }, ["ls"]);
  it("implies directories from file paths", () => {
    expect(fs.stat("/srv")).toBe("dir");
    expect(fs.stat("/srv/www")).toBe("dir");
    expect(fs.stat("/srv/www/index.html")).toBe("file");
    expect(fs.stat("/rel/file")).toBe("file");
    expect(fs.stat("/nope")).toBeUndefined();
  });
  it("lists sorted children, with the skeleton and binaries", () => {
    expect(fs.list("/")).toEqual([
      "bin",
      "dev",
      "etc",
      "home",
      "proc",
      "rel",
      "root",
      "srv",
      "sys",
      "tmp",
      "usr",
      "var",
    ]);
    expect(fs.list("/bin")).toEqual(["ls"]);
    expect(fs.list("/srv")).toEqual(["www"]);
  });
  it("reads files only", () => {
    expect(fs.read("/srv/www/index.html")).toBe("<h1>hi</h1>");
    expect(fs.read("/srv")).toBeUndefined();
  });
});
