import { describe, expect, it } from "vitest";
import { CurlProgress, max5data, progressHeader, time2str } from "./curl-progress.js";
import {
  formatCurlUrl,
  parseCurlUrl,
  removeDotSegments,
  resolveLocation,
  type CurlUrl,
} from "./curl-url.js";
import { writeOut, type TransferInfo } from "./curl-writeout.js";

describe("curl progress meter (lib/progress.c)", () => {
  it("max5data scales into five columns", () => {
    expect(max5data(0)).toBe("    0");
    expect(max5data(99999)).toBe("99999");
    expect(max5data(100000)).toBe("  97k");
    expect(max5data(10 * 1024 * 1024)).toBe("10.0M");
    expect(max5data(1536 * 1024)).toBe("1536k");
    expect(max5data(150 * 1024 * 1024)).toBe(" 150M");
    expect(max5data(20 * 1024 ** 3)).toBe("20.0G");
  });

  it("time2str gives --:--:-- for nothing, H:MM:SS, then days", () => {
    expect(time2str(0)).toBe("--:--:--");
    expect(time2str(1)).toBe(" 0:00:01");
    expect(time2str(3725)).toBe(" 1:02:05");
    expect(time2str(100 * 3600)).toBe("  4d 04h");
  });

  it("prints the header once, a line per second, a forced last line and a newline", () => {
    let text = "";
    const p = new CurlProgress((t) => (text += t));
    p.update(0);
    p.update(400); // same second: nothing
    p.tick(0, 2500);
    p.downloaded = 2048;
    p.sizeDl = 2048;
    p.done(2500);
    expect(text).toBe(
      progressHeader +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0" +
        "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0" +
        "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0" +
        "\r100  2048  100  2048    0     0    819      0  0:00:02  0:00:02 --:--:--   819\n",
    );
  });

  it("shows 100% with an unknown size once the body is in", () => {
    let text = "";
    const p = new CurlProgress((t) => (text += t), { headersOut: true });
    p.update(0);
    p.downloaded = 17;
    p.done(2);
    expect(
      text.endsWith(
        "\r100    17    0    17    0     0   8500      0 --:--:-- --:--:-- --:--:--  8500\n",
      ),
    ).toBe(true);
  });
});

describe("curl URLs (lib/urlapi.c)", () => {
  const parse = (s: string) => {
    const r = parseCurlUrl(s);
    if (!r.ok) throw new Error(r.message);
    return r.url;
  };

  it("guesses http://, and other schemes from the host name", () => {
    expect(formatCurlUrl(parse("my-api/health"))).toBe("http://my-api/health");
    expect(parse("ftp.example.com").scheme).toBe("ftp");
    expect(formatCurlUrl(parse("HTTP://my-api"))).toBe("http://my-api/");
  });

  it("keeps an explicit port, normalised; `host:` with a scheme is the default port", () => {
    expect(formatCurlUrl(parse("http://my-api:0080/x"))).toBe("http://my-api:80/x");
    expect(parse("http://my-api:/x").port).toBe(80);
    expect(parseCurlUrl("my-api:/x")).toMatchObject({ ok: false, code: 3 });
    expect(parse("https://a").port).toBe(443);
  });

  it("removes dot segments unless asked not to; keeps query and fragment apart", () => {
    expect(removeDotSegments("/a/b/../c/./d")).toBe("/a/c/d");
    expect(removeDotSegments("/..")).toBe("/");
    expect(parse("http://h/a/../b?x=1#top")).toMatchObject({
      path: "/b",
      query: "x=1",
      fragment: "top",
    });
    const asIs = parseCurlUrl("http://h/a/../b", true);
    expect(asIs.ok && asIs.url.path).toBe("/a/../b");
  });

  it("refuses bad host names", () => {
    expect(parseCurlUrl("http://a{b}/")).toMatchObject({
      ok: false,
      message: "URL rejected: Bad hostname",
    });
  });

  it("resolves Location headers", () => {
    const base: CurlUrl = parse("http://h:8080/a/b?q");
    expect(resolveLocation(base, "/x")).toBe("http://h:8080/x");
    expect(resolveLocation(base, "c")).toBe("http://h:8080/a/c");
    expect(resolveLocation(base, "?z")).toBe("http://h:8080/a/b?z");
    expect(resolveLocation(base, "//other/y")).toBe("http://other/y");
    expect(resolveLocation(base, "https://s/")).toBe("https://s/");
  });
});

describe("curl --write-out (src/tool_writeout.c)", () => {
  const info: TransferInfo = {
    httpCode: 200,
    exitCode: 0,
    inputUrl: "my-api/x?y=1",
    parsedInput: { scheme: "http", host: "my-api", port: 80, path: "/x", query: "y=1" },
    effective: { scheme: "http", host: "my-api", port: 80, path: "/x", query: "y=1" },
    effectiveUrl: "http://my-api/x?y=1",
    method: "GET",
    remoteIp: "10.96.0.12",
    remotePort: 80,
    localIp: "10.244.2.7",
    localPort: 40000,
    timeNamelookup: 0,
    timeConnect: 0,
    timePretransfer: 0,
    timeStarttransfer: 1234.5,
    timeTotal: 1234.5,
    timeRedirect: 0,
    sizeDownload: 10,
    sizeUpload: 0,
    sizeHeader: 40,
    sizeRequest: 70,
    numConnects: 1,
    numRedirects: 0,
    headers: { "Content-Type": "text/plain" },
    urlnum: 0,
  };

  it("formats times in seconds with six decimals and codes with three digits", () => {
    expect(writeOut("%{time_total} %{http_code} %{response_code}", info).stdout).toBe(
      "1.234500 200 200",
    );
    expect(writeOut("%{http_code}", { ...info, httpCode: 0 }).stdout).toBe("000");
  });

  it("knows the URL parts, the scheme in capitals and the escapes", () => {
    expect(
      writeOut(
        "%{url.host}:%{url.port}%{url.path}?%{url.query}|%{url.fragment}|%{scheme}\\t\\r\\q",
        info,
      ).stdout,
    ).toBe("my-api:80/x?y=1||HTTP\t\r\\q");
  });

  it("passes unknown %-sequences and a lone %{ through", () => {
    expect(writeOut("%z %{http_code", info).stdout).toBe("%z %{http_code");
  });

  it("sizes, speeds, counts and addresses", () => {
    expect(
      writeOut(
        "%{size_download} %{size_header} %{size_request} %{speed_download} %{num_connects} %{num_headers} %{local_ip}:%{local_port} %{http_version}",
        info,
      ).stdout,
    ).toBe("10 40 70 8 1 1 10.244.2.7:40000 1.1");
  });
});
