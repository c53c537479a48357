import { describe, expect, it } from "vitest";
import { curl } from "./curl.js";
import { cluster, fakeClient, podOrigin } from "./fake-client.test-support.js";
import type { RequestOrigin } from "../dataplane/types.js";

const run = (args: string[], c = cluster(), origin: RequestOrigin = podOrigin) => {
  const out = curl(args, c.client, origin);
  return { ...out, requests: c.requests };
};

const meterHeader =
  "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
  "                                 Dload  Upload   Total   Spent    Left  Speed\n";
const zeroLine = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0";

const healthTrace =
  "* Host my-api:80 was resolved.\n" +
  "* IPv6: (none)\n" +
  "* IPv4: 10.96.0.12\n" +
  "*   Trying 10.96.0.12:80...\n" +
  "* Connected to my-api (10.96.0.12) port 80\n" +
  "> GET /health HTTP/1.1\r\n" +
  "> Host: my-api\r\n" +
  "> User-Agent: curl/8.5.0\r\n" +
  "> Accept: */*\r\n" +
  "> \r\n" +
  "< HTTP/1.1 200 OK\r\n" +
  "< Content-Type: text/plain\r\n" +
  "< Content-Length: 3\r\n" +
  "< \r\n" +
  "{ [3 bytes data]\n";

describe("curl: a plain request", () => {
  it("-s prints the body as is and nothing else", () => {
    const r = run(["-s", "http://my-api/health"]);
    expect(r).toMatchObject({ stdout: "ok\n", stderr: "", exitCode: 0 });
    expect(r.requests).toEqual([
      {
        url: "http://my-api/health",
        method: "GET",
        headers: { Accept: "*/*" },
        from: podOrigin,
        userAgent: "curl/8.5.0",
      },
    ]);
  });

  it("without -s writes the progress meter to stderr (stdout is a pipe under kubectl exec)", () => {
    const r = run(["http://my-api/health"]);
    expect(r.stdout).toBe("ok\n");
    expect(r.stderr).toBe(
      meterHeader +
        zeroLine +
        "\r100     3  100     3    0     0   1000      0 --:--:-- --:--:-- --:--:--  1000\n",
    );
  });

  it("shows no meter when the body goes to a terminal (kubectl exec -t)", () => {
    const c = cluster();
    expect(curl(["http://my-api/health"], c.client, podOrigin, { tty: true })).toEqual({
      stdout: "ok\n",
      stderr: "",
      exitCode: 0,
    });
    // ... but still does when the body goes elsewhere.
    expect(
      curl(["-o", "/dev/null", "http://my-api/health"], c.client, podOrigin, { tty: true }).stderr,
    ).toContain(meterHeader);
  });

  it("--no-progress-meter turns the meter off without silencing errors", () => {
    const r = run(["--no-progress-meter", "http://down-api/"]);
    expect(r.stderr).toBe(
      "curl: (7) Failed to connect to down-api port 80 after 1 ms: Couldn't connect to server\n",
    );
  });

  it("defaults to http:// when the URL has no scheme", () => {
    const r = run(["-s", "my-api/health"]);
    expect(r.requests[0]?.url).toBe("http://my-api/health");
    expect(r.stdout).toBe("ok\n");
  });

  it("keeps an explicit port, and names it in the Host header", () => {
    const c = fakeClient({
      "my-api": { ip: "10.96.0.12", ports: { 8080: { kind: "answer", body: "hi" } } },
    });
    const r = run(["-sv", "my-api:8080"], c);
    expect(r.requests[0]?.url).toBe("http://my-api:8080/");
    expect(r.stderr).toContain("> Host: my-api:8080\r\n");
    expect(r.stderr).toContain("* Connected to my-api (10.96.0.12) port 8080\n");
  });
});

