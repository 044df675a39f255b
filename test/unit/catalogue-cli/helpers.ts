// Shared by the catalogue CLI tests: output capture and running the real `casedesk` entry point.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

export const ROOT = join(import.meta.dirname, "../../..");
export const FIXTURES = join(ROOT, "test/fixtures/catalogue");
export const SHARED_DATA = join(ROOT, "..", "shared", "data");

/** Collects what a CLI function prints (stdout lines) and writes to its stderr stream. */
export function capture(): { lines: string[]; print: (l: string) => void; err: NodeJS.WritableStream; errText: () => string } {
  const lines: string[] = [];
  let errBuf = "";
  const err = { write: (s: string | Uint8Array) => ((errBuf += String(s)), true) } as unknown as NodeJS.WritableStream;
  return { lines, print: (l) => void lines.push(l), err, errText: () => errBuf };
}

/** Run `node bin/casedesk.mjs ARGS…`; resolves with exit code, stdout and stderr (never rejects on exit code). */
export async function casedesk(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [join(ROOT, "bin/casedesk.mjs"), ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : 1, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
}
