import cliProgress from 'cli-progress';

// Progress of a long step on stderr (stdout keeps only the summary, so it can be piped): a cli-progress bar on a
// terminal, else a plain line every few seconds — a bar redrawn into a CI log or a file is noise. Rate and ETA
// are worked out here, so both forms say the same thing.

export interface MeterReading {
  value: number;
  total: number | undefined;
  /** Units per second since the meter started. */
  rate: number;
  /** Undefined until there is a rate and a total. */
  etaMs: number | undefined;
}

export interface MeterSpec {
  label: string;
  /** Undefined: the total is unknown, so no bar and no ETA. */
  total: number | undefined;
  describe(reading: MeterReading): string;
}

export interface Meter {
  update(value: number, total?: number): void;
  /** Final reading, then the bar is left on screen (or the last line printed). */
  stop(): void;
}

export interface ProgressOptions {
  /** `bar` on a terminal, `lines` otherwise. */
  mode: 'bar' | 'lines';
  stream?: NodeJS.WriteStream;
  /** Plain lines: at most one per interval. */
  intervalMs?: number;
}

export function progressMode(stream: NodeJS.WriteStream, enabled: boolean): ProgressOptions['mode'] {
  return enabled && stream.isTTY ? 'bar' : 'lines';
}

export function startMeter(spec: MeterSpec, options: ProgressOptions): Meter {
  return once(meterFor(spec, options));
}

function meterFor(spec: MeterSpec, options: ProgressOptions): Meter {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  let total = spec.total;
  let value = 0;
  const reading = (): MeterReading => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? value / seconds : 0;
    const etaMs = total !== undefined && rate > 0 ? Math.max(0, ((total - value) / rate) * 1000) : undefined;
    return { value, total, rate, etaMs };
  };

  if (options.mode === 'lines') {
    const interval = options.intervalMs ?? 3_000;
    let lastAt = 0;
    let printed: number | undefined;
    const print = () => {
      lastAt = Date.now();
      printed = value;
      stream.write(`${spec.label}: ${spec.describe(reading())}\n`);
    };
    return {
      update(v, t) {
        value = v;
        if (t !== undefined) total = t;
        if (lastAt === 0 || Date.now() - lastAt >= interval) print();
      },
      // The final reading, unless the last line printed already had it.
      stop: () => (printed === value ? undefined : print()),
    };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${spec.label.padEnd(10)} {bar} {percentage}% | {detail}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      formatValue: (v, _options, type) => (type === 'percentage' && total === undefined ? '--' : String(v)),
    },
    cliProgress.Presets.shades_classic,
  );
  // With no total the bar stays empty and the percentage reads "--".
  const barTotal = () => Math.max(1, total ?? 1);
  const barValue = () => (total === undefined ? 0 : Math.min(value, barTotal()));
  bar.start(barTotal(), 0, { detail: spec.describe(reading()) });
  return {
    update(v, t) {
      value = v;
      if (t !== undefined && t !== total) {
        total = t;
        bar.setTotal(barTotal());
      }
      bar.update(barValue(), { detail: spec.describe(reading()) });
    },
    stop() {
      bar.update(barValue(), { detail: spec.describe(reading()) });
      bar.stop();
    },
  };
}

/** Error paths and Ctrl-C may stop a meter that already stopped: only the first stop draws. */
function once(meter: Meter): Meter {
  let stopped = false;
  return {
    update: (value, total) => (stopped ? undefined : meter.update(value, total)),
    stop() {
      if (stopped) return;
      stopped = true;
      meter.stop();
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
