// Progress for the long catalogue commands: a cli-progress bar when stderr is a terminal, plain lines
// otherwise (logs, CI, pipes), so that redirected output stays readable and stdout stays data only.
import cliProgress from "cli-progress";
import type { DownloadEvent } from "../adapters/catalogue/download.js";

type Out = NodeJS.WritableStream & { isTTY?: boolean };

/** Step-wise progress: `step` per importer message, `stop` once at the end. */
export interface StepProgress {
  step(message: string): void;
  stop(): void;
}

/**
 * Progress of `catalogue import`: a bar over `expectedSteps` (grown when the importer reports more) on a TTY,
 * else one indented line per step written to `out`.
 */
export function importProgress(expectedSteps: number, out: Out = process.stderr): StepProgress {
  if (!out.isTTY) return { step: (m) => void out.write(`  ${m}\n`), stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: out, format: "importing [{bar}] {value}/{total} {step}", hideCursor: true, barsize: 30, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let total = Math.max(1, expectedSteps);
  let done = 0;
  bar.start(total, 0, { step: "" });
  return {
    step(message) {
      done += 1;
      if (done > total) bar.setTotal((total = done));
      bar.update(done, { step: message.length > 60 ? `…${message.slice(-59)}` : message });
    },
    stop() {
      bar.setTotal(done);
      bar.update(done, { step: "done" });
      bar.stop();
    },
  };
}

const mb = (n: number): string => `${(n / 1_048_576).toFixed(1)} MB`;

/**
 * Progress of `catalogue download`: a byte bar per file on a TTY, else one line when each file starts and
 * ends. Returns the `onProgress` handler for downloadCatalogue.
 */
export function downloadProgress(out: Out = process.stderr): (e: DownloadEvent) => void {
  let bar: cliProgress.SingleBar | null = null;
  return (e) => {
    if (e.type === "start") {
      if (out.isTTY) {
        bar = new cliProgress.SingleBar(
          { stream: out, format: `${e.id} [{bar}] {percentage}% {got}`, hideCursor: true, barsize: 30 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total ?? 1, 0, { got: "0.0 MB" });
      } else out.write(`  fetching ${e.id} ${e.url}${e.total ? ` (${mb(e.total)})` : ""}\n`);
    } else if (e.type === "bytes") {
      if (bar) {
        if (e.total === null) bar.setTotal(Math.max(1, e.received));
        bar.update(e.received, { got: mb(e.received) });
      }
    } else {
      if (bar) bar.stop();
      bar = null;
      const extra = e.extracted.length ? `, unzipped ${e.extracted.length} file(s)` : "";
      out.write(`  ${e.skipped ? "kept" : "saved"} ${e.id} → ${e.file}${extra}\n`);
    }
  };
}
