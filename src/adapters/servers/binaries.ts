// Finds server binaries on PATH (and Debian's sbin dirs) and names the Debian package when one is missing.
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

const PACKAGES: Record<string, string> = {
  "redis-server": "redis-server",
  "redis-cli": "redis-tools",
  dovecot: "dovecot-imapd dovecot-lmtpd",
  initdb: "postgresql",
  openssl: "openssl",
};

/** Absolute path of `name`, or null. Also looks in /usr/sbin, /usr/lib/postgresql/<v>/bin. */
export function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const v of ["17", "16", "15", "14", "13"]) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  for (const d of dirs) {
    const p = join(d, name);
    if (d && existsSync(p)) return p;
  }
  return null;
}

/** Like findBinary, but throws a message naming the Debian package to install. */
export function requireBinary(name: string): string {
  const p = findBinary(name);
  if (!p) throw new Error(`${name} was not found on PATH: install it with \`apt-get install ${PACKAGES[name] ?? name}\` (Debian/Ubuntu)`);
  return p;
}