describe("curl -v", () => {
  it("traces resolution, connection, request and answer like curl 8", () => {
    const r = run(["-sv", "http://my-api/health"]);
    expect(r.stdout).toBe("ok\n");
    expect(r.stderr).toBe(healthTrace + "* Connection #0 to host my-api left intact\n");
  });

  it("interleaves the progress meter when not silent", () => {
    const r = run(["-v", "http://my-api/health"]);
    expect(r.stderr).toBe(
      meterHeader +
        zeroLine +
        healthTrace +
        "\r100     3  100     3    0     0   1000      0 --:--:-- --:--:-- --:--:--  1000\n" +
        "* Connection #0 to host my-api left intact\n",
    );
  });

  it("does not resolve an IP literal", () => {
    const r = run(["-sv", "http://10.96.0.12/health"]);
    expect(r.stderr).not.toContain("was resolved");
    expect(
      r.stderr.startsWith(
        "*   Trying 10.96.0.12:80...\n* Connected to 10.96.0.12 (10.96.0.12) port 80\n",
      ),
    ).toBe(true);
  });

  it("reuses the connection for a second URL to the same host", () => {
    const r = run(["-sv", "http://my-api/health", "http://my-api/other"]);
    expect(r.stdout).toBe("ok\nnot found\n");
    expect(r.stderr).toContain(
      "* Connection #0 to host my-api left intact\n" +
        "* Found bundle for host: 0x7f3a9c01d2a0 [serially]\n" +
        "* Can not multiplex, even if we wanted to\n" +
        "* Re-using existing connection with host my-api\n" +
        "> GET /other HTTP/1.1\r\n",
    );
    expect(r.stderr.match(/Trying/g)).toHaveLength(1);
    expect(r.exitCode).toBe(0);
  });

  it("closes a connection the server asked to close; the next one is #1 and uses the DNS cache", () => {
    const c = fakeClient({
      "my-api": {
        ip: "10.96.0.12",
        ports: { 80: { kind: "answer", headers: { Connection: "close" }, body: "x" } },
      },
    });
    const r = run(["-sv", "http://my-api/a", "http://my-api/b"], c);
    expect(r.stderr).toContain(
      "* Closing connection\n* Hostname my-api was found in DNS cache\n*   Trying",
    );
    expect(r.stderr).toContain("* Connected to my-api (10.96.0.12) port 80\n");
    expect(r.stderr.match(/Closing connection/g)).toHaveLength(2);
  });

  it("keeps verbose output with -s", () => {
    expect(run(["-s", "-v", "http://nosuch/"]).stderr).toBe(
      "* Could not resolve host: nosuch\n* Closing connection\n",
    );
  });
});

describe("curl -i, -I, -D", () => {
  it("-i prints the status line and headers with CRLFs before the body", () => {
    expect(run(["-si", "http://my-api/health"]).stdout).toBe(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n",
    );
  });

  it("-I sends HEAD and prints only the headers", () => {
    const r = run(["-sI", "http://my-api/health"]);
    expect(r.requests[0]?.method).toBe("HEAD");
    expect(r.stdout).toBe(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n",
    );
  });

  it("--head -v shows HEAD on the request line and no data line", () => {
    const r = run(["--head", "-sv", "http://my-api/health"]);
    expect(r.stderr).toContain("> HEAD /health HTTP/1.1\r\n");
    expect(r.stderr).not.toContain("bytes data");
  });

  it("-D - dumps the headers to stdout", () => {
    expect(run(["-s", "-D", "-", "http://my-api/health"]).stdout).toBe(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n",
    );
  });

  it("combined short flags: -si, -sSi", () => {
    expect(run(["-sSi", "http://my-api/health"]).stdout.startsWith("HTTP/1.1 200 OK\r\n")).toBe(
      true,
    );
  });
});

