import { describe, expect, it } from "vitest";
import { smartUlltoa5, wget, wgetProgressLine, wgetUsage } from "./wget.js";
import { cluster, fakeClient, podOrigin } from "./fake-client.test-support.js";

const run = (args: string[], c = cluster(), tty = false) => {
  const out = wget(args, c.client, podOrigin, { tty });
  return { ...out, requests: c.requests };
};

const bar = "|********************************|";

describe("wget (BusyBox 1.36)", () => {
  it("-qO- prints just the body", () => {
    const r = run(["-qO-", "http://my-api/health"]);
    expect(r).toMatchObject({ stdout: "ok\n", stderr: "", exitCode: 0 });
    expect(r.requests).toEqual([
      {
        url: "http://my-api/health",
        method: "GET",
        headers: { Connection: "close" },
        from: podOrigin,
        userAgent: "Wget",
        timeout: 900000,
      },
    ]);
  });

  it("-O- without -q reports the connection, the status bar and the end", () => {
    expect(run(["-O-", "http://my-api/health"])).toMatchObject({
      stdout: "ok\n",
      stderr:
        "Connecting to my-api (10.96.0.12:80)\n" +
        "writing to stdout\n" +
        `-                    100% ${bar}     3  0:00:00 ETA\n` +
        "written to stdout\n",
      exitCode: 0,
    });
  });

  it("on a terminal the bar line starts with a carriage return", () => {
    expect(run(["-O", "-", "http://my-api/health"], cluster(), true).stderr).toContain(
      `\r-                    100% ${bar}     3  0:00:00 ETA\n`,
    );
  });

  it("saves to the URL's last path segment (not kept: there are no files here)", () => {
    expect(run(["http://my-api/health"])).toMatchObject({
      stdout: "",
      stderr:
        "Connecting to my-api (10.96.0.12:80)\n" +
        "saving to 'health'\n" +
        `health               100% ${bar}     3  0:00:00 ETA\n` +
        "'health' saved\n",
    });
    expect(run(["-q", "http://my-api/health"]).stderr).toBe("");
  });

  it("names the file index.html for a directory, puts it under -P, uses -O FILE as given", () => {
    const c = fakeClient({
      web: { ip: "10.96.0.20", ports: { 80: { kind: "answer", body: "<html>" } } },
    });
    expect(run(["web"], c).stderr).toContain("saving to 'index.html'\n");
    expect(run(["http://web/docs/"], c).stderr).toContain("saving to 'index.html'\n");
    expect(run(["-P", "/tmp/", "http://web/a.txt"], c).stderr).toContain(
      "saving to '/tmp/a.txt'\n",
    );
    expect(run(["-O", "/tmp/page", "http://web/a.txt"], c).stderr).toContain(
      "saving to '/tmp/page'\npage                 100%",
    );
  });

  it("prints no bar for an empty body", () => {
    const c = fakeClient({
      web: { ip: "10.96.0.20", ports: { 80: { kind: "answer", status: 204 } } },
    });
    expect(run(["-O-", "http://web/"], c).stderr).toBe(
      "Connecting to web (10.96.0.20:80)\nwriting to stdout\nwritten to stdout\n",
    );
  });

  it("-S shows the answer's lines indented, then the empty line", () => {
    expect(run(["-qS", "-O", "-", "my-api/health"])).toMatchObject({
      stdout: "ok\n",
      stderr: "  HTTP/1.1 200 OK\n  Content-Type: text/plain\n  Content-Length: 3\n  \n",
    });
  });

  it("-T sets the timeout; -T 0 none; a bad number dies", () => {
    expect(run(["-q", "-T", "5", "-O-", "http://my-api/health"]).requests[0]?.timeout).toBe(5000);
    expect(
      run(["-q", "-T", "0", "-O-", "http://my-api/health"]).requests[0]?.timeout,
    ).toBeUndefined();
    expect(run(["-T", "soon", "x"])).toMatchObject({
      stderr: "wget: invalid number 'soon'\n",
      exitCode: 1,
    });
  });

  it("--spider checks existence only", () => {
    expect(run(["--spider", "http://my-api/health"])).toMatchObject({
      stdout: "",
      stderr: "Connecting to my-api (10.96.0.12:80)\nremote file exists\n",
      exitCode: 0,
    });
    expect(run(["-q", "--spider", "http://my-api/nothing"]).exitCode).toBe(1);
  });

  it("-U and --header set request headers; a Host header reaches the client", () => {
    const r = run([
      "-q",
      "-U",
      "probe/1",
      "--header",
      "X-Trace: 7",
      "--header=Host: api.example.com",
      "-O-",
      "http://10.96.0.12/health",
    ]);
    expect(r.requests[0]).toMatchObject({
      userAgent: "probe/1",
      headers: { Connection: "close", "X-Trace": "7", Host: "api.example.com" },
    });
    expect(
      run(["-q", "--header", "User-Agent: h/2", "-O-", "my-api/health"]).requests[0]?.userAgent,
    ).toBe("h/2");
  });

  it("sends credentials from the URL", () => {
    expect(run(["-qO-", "http://user:p%20w@my-api/health"]).requests[0]?.headers).toMatchObject({
      Authorization: "Basic dXNlcjpwIHc=",
    });
  });

  it("--post-data posts; --post-file needs a file there is not", () => {
    const r = run(["-qO-", "--post-data", "a=1", "http://my-api/health"]);
    expect(r.requests[0]).toMatchObject({
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "3" },
    });
    expect(run(["--post-file", "body.json", "my-api/health"])).toMatchObject({
      stderr: "wget: can't open 'body.json': No such file or directory\n",
      exitCode: 1,
    });
  });
});

