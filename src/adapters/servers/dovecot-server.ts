// A throw-away Dovecot (IMAP + STARTTLS + LMTP) on loopback with a self-contained config, for the demo, tests
// and benchmarks. Traps met on Debian 12 (see ../shared/reference/mail-servers): mail processes refuse uid 0,
// so as root the mail store belongs to nobody (65534); every parent directory must be traversable (0755).
import { spawn, execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { requireBinary } from "./binaries.js";
import { freePort, waitForPort } from "./free-port.js";

export interface DovecotUser {
  user: string;
  password: string;
}

export interface RunningDovecot {
  imapPort: number;
  lmtpPort: number;
  /** self-signed certificate for STARTTLS (pass as IMAP_TLS_CA) */
  caFile: string;
  dir: string;
  stop(): Promise<void>;
}

export const DEFAULT_USERS: DovecotUser[] = [
  { user: "support@example.test", password: "support-pass" },
  { user: "customer@example.test", password: "customer-pass" },
];

/** Starts Dovecot in `dir` (created, mode 0755). @throws naming the Debian package when dovecot is missing. */
export async function startDovecot(dir: string, users: DovecotUser[] = DEFAULT_USERS): Promise<RunningDovecot> {
  const bin = requireBinary("dovecot");
  const [imapPort, lmtpPort] = [await freePort(), await freePort()];
  for (const d of [dir, join(dir, "run"), join(dir, "state"), join(dir, "mail")]) {
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755);
  }
  const me = userInfo();
  const root = me.uid === 0;
  const uid = root ? 65534 : me.uid;
  const gid = root ? 65534 : me.gid;
  if (root) chownSync(join(dir, "mail"), uid, gid);
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  if (!existsSync(cert)) {
    execFileSync(requireBinary("openssl"), ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
    chmodSync(key, 0o644);
  }
  const usersFile = join(dir, "users");
  writeFileSync(usersFile, users.map((u) => `${u.user}:{PLAIN}${u.password}:${uid}:${gid}::${join(dir, "mail", u.user)}\n`).join(""), { mode: 0o644 });
  const unprivileged = root ? "" : `default_login_user = ${me.username}\ndefault_internal_user = ${me.username}\ndefault_internal_group = ${me.username}\n`;
  const conf = join(dir, "dovecot.conf");
  writeFileSync(conf, `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = casedesk-dovecot-${imapPort}
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <${cert}
ssl_key = <${key}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
${unprivileged}namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
  mailbox Sent {
    auto = subscribe
    special_use = \\Sent
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${usersFile}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${usersFile}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
protocol lmtp {
  auth_username_format = %u
}
`);
  const child = spawn(bin, ["-F", "-c", conf], { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await Promise.race([
    Promise.all([waitForPort(imapPort), waitForPort(lmtpPort)]),
    exited.then(() => {
      throw new Error(`dovecot exited at start; see ${dir}/dovecot.log`);
    }),
  ]);
  return {
    imapPort,
    lmtpPort,
    caFile: cert,
    dir,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