describe("curl -H, -X, -A, -u, -d", () => {
  it("-H adds headers in order after Accept; repeatable", () => {
    const r = run(["-sv", "-H", "X-Trace: 1", "--header", "X-Other: two", "http://my-api/health"]);
    expect(r.stderr).toContain("> Accept: */*\r\n> X-Trace: 1\r\n> X-Other: two\r\n> \r\n");
    expect(r.requests[0]?.headers).toEqual({ Accept: "*/*", "X-Trace": "1", "X-Other": "two" });
  });

  it("a -H Host replaces curl's and reaches the client (virtual hosting)", () => {
    const r = run(["-sv", "-H", "Host: api.example.com", "http://10.96.0.12/health"]);
    expect(r.stderr).toContain("> GET /health HTTP/1.1\r\n> Host: api.example.com\r\n> User-Agent");
    expect(r.requests[0]?.headers).toMatchObject({ Host: "api.example.com" });
  });

  it("`Name:` removes curl's header, `Name;` sends it empty, -H User-Agent replaces curl's", () => {
    const r = run([
      "-sv",
      "-H",
      "Accept:",
      "-H",
      "X-Empty;",
      "-H",
      "User-Agent: probe/1",
      "http://my-api/health",
    ]);
    expect(r.stderr).toContain("> Host: my-api\r\n> X-Empty:\r\n> User-Agent: probe/1\r\n> \r\n");
    expect(r.requests[0]?.userAgent).toBe("probe/1");
    expect(r.requests[0]?.headers).not.toHaveProperty("Accept");
  });

  it("-X sets the method on the request line", () => {
    const r = run(["-sv", "-X", "DELETE", "http://my-api/health"]);
    expect(r.requests[0]?.method).toBe("DELETE");
    expect(r.stderr).toContain("> DELETE /health HTTP/1.1\r\n");
    expect(run(["-s", "-XPUT", "http://my-api/health"]).requests[0]?.method).toBe("PUT");
    expect(run(["-s", "--request", "PATCH", "http://my-api/health"]).requests[0]?.method).toBe(
      "PATCH",
    );
  });

  it("notes an unnecessary -X in verbose mode, warns about -X HEAD (wrapped at 79 columns)", () => {
    expect(
      run(["-v", "-X", "GET", "-o", "/dev/null", "--no-progress-meter", "http://my-api/health"])
        .stderr,
    ).toMatch(/^Note: Unnecessary use of -X or --request, GET is already inferred.\n\* Host/);
    expect(run(["-X", "HEAD", "--no-progress-meter", "http://my-api/health"]).stderr).toBe(
      "Warning: Setting custom HTTP method to HEAD with -X/--request may not work the \n" +
        "Warning: way you want. Consider using -I/--head instead.\n",
    );
    expect(run(["-s", "-X", "HEAD", "http://my-api/health"]).stderr).toBe("");
  });

  it("-A sets the User-Agent; -A '' sends none", () => {
    expect(run(["-s", "-A", "probe/2", "http://my-api/health"]).requests[0]?.userAgent).toBe(
      "probe/2",
    );
    const none = run(["-sv", "-A", "", "http://my-api/health"]);
    expect(none.stderr).not.toContain("User-Agent");
    expect(none.requests[0]?.userAgent).toBe("");
  });

  it("-u sends Basic credentials before the User-Agent; credentials in the URL too", () => {
    const r = run(["-sv", "-u", "admin:secret", "http://my-api/health"]);
    expect(r.stderr).toContain(
      "> Host: my-api\r\n> Authorization: Basic YWRtaW46c2VjcmV0\r\n> User-Agent",
    );
    expect(run(["-s", "http://admin:secret@my-api/health"]).requests[0]?.headers).toMatchObject({
      Authorization: "Basic YWRtaW46c2VjcmV0",
    });
    expect(
      run(["-s", "--oauth2-bearer", "tok", "http://my-api/health"]).requests[0]?.headers,
    ).toMatchObject({
      Authorization: "Bearer tok",
    });
  });

  it("-d posts form data: POST, Content-Length, Content-Type, joined with &", () => {
    const r = run(["-sv", "-d", "a=1", "-d", "b=2", "http://my-api/health"]);
    expect(r.requests[0]?.method).toBe("POST");
    expect(r.stderr).toContain(
      "> Accept: */*\r\n> Content-Length: 7\r\n> Content-Type: application/x-www-form-urlencoded\r\n> \r\n} [7 bytes data]\n",
    );
    expect(r.requests[0]?.headers).toMatchObject({ "Content-Length": "7" });
  });

  it("-d @file: there are no files, so an empty POST with curl's warning", () => {
    const r = run([
      "-d",
      "@body.json",
      "-o",
      "/dev/null",
      "--no-progress-meter",
      "http://my-api/health",
    ]);
    expect(r.stderr).toBe(
      'Warning: Couldn\'t read data from file "body.json", this makes an empty POST.\n',
    );
    expect(r.requests[0]?.headers).toMatchObject({ "Content-Length": "0" });
  });

  it("-e and -b send Referer and Cookie", () => {
    const r = run(["-sv", "-e", "http://x/", "-b", "session=1", "http://my-api/health"]);
    expect(r.stderr).toContain("> Accept: */*\r\n> Referer: http://x/\r\n> Cookie: session=1\r\n");
  });
});