describe("wget errors (exit 1)", () => {
  it("an unknown name: bad address, even with -q", () => {
    expect(run(["-q", "nosuch"])).toMatchObject({
      stderr: "wget: bad address 'nosuch'\n",
      exitCode: 1,
    });
    expect(run(["-q", "http://nosuch:8080/x"]).stderr).toBe("wget: bad address 'nosuch:8080'\n");
  });

  it("refused", () => {
    expect(run(["http://down-api/"])).toMatchObject({
      stderr:
        "Connecting to down-api (10.96.0.13:80)\nwget: can't connect to remote host (10.96.0.13): Connection refused\n",
      exitCode: 1,
    });
  });

  it("no answer to the SYN: -T runs out first, or the kernel gives up", () => {
    expect(run(["-q", "-T", "2", "http://black-api/"]).stderr).toBe("wget: download timed out\n");
    expect(run(["-q", "http://black-api/"]).stderr).toBe(
      "wget: can't connect to remote host (10.96.0.14): Connection timed out\n",
    );
    expect(run(["-q", "-T", "0", "http://black-api/"]).stderr).toBe(
      "wget: can't connect to remote host (10.96.0.14): Connection timed out\n",
    );
  });

  it("a slow answer: download timed out", () => {
    expect(run(["-T", "2", "http://slow-api/"])).toMatchObject({
      stderr: "Connecting to slow-api (10.96.0.15:80)\nwget: download timed out\n",
      exitCode: 1,
    });
    expect(run(["-qO-", "-T", "10", "http://slow-api/"]).stdout).toBe("late\n");
  });

  it("an error status: server returned error", () => {
    expect(run(["-q", "http://my-api/fail"])).toMatchObject({
      stderr: "wget: server returned error: HTTP/1.1 503 Service Unavailable\n",
      exitCode: 1,
    });
    expect(run(["-qS", "http://my-api/nothing"]).stderr).toBe(
      "  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\n",
    );
  });

  it("stops at the first failing URL, keeping what came before", () => {
    const r = run(["-qO-", "http://my-api/health", "http://nosuch/", "http://my-api/health"]);
    expect(r).toMatchObject({
      stdout: "ok\n",
      stderr: "wget: bad address 'nosuch'\n",
      exitCode: 1,
    });
    expect(r.requests).toHaveLength(2);
  });

  it("-o LOGFILE sends every message to the file", () => {
    expect(run(["-o", "log.txt", "-O-", "http://down-api/"])).toMatchObject({
      stderr: "",
      exitCode: 1,
    });
    expect(run(["-o", "-", "-q", "http://down-api/"]).stderr).toContain("Connection refused");
  });

  it("other schemes", () => {
    expect(run(["gopher://x/"]).stderr).toBe("wget: not an http or ftp url: gopher://x/\n");
  });
});

