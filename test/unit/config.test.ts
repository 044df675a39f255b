import { describe, expect, it } from "vitest";
import { fromAddress, loadConfig } from "../../src/config/config.js";

describe("configuration", () => {
  it("applies defaults and treats empty values as unset", () => {
    const c = loadConfig({ REDIS_URL: "", CASEDESK_CONCURRENCY: "" });
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(c.CASEDESK_CONCURRENCY).toBe(4);
    expect(c.IMAP_PROCESSED_MAILBOX).toBe("Processed");
  });
  it("keeps an empty Processed folder: leave mail in the mailbox", () => {
    expect(loadConfig({ IMAP_PROCESSED_MAILBOX: "" }).IMAP_PROCESSED_MAILBOX).toBe("");
  });
  it("rejects invalid settings with every problem named", () => {
    expect(() => loadConfig({ CASEDESK_CONCURRENCY: "zero", LOG_LEVEL: "loud" })).toThrow(/CASEDESK_CONCURRENCY[\s\S]*LOG_LEVEL/);
  });
  it("reads NAME_FILE secrets and is frozen", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const f = join(mkdtempSync(join(tmpdir(), "cfg-")), "pw");
    writeFileSync(f, "s3cret\n");
    const c = loadConfig({ IMAP_PASSWORD_FILE: f });
    expect(c.IMAP_PASSWORD).toBe("s3cret");
    expect(Object.isFrozen(c)).toBe(true);
  });
  it("takes the address out of SMTP_FROM", () => {
    expect(fromAddress(loadConfig({ SMTP_FROM: "Case Desk <Support@Example.TEST>" }))).toBe("support@example.test");
  });
});