describe("curl -o and -w", () => {
  it("-o /dev/null -w '%{http_code}' prints just the code", () => {
    expect(
      run(["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://my-api/health"]),
    ).toMatchObject({
      stdout: "200",
      stderr: "",
      exitCode: 0,
    });
  });

  it("knows time_total, remote_ip, remote_port, url_effective and the \\n escape", () => {
    const r = run([
      "-so/dev/null",
      "-w",
      "%{http_code} %{time_total} %{remote_ip} %{remote_port} %{url_effective}\\n",
      "my-api/health",
    ]);
    expect(r.stdout).toBe("200 0.003000 10.96.0.12 80 http://my-api/health\n");
  });

  it("prints 000 and still writes out when nothing answered", () => {
    const r = run([
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{exitcode} %{errormsg}",
      "http://nosuch",
    ]);
    expect(r).toMatchObject({ stdout: "000 6 Could not resolve host: nosuch", exitCode: 6 });
  });

  it("%%, %{stderr}, %header{name}, %{onerror}, %{method}, %{size_download}, %{content_type}", () => {
    const r = run([
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "100%% %{method} %{size_download} %{content_type} %header{content-length}%{stderr}to-stderr%{stdout}%{onerror}never",
      "http://my-api/health",
    ]);
    expect(r.stdout).toBe("100% GET 3 text/plain 3");
    expect(r.stderr).toBe("to-stderr");
    expect(run(["-s", "-w", "%{onerror}failed:%{http_code}", "http://down-api/"]).stdout).toBe(
      "failed:000",
    );
  });

  it("reports an unknown variable on stderr even with -s", () => {
    const r = run(["-s", "-o", "/dev/null", "-w", "%{nope}x", "http://my-api/health"]);
    expect(r.stdout).toBe("x");
    expect(r.stderr).toBe("curl: unknown --write-out variable: 'nope'\n");
  });

  it("-o FILE is reported fine though nothing is kept; -O names the file after the URL", () => {
    expect(
      run(["-s", "-o", "out.txt", "-w", "%{filename_effective}", "http://my-api/health"]).stdout,
    ).toBe("out.txt");
    expect(run(["-s", "-O", "-w", "%{filename_effective}", "http://my-api/health"]).stdout).toBe(
      "health",
    );
    expect(run(["-O", "http://my-api/"])).toMatchObject({
      stderr: "curl: Remote file name has no length\n",
      exitCode: 23,
    });
  });

  it("pairs -o with the URLs in order", () => {
    const r = run(["-s", "-o", "/dev/null", "http://my-api/health", "http://my-api/x"]);
    expect(r.stdout).toBe("not found\n");
  });
});

