// The review queue's JSON API and form endpoints on the real pipeline (Dovecot, Redis, SMTP sink, SQLite or
// PostgreSQL): auth on every route, CSRF, claims, optimistic versions, approve → the edited reply in the
// sender's thread, reject, request-info, OpenAPI, metrics, admin-only bull-board, login rate limit.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { simpleParser } from "mailparser";
import { readSamples, startReviewHarness, type ReviewHarness } from "../support/review-harness.js";
import type { DbKind } from "../support/pipeline-harness.js";
import { serveDemo } from "../../src/adapters/http/demo-serve.js";

const bare = (id: string | undefined) => (id ?? "").replace(/^<|>$/g, "");

/** A browser over fetch: a cookie jar and the CSRF token of the last page seen. */
function browser(base: string) {
  const jar = new Map<string, string>();
  let csrf = "";
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    jar,
    get csrf() {
      return csrf;
    },
    async get(path: string) {
      const res = await fetch(`${base}${path}`, { headers: { cookie: cookie(), accept: "text/html" }, redirect: "manual" });
      keep(res);
      const body = await res.text();
      const m = /name="_csrf" value="([^"]+)"/.exec(body);
      if (m) csrf = m[1]!;
      return { status: res.status, body, location: res.headers.get("location") };
    },
    async post(path: string, fields: Record<string, string>, withToken = true) {
      const form = new URLSearchParams({ ...fields, ...(withToken ? { _csrf: csrf } : {}) });
      const res = await fetch(`${base}${path}`, {
        method: "POST", body: form, redirect: "manual",
        headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      });
      keep(res);
      return { status: res.status, body: await res.text(), location: res.headers.get("location") };
    },
  };
}

const kinds: DbKind[] = ["sqlite", "postgres"];

