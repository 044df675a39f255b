// The review UI in a real browser (playwright-core driving Debian's /usr/bin/chromium; no browser is ever
// downloaded) on the real pipeline: login → claim → edit → approve, and the edited reply reaches the SMTP sink
// in the sender's thread; a hostile HTML email runs no script; a second consultant cannot overwrite a newer
// edit. Screenshots go to var/screenshots (or E2E_SCREENSHOTS_DIR).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { simpleParser } from "mailparser";
import { hostileEmail, readSamples, startReviewHarness, type ReviewHarness, type TestUser } from "../support/review-harness.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = process.env.E2E_SCREENSHOTS_DIR ?? join(import.meta.dirname, "..", "..", "var", "screenshots");
const bare = (id: string | undefined) => (id ?? "").replace(/^<|>$/g, "");

describe("review UI in Chromium", () => {
  let r: ReviewHarness;
  let mails: Awaited<ReturnType<typeof readSamples>>;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  const hostileId = `hostile.${Date.now()}@hostile.example`;

  /** A fresh browser profile (own --user-data-dir) logged in as `user`. */
  async function loggedIn(user: TestUser): Promise<Page> {
    const dir = mkdtempSync(join(tmpdir(), "casedesk-chromium-"));
    profiles.push(dir);
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
    contexts.push(ctx);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`${r.web.url}/queue`);
    expect(new URL(page.url()).pathname).toBe("/login");
    if (user === r.users.alice) await page.screenshot({ path: join(SHOTS, "01-login.png") });
    await page.fill("input[name=email]", user.email);
    await page.fill("input[name=password]", user.password);
    await page.click("button[type=submit]");
    await page.waitForURL(/\/queue/);
    return page;
  }

  async function caseIdOf(messageId: string): Promise<number> {
    const m = await r.h.core.db.message.findFirst({ where: { messageId: bare(messageId) } });
    return m!.caseId!;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    r = await startReviewHarness("sqlite");
    mails = await readSamples(["01", "02", "05"]);
    await r.deliver([...mails.map((m) => m.raw), hostileEmail(hostileId)]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    for (const d of profiles) rmSync(d, { recursive: true, force: true });
    await r?.stop();
  });

  it("logs in, claims, edits, approves, and the edited reply arrives in the sender's thread", async () => {
    const page = await loggedIn(r.users.alice);
    await expect.poll(() => page.locator("[data-testid=case-row]").count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, "02-queue.png"), fullPage: true });

    const id = await caseIdOf(mails[0]!.parsed.messageId!);
    await page.click(`a[href="/cases/${id}"]`);
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    expect(await page.locator("mark").count()).toBeGreaterThan(0); // code mentions highlighted
    await expect.poll(() => page.locator("[data-testid=draft-text]").getAttribute("readonly")).not.toBeNull();
    await page.screenshot({ path: join(SHOTS, "03-case-unclaimed.png"), fullPage: true });

    await page.click("[data-testid=claim-button]");
    await expect.poll(() => page.locator("[data-testid=alert]").textContent()).toContain("You hold this case");
    expect(await page.locator("[data-testid=claim]").textContent()).toContain("You hold this case until");

    const box = page.locator("[data-testid=draft-text]");
    const generated = await box.inputValue();
    const edited = `${generated.trimEnd()}\n\nConsultant note: the bilateral sympathectomy is reported once with modifier 50.\n`;
    await box.fill(edited);
    await expect.poll(() => page.locator("[data-testid=preview-text]").textContent()).toContain("Consultant note: the bilateral sympathectomy"); // client script ran under the CSP nonce
    await page.click("[data-testid=save-button]");
    await expect.poll(() => page.locator("[data-testid=alert]").textContent()).toContain("Draft saved");
    expect(await page.locator("[data-testid=draft-version]").textContent()).toBe("2");
    await page.screenshot({ path: join(SHOTS, "04-case-edited.png"), fullPage: true });
    // sandboxed frames are painted only inside the viewport: screenshot the HTML preview on its own
    await page.locator("#preview-html").scrollIntoViewIfNeeded();
    await page.locator("#preview-html").screenshot({ path: join(SHOTS, "04b-preview-html.png") });

    await box.fill(`${edited}Second look: no NCCI edit applies here.\n`);
    await page.click("[data-testid=approve-button]");
    await expect.poll(() => page.locator("[data-testid=alert]").textContent()).toContain("queued for sending");
    const sink = await r.h.stack.sink.waitFor(1, 30_000);
    const sent = await simpleParser(sink[0]!.raw);
    expect(sent.text).toContain("Consultant note: the bilateral sympathectomy is reported once with modifier 50.");
    expect(sent.text).toContain("Second look: no NCCI edit applies here.");
    expect(bare(sent.inReplyTo)).toBe(bare(mails[0]!.parsed.messageId));
    const refs = (Array.isArray(sent.references) ? sent.references : [sent.references ?? ""]).map(bare);
    expect(refs).toContain(bare(mails[0]!.parsed.messageId));
    expect(sent.subject).toMatch(/^Re: \[CD-\d{4}-\d{6}\] /);
    expect(sent.to && !Array.isArray(sent.to) ? sent.to.value[0]!.address : "").toBe(mails[0]!.parsed.from!.value[0]!.address!.toLowerCase());

    await expect.poll(async () => { await page.reload(); return page.locator("[data-testid=case-status]").textContent(); }, { timeout: 15_000 }).toBe("sent");
    expect(await page.locator("[data-testid=audit]").textContent()).toContain("draft.approved");
    await page.screenshot({ path: join(SHOTS, "05-case-sent.png"), fullPage: true });
  });

  it("runs no script from a hostile HTML email", async () => {
    const page = await loggedIn(r.users.bob);
    const id = await caseIdOf(hostileId);
    const row = page.locator(`[data-testid=case-row]:has(a[href="/cases/${id}"])`);
    expect(await row.textContent()).toContain("<script>alert('subject')</script>"); // shown as text
    await page.goto(`${r.web.url}/cases/${id}`);
    const frame = page.locator("[data-testid=email-frame]");
    expect(await frame.getAttribute("sandbox")).toBe("");
    await page.waitForTimeout(1000);
    const inner = page.frames().find((f) => f !== page.mainFrame() && f.url() === "about:srcdoc");
    expect(inner).toBeDefined();
    const html = await inner!.content();
    expect(html).toContain("Is 32664 billable twice");
    expect(html).toContain("<b>bold</b>");
    for (const bad of ["<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<form", "tracker.example"]) expect(html.toLowerCase()).not.toContain(bad);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.title()).not.toBe("PWNED");
    expect(await page.locator("[data-testid=message-text]").first().textContent()).toContain("<script>alert('text')</script>");
    await page.screenshot({ path: join(SHOTS, "06-hostile-case.png"), fullPage: true });
    await frame.screenshot({ path: join(SHOTS, "06b-hostile-email-frame.png") });
    expect(dialogs).toEqual([]);
  });

  it("keeps a second consultant from overwriting a newer edit", async () => {
    const id = await caseIdOf(mails[1]!.parsed.messageId!);
    const alice = await loggedIn(r.users.alice);
    const bob = await loggedIn(r.users.bob);
    await alice.goto(`${r.web.url}/cases/${id}`);
    await alice.click("[data-testid=claim-button]");
    await expect.poll(() => alice.locator("[data-testid=alert]").textContent()).toContain("You hold this case");
    // bob sees the claim and gets no editor
    await bob.goto(`${r.web.url}/cases/${id}`);
    expect(await bob.locator("[data-testid=claim]").textContent()).toContain(`Claimed by ${r.users.alice.email}`);
    expect(await bob.locator("[data-testid=save-button]").count()).toBe(0);

    // alice hands the case to bob while her editor (version 1) is still open; bob edits and saves
    const aliceTab2 = await alice.context().newPage();
    await aliceTab2.goto(`${r.web.url}/cases/${id}`);
    await aliceTab2.fill("input[name=to]", r.users.bob.email);
    await aliceTab2.click("form[action$='/reassign'] button");
    await expect.poll(() => aliceTab2.locator("[data-testid=alert]").textContent()).toContain("reassigned");
    await bob.reload();
    await bob.locator("[data-testid=draft-text]").fill("Bob's newer answer.\n");
    await bob.click("[data-testid=save-button]");
    await expect.poll(() => bob.locator("[data-testid=draft-version]").textContent()).toBe("2");

    // alice's stale editor: refused with a clear message, her text kept on the page, bob's text intact
    await alice.locator("[data-testid=draft-text]").fill("Alice's older answer.\n");
    await alice.click("[data-testid=save-button]");
    await expect.poll(() => alice.locator("[data-testid=alert]").textContent()).toContain("not saved");
    expect(await alice.locator("[data-testid=alert]").textContent()).toContain(`claimed by ${r.users.bob.email}`);
    expect(await alice.locator("[data-testid=unsaved-text]").textContent()).toContain("Alice's older answer.");
    await alice.screenshot({ path: join(SHOTS, "07-stale-edit-refused.png"), fullPage: true });
    const current = await r.api(r.users.bob.token, "GET", `/api/cases/${id}`);
    expect(current.json.draft).toMatchObject({ version: 2, text: "Bob's newer answer.\n" });

    // a second tab of bob's on version 1 is refused by the version check
    const bobTab2 = await bob.context().newPage();
    await bobTab2.goto(`${r.web.url}/cases/${id}`);
    await bob.locator("[data-testid=draft-text]").fill("Bob's third answer.\n");
    await bob.click("[data-testid=save-button]");
    await expect.poll(() => bob.locator("[data-testid=draft-version]").textContent()).toBe("3");
    await bobTab2.locator("[data-testid=draft-text]").fill("stale tab text\n");
    await bobTab2.click("[data-testid=save-button]");
    await expect.poll(() => bobTab2.locator("[data-testid=alert]").textContent()).toMatch(/not saved: the draft was changed by bob@consult\.test .*now version 3, you edited version 2/);
    await bobTab2.screenshot({ path: join(SHOTS, "08-stale-version-refused.png"), fullPage: true });
  });
});