describe("wget redirects and https", () => {
  const redirecting = () =>
    fakeClient({
      "my-api": {
        ip: "10.96.0.12",
        ports: {
          80: (_req, path) =>
            path === "/old"
              ? { kind: "answer", status: 302, headers: { Location: "/new" } }
              : path === "/away"
                ? { kind: "answer", status: 301, headers: { Location: "http://web/landing" } }
                : path === "/loop"
                  ? { kind: "answer", status: 307, headers: { Location: "/loop" } }
                  : { kind: "answer", body: "new\n" },
        },
      },
      web: { ip: "10.96.0.20", ports: { 80: { kind: "answer", body: "landed\n" } } },
      secure: { ip: "10.96.0.21", ports: { 443: { kind: "answer", body: "tls\n" } } },
    });

  it("follows a path redirect on the same server without a new Connecting line", () => {
    const r = run(["-O-", "http://my-api/old"], redirecting());
    expect(r.stdout).toBe("new\n");
    expect(r.stderr.match(/Connecting/g)).toHaveLength(1);
    expect(r.requests.map((q) => q.url)).toEqual(["http://my-api/old", "http://my-api/new"]);
  });

  it("connects again for another host", () => {
    const r = run(["-O-", "http://my-api/away"], redirecting());
    expect(r.stdout).toBe("landed\n");
    expect(r.stderr).toContain(
      "Connecting to my-api (10.96.0.12:80)\nConnecting to web (10.96.0.20:80)\n",
    );
  });

  it("gives up after 16 hops", () => {
    const r = run(["-q", "http://my-api/loop"], redirecting());
    expect(r).toMatchObject({ stderr: "wget: too many redirections\n", exitCode: 1 });
    expect(r.requests).toHaveLength(16);
  });

  it("https: BusyBox's note that it does not validate certificates, once", () => {
    expect(run(["-qO-", "https://secure/", "https://secure/"], redirecting())).toMatchObject({
      stdout: "tls\ntls\n",
      stderr: "wget: note: TLS certificate validation not implemented\n",
    });
    expect(run(["-qO-", "--no-check-certificate", "https://secure/"], redirecting()).stderr).toBe(
      "",
    );
  });
});

describe("wget command line", () => {
  it("no URL: the usage, exit 1", () => {
    expect(run([])).toMatchObject({ stdout: "", stderr: wgetUsage, exitCode: 1 });
    expect(
      wgetUsage.startsWith("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider]"),
    ).toBe(true);
  });

  it("unknown options and missing arguments, as getopt reports them, then the usage", () => {
    expect(run(["--foo", "x"]).stderr).toBe(`wget: unrecognized option '--foo'\n${wgetUsage}`);
    expect(run(["-z", "x"]).stderr).toBe(`wget: invalid option -- 'z'\n${wgetUsage}`);
    expect(run(["x", "-O"]).stderr).toBe(`wget: option requires an argument -- 'O'\n${wgetUsage}`);
    expect(run(["x", "--header"]).stderr).toBe(
      `wget: option '--header' requires an argument\n${wgetUsage}`,
    );
    expect(run(["--quiet=1", "x"]).stderr.split("\n")[0]).toBe(
      "wget: option '--quiet' doesn't allow an argument",
    );
    expect(run(["--no", "x"]).stderr.split("\n")[0]).toBe(
      "wget: option '--no' is ambiguous; possibilities: '--no-check-certificate' '--no-cache' '--no-verbose' '--no-clobber' '--no-host-directories' '--no-parent'",
    );
    expect(run(["--foo"]).exitCode).toBe(1);
  });

  it("long options by unique prefix, options after the URL, -- and ignored options", () => {
    expect(run(["--qui", "-O-", "my-api/health"]).stderr).toBe("");
    expect(run(["my-api/health", "-q", "-O", "-"]).stdout).toBe("ok\n");
    expect(
      run(["-q", "-O-", "-c", "-t", "3", "-nv", "-Y", "off", "--", "my-api/health"]).stdout,
    ).toBe("ok\n");
  });
});

describe("wget status bar (libbb/progress.c)", () => {
  it("smart_ulltoa5 fits five columns", () => {
    expect(smartUlltoa5(3)).toBe("    3");
    expect(smartUlltoa5(99999)).toBe("99999");
    expect(smartUlltoa5(100000)).toBe("97.6k");
    expect(smartUlltoa5(1048576)).toBe("1024k");
    expect(smartUlltoa5(5 * 1048576)).toBe("5120k");
    expect(smartUlltoa5(200 * 1048576)).toBe(" 200M");
    expect(smartUlltoa5(15 * 1048576)).toBe("15.0M");
  });

  it("pads or cuts the file name to 20 columns", () => {
    expect(wgetProgressLine("a-very-long-file-name.tar.gz", 10, false)).toBe(
      `a-very-long-file-nam 100% ${bar}    10  0:00:00 ETA\n`,
    );
  });
});