describe("curl -f", () => {
  it("fails with exit 22 on a status >= 400, printing no body", () => {
    expect(run(["-f", "--no-progress-meter", "http://my-api/fail"])).toMatchObject({
      stdout: "",
      stderr: "curl: (22) The requested URL returned error: 503\n",
      exitCode: 22,
    });
  });

  it("-s hides the message, -sS shows it", () => {
    expect(run(["-sf", "http://my-api/fail"])).toMatchObject({ stderr: "", exitCode: 22 });
    expect(run(["-sSf", "http://my-api/fail"]).stderr).toBe(
      "curl: (22) The requested URL returned error: 503\n",
    );
  });

  it("still writes the headers with -i, and traces the failure", () => {
    const r = run(["-sfiv", "http://my-api/fail"]);
    expect(r.stdout).toBe("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 12\r\n\r\n");
    expect(r.stderr).toContain(
      "< \r\n* The requested URL returned error: 503\n* Closing connection\n",
    );
  });

  it("passes a status below 400", () => {
    expect(run(["-sf", "http://my-api/health"])).toMatchObject({ stdout: "ok\n", exitCode: 0 });
  });

  it("--fail-with-body prints the body, then fails", () => {
    expect(run(["-s", "--fail-with-body", "http://my-api/fail"])).toMatchObject({
      stdout: "unavailable\n",
      stderr: "",
      exitCode: 22,
    });
    expect(run(["-f", "--fail-with-body", "http://my-api/fail"])).toMatchObject({
      stderr:
        "curl: You must select either --fail or --fail-with-body, not both.\n" +
        "curl: option --fail-with-body: is badly used here\n" +
        "curl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
  });
});

describe("curl errors", () => {
  it("unknown host: exit 6", () => {
    expect(run(["http://nosuch/"])).toMatchObject({
      stdout: "",
      stderr: meterHeader + zeroLine + zeroLine + "\ncurl: (6) Could not resolve host: nosuch\n",
      exitCode: 6,
    });
  });

  it("refused: exit 7, with the connect failure traced", () => {
    expect(run(["-sS", "http://down-api/"]).stderr).toBe(
      "curl: (7) Failed to connect to down-api port 80 after 1 ms: Couldn't connect to server\n",
    );
    const v = run(["-sv", "http://down-api/"]);
    expect(v.exitCode).toBe(7);
    expect(v.stderr).toMatch(
      /^\* Host down-api:80 was resolved\.\n\* IPv6: \(none\)\n\* IPv4: 10\.96\.0\.13\n\* {3}Trying 10\.96\.0\.13:80\.\.\.\n\* connect to 10\.96\.0\.13 port 80 from 10\.244\.2\.7 port \d+ failed: Connection refused\n\* Failed to connect to down-api port 80 after 1 ms: Couldn't connect to server\n\* Closing connection\n$/,
    );
  });

  it("-m while connecting: `Connection timed out`, exit 28; the timeout reaches the client", () => {
    const r = run(["-sS", "-m", "2", "http://black-api/"]);
    expect(r).toMatchObject({
      stderr: "curl: (28) Connection timed out after 2001 milliseconds\n",
      exitCode: 28,
    });
    expect(r.requests[0]?.timeout).toBe(2000);
  });

  it("--connect-timeout: `Failed to connect ... Timeout was reached`", () => {
    const r = run(["-sSv", "--connect-timeout", "1.5", "http://black-api/"]);
    expect(r.exitCode).toBe(28);
    expect(r.requests[0]?.timeout).toBeUndefined();
    expect(r.stderr).toContain(
      "* ipv4 connect timeout after 1500ms, move on!\n" +
        "* Failed to connect to black-api port 80 after 1501 ms: Timeout was reached\n" +
        "* Closing connection\n" +
        "curl: (28) Failed to connect to black-api port 80 after 1501 ms: Timeout was reached\n",
    );
    // The shorter limit wins; at equal limits -m does.
    expect(run(["-sS", "-m", "5", "--connect-timeout", "2", "http://black-api/"]).stderr).toContain(
      "after 2001 ms: Timeout was reached",
    );
    expect(run(["-sS", "-m", "2", "--connect-timeout", "2", "http://black-api/"]).stderr).toContain(
      "Connection timed out after 2001 milliseconds",
    );
  });

  it("no limit: the kernel gives up on the SYN after 127 s", () => {
    expect(run(["-sSv", "http://black-api/"]).stderr).toMatch(
      /failed: Connection timed out\n\* Failed to connect to black-api port 80 after 127000 ms: Couldn't connect to server\n\* Closing connection\ncurl: \(28\) Failed to connect to black-api port 80 after 127000 ms: Couldn't connect to server\n$/,
    );
    expect(run(["-sS", "-m", "300", "http://black-api/"]).stderr).toContain("after 127000 ms");
  });

  it("-m while waiting for the answer: `Operation timed out ... with 0 bytes received`", () => {
    const r = run(["-sSv", "--max-time", "2.5", "http://slow-api/"]);
    expect(r.requests[0]?.timeout).toBe(2500);
    expect(r.stderr).toContain(
      "> \r\n* Operation timed out after 2501 milliseconds with 0 bytes received\n* Closing connection\n" +
        "curl: (28) Operation timed out after 2501 milliseconds with 0 bytes received\n",
    );
    expect(r.exitCode).toBe(28);
  });

  it("the meter ticks each second while waiting", () => {
    const r = run(["-m", "2", "http://slow-api/"]);
    expect(r.stderr).toBe(
      meterHeader +
        zeroLine +
        "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0" +
        "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0\n" +
        "curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n",
    );
  });

  it("a slow answer within -m arrives", () => {
    expect(run(["-s", "-m", "10", "http://slow-api/"])).toMatchObject({
      stdout: "late\n",
      exitCode: 0,
    });
  });

  it("-m 0 means no limit", () => {
    expect(run(["-s", "-m", "0", "http://my-api/health"]).requests[0]?.timeout).toBeUndefined();
  });

  it("bad URLs: exit 3; other schemes: exit 1", () => {
    expect(run(["-sS", "http://my-api:99999/"]).stderr).toBe(
      "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n",
    );
    expect(run(["-sS", "http:///x"]).stderr).toBe(
      "curl: (3) URL rejected: No host part in the URL\n",
    );
    expect(run(["-sS", "http://a b/"]).stderr).toBe(
      "curl: (3) URL rejected: Malformed input to a URL function\n",
    );
    expect(run(["-sS", "gopher://my-api/"])).toMatchObject({
      stderr: 'curl: (1) Protocol "gopher" not supported or disabled in libcurl\n',
      exitCode: 1,
    });
  });

  it("exits with the last transfer's code; --fail-early stops at the first failure", () => {
    expect(run(["-s", "http://nosuch/", "http://my-api/health"])).toMatchObject({
      stdout: "ok\n",
      exitCode: 0,
    });
    expect(run(["-s", "http://my-api/health", "http://nosuch/"]).exitCode).toBe(6);
    const early = run(["-s", "--fail-early", "http://nosuch/", "http://my-api/health"]);
    expect(early).toMatchObject({ stdout: "", exitCode: 6 });
    expect(early.requests).toHaveLength(1);
  });
});

describe("curl -L", () => {
  const redirecting = () =>
    fakeClient({
      "my-api": {
        ip: "10.96.0.12",
        ports: {
          80: (_req, path) =>
            path === "/old"
              ? {
                  kind: "answer",
                  status: 301,
                  headers: { Location: "/new", "Content-Length": "5" },
                  body: "moved",
                }
              : path === "/loop"
                ? { kind: "answer", status: 302, headers: { Location: "/loop" } }
                : { kind: "answer", body: "new\n" },
        },
      },
    });

  it("without -L prints the redirect as it is", () => {
    expect(run(["-s", "http://my-api/old"], redirecting()).stdout).toBe("moved");
    expect(
      run(["-s", "-w", "%{redirect_url}", "-o", "/dev/null", "http://my-api/old"], redirecting())
        .stdout,
    ).toBe("http://my-api/new");
  });

  it("-L follows it on the same connection, ignoring the redirect's body", () => {
    const r = run(
      ["-sLv", "-w", "%{num_redirects} %{url_effective}", "http://my-api/old"],
      redirecting(),
    );
    expect(r.stdout).toBe("new\n1 http://my-api/new");
    expect(r.requests.map((q) => q.url)).toEqual(["http://my-api/old", "http://my-api/new"]);
    expect(r.stderr).toContain(
      "* Ignoring the response-body\n{ [5 bytes data]\n* Connection #0 to host my-api left intact\n" +
        "* Issue another request to this URL: 'http://my-api/new'\n* Found bundle",
    );
  });

  it("stops after --max-redirs", () => {
    expect(run(["-sSL", "--max-redirs", "3", "http://my-api/loop"], redirecting())).toMatchObject({
      stderr: "curl: (47) Maximum (3) redirects followed\n",
      exitCode: 47,
    });
  });

  it("switches a POST to GET after a 301", () => {
    const r = run(["-sLv", "-d", "x=1", "http://my-api/old"], redirecting());
    expect(r.requests.map((q) => q.method)).toEqual(["POST", "GET"]);
    expect(r.stderr).toContain("* Switch from POST to GET\n");
  });
});

describe("curl options", () => {
  it("-k and https: answered (TLS is not simulated)", () => {
    const c = fakeClient({
      "api.example.com": { ip: "172.18.0.2", ports: { 443: { kind: "answer", body: "tls" } } },
    });
    expect(run(["-sk", "https://api.example.com/"], c)).toMatchObject({
      stdout: "tls",
      exitCode: 0,
    });
    expect(c.requests[0]?.url).toBe("https://api.example.com/");
  });

  it("--resolve connects to the given address with the name in Host", () => {
    const c = fakeClient({
      ingress: { ip: "172.18.0.2", ports: { 80: { kind: "answer", body: "routed" } } },
    });
    const r = run(
      ["-sv", "--resolve", "api.example.com:80:172.18.0.2", "http://api.example.com/api"],
      c,
    );
    expect(r.stdout).toBe("routed");
    expect(c.requests[0]).toMatchObject({
      url: "http://172.18.0.2/api",
      headers: { Host: "api.example.com" },
    });
    expect(r.stderr).toMatch(
      /^\* Added api\.example\.com:80:172\.18\.0\.2 to DNS cache\n\* Hostname api\.example\.com was found in DNS cache\n\* {3}Trying 172\.18\.0\.2:80\.\.\.\n/,
    );
  });

  it("a --resolve entry that does not parse fails the transfer with 49", () => {
    expect(
      run(["-sSv", "--resolve", "a:80:10.0.0.1", "--resolve", "junk", "http://my-api/health"]),
    ).toMatchObject({
      stderr:
        "* Added a:80:10.0.0.1 to DNS cache\n* Couldn't parse CURLOPT_RESOLVE entry 'junk'\n" +
        "curl: (49) Couldn't parse CURLOPT_RESOLVE entry 'junk'\n",
      exitCode: 49,
      requests: [],
    });
  });

  it("-- ends the options", () => {
    const r = run(["-s", "--", "-weird"]);
    expect(r.requests[0]?.url).toBe("http://-weird/");
    expect(r.exitCode).toBe(6);
  });

  it("accepts unambiguous prefixes and --no- for booleans", () => {
    expect(run(["--sil", "http://my-api/health"]).stderr).toBe("");
    expect(run(["-s", "--no-silent", "--no-progress-meter", "http://nosuch/"]).stderr).toBe(
      "curl: (6) Could not resolve host: nosuch\n",
    );
    expect(run(["-s", "--verbose", "--no-verbose", "http://my-api/health"]).stderr).toBe("");
    expect(run(["-s", "--url", "http://my-api/health"]).stdout).toBe("ok\n");
  });

  it("-L, -k, -N, -4 and --http1.1 are accepted", () => {
    expect(run(["-sLkN4", "--http1.1", "http://my-api/health"])).toMatchObject({
      stdout: "ok\n",
      exitCode: 0,
    });
  });

  it("unknown option: exit 2 with curl's two lines", () => {
    expect(run(["--foo", "http://my-api/"])).toEqual({
      stdout: "",
      stderr:
        "curl: option --foo: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
      requests: [],
    });
    expect(run(["-sWz", "x"]).stderr).toBe(
      "curl: option -sWz: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    );
  });

  it("ambiguous, missing parameter, bad numbers, --no- on a non-boolean", () => {
    const first = (args: string[]) => run(args).stderr.split("\n")[0];
    expect(first(["--ma", "x"])).toBe("curl: option --ma: is ambiguous");
    expect(first(["http://x", "-H"])).toBe("curl: option -H: requires parameter");
    expect(first(["-m", "soon", "x"])).toBe(
      "curl: option -m: expected a proper numerical parameter",
    );
    expect(first(["-m", "-1", "x"])).toBe(
      "curl: option -m: expected a positive numerical parameter",
    );
    expect(first(["--no-header", "x"])).toBe(
      "curl: option --no-header: used '--no-' for option that isn't a boolean",
    );
    expect(run(["-m", "soon", "x"]).exitCode).toBe(2);
  });

  it("options curl has but the simulation does not model are refused, not ignored", () => {
    expect(run(["--proxy", "http://p:3128", "http://my-api/"])).toMatchObject({
      stderr:
        "curl: option --proxy: is not available in kubesim's curl\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
  });

  it("no URL: exit 2; no arguments at all: just the try line", () => {
    expect(run(["-s"])).toMatchObject({
      stderr:
        "curl: (2) no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
    expect(run([])).toMatchObject({
      stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
  });

  it("--help and --version", () => {
    const help = run(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain(
      "Usage: curl [options...] <url>\n -d, --data <data>          HTTP POST data\n",
    );
    expect(help.stdout).toContain(" -u, --user <user:password> Server user and password\n");
    expect(run(["-V"]).stdout.startsWith("curl 8.5.0 ")).toBe(true);
  });

  it("from outside the cluster the local address is the laptop's", () => {
    const r = run(["-sv", "-w", "%{local_ip}", "http://down-api/"], cluster(), {
      kind: "external",
      clientIP: "192.168.1.7",
    });
    expect(r.stderr).toContain("from 192.168.1.7 port");
    const ok = run(
      ["-s", "-o", "/dev/null", "-w", "%{local_ip}", "http://my-api/health"],
      cluster(),
      {
        kind: "external",
      },
    );
    expect(ok.stdout).toBe("172.18.0.1");
  });
});
