/**
 * curl's progress meter (lib/progress.c: progress_calc, progress_meter,
 * max5data, time2str, Curl_pgrsDone), which curl writes to stderr when it is
 * not silent and its output is not a terminal: as under `kubectl exec`
 * without -t. Two header lines, then `\r`-led lines at most once per second
 * of (virtual) time, a forced last line when the transfer ends and a
 * newline. The clock is the transfer's own: milliseconds since it started.
 */

/** CURR_TIME: speed samples kept for the "Current" column. */
const currTime = 6;

/** max5data: a number in at most 5 columns, scaled with k, M, G, T, P. */
export function max5data(bytes: number): string {
  const kb = 1024;
  const mb = kb * 1024;
  const gb = mb * 1024;
  const tb = gb * 1024;
  const pb = tb * 1024;
  const pad = (n: number, w: number) => String(n).padStart(w);
  if (bytes < 100000) return pad(bytes, 5);
  if (bytes < 10000 * kb) return `${pad(Math.trunc(bytes / kb), 4)}k`;
  if (bytes < 100 * mb)
    return `${pad(Math.trunc(bytes / mb), 2)}.${Math.trunc((bytes % mb) / (mb / 10))}M`;
  if (bytes < 10000 * mb) return `${pad(Math.trunc(bytes / mb), 4)}M`;
  if (bytes < 100 * gb)
    return `${pad(Math.trunc(bytes / gb), 2)}.${Math.trunc((bytes % gb) / (gb / 10))}G`;
  if (bytes < 10000 * gb) return `${pad(Math.trunc(bytes / gb), 4)}G`;
  if (bytes < 10000 * tb) return `${pad(Math.trunc(bytes / tb), 4)}T`;
  return `${pad(Math.trunc(bytes / pb), 4)}P`;
}

/** time2str: seconds as `HH:MM:SS` in 8 columns, `--:--:--` for none. */
export function time2str(seconds: number): string {
  if (seconds <= 0) return "--:--:--";
  const h = Math.trunc(seconds / 3600);
  if (h <= 99) {
    const m = Math.trunc((seconds - h * 3600) / 60);
    const s = seconds - h * 3600 - m * 60;
    return `${String(h).padStart(2)}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  }
  const d = Math.trunc(seconds / 86400);
  const hh = Math.trunc((seconds - d * 86400) / 3600);
  return d <= 999
    ? `${String(d).padStart(3)}d ${String(hh).padStart(2, "0")}h`
    : `${String(d).padStart(7)}d`;
}

/** Bytes per second (trspeed). */
function trspeed(size: number, us: number): number {
  if (us < 1) return size * 1000000;
  return Math.trunc((size * 1000000) / us);
}

const pct = (part: number, whole: number): number =>
  whole > 10000
    ? Math.trunc(part / Math.trunc(whole / 100))
    : whole > 0
      ? Math.trunc((part * 100) / whole)
      : 0;

export const progressHeader =
  "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
  "                                 Dload  Upload   Total   Spent    Left  Speed\n";

/** The meter of one transfer. */
export class CurlProgress {
  downloaded = 0;
  uploaded = 0;
  /** Expected sizes, once known (Content-Length; the request body's size). */
  sizeDl: number | undefined;
  sizeUl: number | undefined;
  private lastshow = 0;
  private readonly speeder: number[] = [];
  private readonly speederTime: number[] = [];
  private speederC = 0;
  private currentSpeed = 0;
  private dlspeed = 0;
  private ulspeed = 0;
  private timespent = 0;

  /** `state.headersOut` is shared by the transfers of one easy handle (redirects). */
  constructor(
    private readonly write: (text: string) => void,
    private readonly state: { headersOut: boolean } = { headersOut: false },
  ) {}

  /** Curl_pgrsUpdate at `t` ms into the transfer. */
  update(t: number): void {
    if (this.calc(t)) this.meter();
  }

  /** Curl_pgrsDone: a forced last update and the newline. */
  done(t: number): void {
    this.lastshow = 0;
    this.update(t);
    this.write("\n");
    this.speederC = 0;
  }

  /** Updates for each second boundary in [from, to): the meter ticking while curl waits. */
  tick(from: number, to: number): void {
    for (let s = Math.floor(from / 1000) + 1; s * 1000 < to; s++) this.update(s * 1000);
  }

  private calc(t: number): boolean {
    const now = 1 + Math.floor(t / 1000); // tv_sec of the virtual clock; never 0
    this.timespent = t * 1000;
    this.dlspeed = trspeed(this.downloaded, this.timespent);
    this.ulspeed = trspeed(this.uploaded, this.timespent);
    if (this.lastshow === now) return false;
    const nowindex = this.speederC % currTime;
    this.lastshow = now;
    this.speeder[nowindex] = this.downloaded + this.uploaded;
    this.speederTime[nowindex] = t;
    this.speederC++;
    const countindex = Math.min(this.speederC, currTime) - 1;
    if (countindex > 0) {
      const checkindex = this.speederC >= currTime ? this.speederC % currTime : 0;
      let span = t - (this.speederTime[checkindex] ?? 0);
      if (span === 0) span = 1;
      const amount = (this.speeder[nowindex] ?? 0) - (this.speeder[checkindex] ?? 0);
      this.currentSpeed =
        amount > 4294967 ? Math.trunc(amount / (span / 1000)) : Math.trunc((amount * 1000) / span);
    } else this.currentSpeed = this.ulspeed + this.dlspeed;
    return true;
  }

  private meter(): void {
    const timespent = Math.trunc(this.timespent / 1000000);
    if (!this.state.headersOut) {
      this.write(progressHeader);
      this.state.headersOut = true;
    }
    let ulestimate = 0;
    let dlestimate = 0;
    let ulpercen = 0;
    let dlpercen = 0;
    if (this.sizeUl !== undefined && this.ulspeed > 0) {
      ulestimate = Math.trunc(this.sizeUl / this.ulspeed);
      ulpercen = pct(this.uploaded, this.sizeUl);
    }
    if (this.sizeDl !== undefined && this.dlspeed > 0) {
      dlestimate = Math.trunc(this.sizeDl / this.dlspeed);
      dlpercen = pct(this.downloaded, this.sizeDl);
    }
    const estimate = Math.max(ulestimate, dlestimate);
    const timeLeft = time2str(estimate > 0 ? estimate - timespent : 0);
    const expected = (this.sizeUl ?? this.uploaded) + (this.sizeDl ?? this.downloaded);
    const transferred = this.downloaded + this.uploaded;
    const p3 = (n: number) => String(n).padStart(3);
    this.write(
      `\r${p3(pct(transferred, expected))} ${max5data(expected)}  ` +
        `${p3(dlpercen)} ${max5data(this.downloaded)}  ` +
        `${p3(ulpercen)} ${max5data(this.uploaded)}  ` +
        `${max5data(this.dlspeed)}  ${max5data(this.ulspeed)} ` +
        `${time2str(estimate)} ${time2str(timespent)} ${timeLeft} ${max5data(this.currentSpeed)}`,
    );
  }
}