describe.each(kinds)("review queue API on %s", (kind) => {
  const skip = kind === "postgres" ? inject("postgresSkipReason") : null;
  let r: ReviewHarness;
  let mails: Awaited<ReturnType<typeof readSamples>>;
  const caseIds: number[] = [];

  beforeAll(async () => {
    if (skip) return;
    r = await startReviewHarness(kind);
    mails = await readSamples(["01", "02", "03", "11"]);
    await r.deliver(mails.map((m) => m.raw));
    const list = await r.api(r.users.alice.token, "GET", "/api/cases?status=review");
    for (const m of mails) {
      const msg = await r.h.core.db.message.findFirst({ where: { messageId: bare(m.parsed.messageId) } });
      caseIds.push(msg!.caseId!);
    }
    expect(list.json.cases).toHaveLength(4);
  });
  afterAll(async () => {
    await r?.stop();
  });

  it.skipIf(skip)("requires auth on every route but login, health and metrics", async () => {
    const publicRoutes = r.web.routes.filter((x) => x.public).map((x) => `${x.method} ${x.url}`).sort();
    expect(publicRoutes).toEqual(["GET /healthz", "GET /login", "GET /metrics", "GET /readyz", "POST /login"]);
    const privateRoutes = r.web.routes.filter((x) => !x.public);
    expect(privateRoutes.length).toBeGreaterThan(20);
    for (const route of privateRoutes) {
      const path = route.url.replace(/:[A-Za-z]+/g, String(caseIds[0])).replace(/\*$/, "x");
      const res = await fetch(`${r.web.url}${path}`, { method: route.method, redirect: "manual" });
      const label = `${route.method} ${route.url}`;
      if (path.startsWith("/api/") || path.startsWith("/admin/queues/api")) expect(res.status, label).toBe(401);
      else {
        expect([401, 303], label).toContain(res.status);
        if (res.status === 303) expect(res.headers.get("location"), label).toMatch(/^\/login\?next=/);
      }
    }
    expect((await r.api("cdk_not-a-real-token", "GET", "/api/cases")).status).toBe(401);
    expect((await fetch(`${r.web.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${r.web.url}/readyz`)).status).toBe(200);
  });

  it.skipIf(skip)("serves an OpenAPI document naming every API route", async () => {
    const doc = await r.api(r.users.alice.token, "GET", "/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe("3.1.0");
    for (const route of r.web.routes.filter((x) => x.url.startsWith("/api/") && x.url !== "/api/openapi.json")) {
      const p = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
      expect(doc.json.paths[p]?.[route.method.toLowerCase()], `${route.method} ${p}`).toBeDefined();
    }
  });

  it.skipIf(skip)("claims, refuses stale and foreign edits, and sends the approved edit in the sender's thread", async () => {
    const { alice, bob } = r.users;
    const id = caseIds[0]!;
    const claim = await r.api(alice.token, "POST", `/api/cases/${id}/claim`);
    expect(claim.status).toBe(200);
    expect(claim.json.claimedBy).toBe(alice.email);
    const taken = await r.api(bob.token, "POST", `/api/cases/${id}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ code: "CLAIMED_BY_OTHER", holder: alice.email });
    const listed = await r.api(bob.token, "GET", "/api/cases?status=claimed");
    expect(listed.json.cases.map((c: { id: number; claimedBy: string }) => [c.id, c.claimedBy])).toContainEqual([id, alice.email]);

    const c = await r.api(alice.token, "GET", `/api/cases/${id}`);
    expect(c.json.draft.version).toBe(1);
    expect(c.json.mentions.length).toBeGreaterThan(0);
    expect(c.json.findings).toBeInstanceOf(Array);
    const edited = `${c.json.draft.text.trimEnd()}\n\nConsultant note: check the operative report for laterality before billing 32664-50.\n`;
    const save = await r.api(alice.token, "PUT", `/api/cases/${id}/draft`, { text: edited, html: null, version: 1 });
    expect(save.json).toEqual({ version: 2, status: "review" });
    const stale = await r.api(alice.token, "PUT", `/api/cases/${id}/draft`, { text: "older tab", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("STALE_VERSION");
    expect(stale.json.error.message).toMatch(/not saved.*version 2/);
    const foreign = await r.api(bob.token, "PUT", `/api/cases/${id}/draft`, { text: "bob was here", version: 2 });
    expect(foreign.status).toBe(409);
    expect(foreign.json.error.code).toBe("NOT_CLAIMED");

    // alice lets go; bob takes over but still holds the version he read before alice's edit
    expect((await r.api(alice.token, "POST", `/api/cases/${id}/release`)).status).toBe(200);
    expect((await r.api(bob.token, "POST", `/api/cases/${id}/claim`)).status).toBe(200);
    const overwrite = await r.api(bob.token, "PUT", `/api/cases/${id}/draft`, { text: "bob's text from version 1", version: 1 });
    expect(overwrite.status).toBe(409);
    expect(overwrite.json.error).toMatchObject({ code: "STALE_VERSION", by: alice.email });
    expect((await r.api(bob.token, "GET", `/api/cases/${id}`)).json.draft.text).toBe(edited);

    const approve = await r.api(bob.token, "POST", `/api/cases/${id}/approve`, { version: 2 });
    expect(approve.status).toBe(202);
    const sink = await r.h.stack.sink.waitFor(1, 30_000);
    const sent = await simpleParser(sink[0]!.raw);
    expect(sent.text).toContain("Consultant note: check the operative report");
    expect(sent.html || "").toContain("Consultant note: check the operative report");
    expect(bare(sent.inReplyTo)).toBe(bare(mails[0]!.parsed.messageId));
    expect(sent.subject).toMatch(/^Re: \[CD-\d{4}-\d{6}\] /);

    const after = await r.api(bob.token, "GET", `/api/cases/${id}`);
    const approved = after.json.audit.find((a: { action: string }) => a.action === "draft.approved");
    expect(approved.actor).toBe(bob.email);
    expect(approved.detail.diffFromGenerated.lines).toContain("+ Consultant note: check the operative report for laterality before billing 32664-50.");
    expect(after.json.audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(["case.claimed", "draft.edited", "case.released", "draft.approved"]));
    for (let i = 0; i < 50 && (await r.api(bob.token, "GET", `/api/cases/${id}`)).json.status !== "sent"; i++) await new Promise((res) => setTimeout(res, 100));
    expect((await r.api(bob.token, "GET", "/api/cases?status=sent")).json.cases.map((x: { id: number }) => x.id)).toContain(id);
  });

  it.skipIf(skip)("rejects with a reason (parks the case) and sends a request for information", async () => {
    const { alice } = r.users;
    const [, rejectId, infoId] = caseIds as [number, number, number];
    await r.api(alice.token, "POST", `/api/cases/${rejectId}/claim`);
    expect((await r.api(alice.token, "POST", `/api/cases/${rejectId}/reject`, { version: 1, reason: " " })).status).toBe(400);
    const rej = await r.api(alice.token, "POST", `/api/cases/${rejectId}/reject`, { version: 1, reason: "Duplicate of an earlier case" });
    expect(rej.status).toBe(200);
    const parked = await r.api(alice.token, "GET", "/api/cases?status=parked");
    expect(parked.json.cases.find((x: { id: number }) => x.id === rejectId)?.parkReason).toMatch(/Duplicate of an earlier case/);

    const before = r.h.stack.sink.messages.length;
    await r.api(alice.token, "POST", `/api/cases/${infoId}/claim`);
    const info = await r.api(alice.token, "POST", `/api/cases/${infoId}/request-info`, { version: 1, note: "Which side was operated on, and on which date of service?" });
    expect(info.status).toBe(202);
    const sink = await r.h.stack.sink.waitFor(before + 1, 30_000);
    const sent = await simpleParser(sink[sink.length - 1]!.raw);
    expect(sent.text).toContain("Which side was operated on");
    expect(bare(sent.inReplyTo)).toBe(bare(mails[2]!.parsed.messageId));
  });

  it.skipIf(skip)("refuses a form POST without a CSRF token and accepts it with one", async () => {
    const b = browser(r.web.url);
    await b.get("/login");
    expect((await b.post("/login", { email: r.users.alice.email, password: r.users.alice.password }, false)).status).toBe(403);
    const login = await b.post("/login", { email: r.users.alice.email, password: r.users.alice.password, next: "/queue" });
    expect(login.status).toBe(303);
    expect(b.jar.has("casedesk_session")).toBe(true);
    const id = caseIds[3]!;
    const page = await b.get(`/cases/${id}`);
    expect(page.status).toBe(200);
    const noToken = await b.post(`/cases/${id}/claim`, {}, false);
    expect(noToken.status).toBe(403);
    const forged = await fetch(`${r.web.url}/cases/${id}/claim`, {
      method: "POST", redirect: "manual", body: new URLSearchParams({ _csrf: "forged-token" }),
      headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.status).toBe(403);
    expect((await r.api(r.users.alice.token, "GET", `/api/cases/${id}`)).json.claimedBy).toBeNull();
    const ok = await b.post(`/cases/${id}/claim`, {});
    expect(ok.status).toBe(303);
    expect((await r.api(r.users.alice.token, "GET", `/api/cases/${id}`)).json.claimedBy).toBe(r.users.alice.email);
    // the JSON API with the session cookie instead of a token also wants the CSRF token
    const viaCookie = await fetch(`${r.web.url}/api/cases/${id}/release`, { method: "POST", headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(viaCookie.status).toBe(403);
  });

  it.skipIf(skip)("exposes metrics and keeps bull-board for admins", async () => {
    const metrics = await (await fetch(`${r.web.url}/metrics`)).text();
    expect(metrics).toContain("casedesk_http_requests_total");
    expect(metrics).toMatch(/casedesk_queue_jobs\{queue="send",state="completed"\} \d+/);
    expect(metrics).toMatch(/casedesk_review_actions_total\{action="approve",outcome="ok"\} 1/);
    expect(metrics).not.toContain("@");
    const asConsultant = await fetch(`${r.web.url}/admin/queues/`, { headers: { authorization: `Bearer ${r.users.alice.token}` } });
    expect(asConsultant.status).toBe(403);
    const asAdmin = await fetch(`${r.web.url}/admin/queues/`, { headers: { authorization: `Bearer ${r.users.admin.token}` } });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.text()).toContain("<html");
    const queuesApi = await fetch(`${r.web.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${r.users.admin.token}` } });
    expect(queuesApi.status).toBe(200);
  });

  it.skipIf(skip)("serveDemo creates a demo consultant with a working login and token", async () => {
    const demo = await serveDemo(r.h.core, { host: "127.0.0.1", port: 0 });
    try {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const me = await fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${demo.token}` } });
      expect(await me.json()).toMatchObject({ email: demo.login });
      const b = browser(demo.url);
      await b.get("/login");
      expect((await b.post("/login", { email: demo.login, password: demo.password })).status).toBe(303);
    } finally {
      await demo.close();
    }
  });

  it.skipIf(skip)("rate-limits login attempts", async () => {
    const b = browser(r.web.url);
    await b.get("/login");
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await b.post("/login", { email: r.users.bob.email, password: "wrong password!" })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
  });
});
