// Prometheus metrics (prom-client) on a registry of our own: process defaults, HTTP requests by route
// pattern, review actions, and gauges read at scrape time (queue job counts, cases by status, overdue reviews).
import client from "prom-client";
import type { Queue } from "bullmq";
import type { Db } from "../db/client.js";

export interface WebMetrics {
  registry: client.Registry;
  httpRequests: client.Counter<"method" | "route" | "status">;
  httpDuration: client.Histogram<"method" | "route">;
  reviewActions: client.Counter<"action" | "outcome">;
}

/**
 * Creates the registry. `queues` and `db` are read on each scrape; `slaMs` decides what counts as overdue.
 * Labels never carry ids, addresses or subjects (route patterns only).
 */
export function createWebMetrics(opts: { db: Db; queues: Record<string, Queue>; slaMs: number }): WebMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "casedesk_web_" });
  const httpRequests = new client.Counter({ name: "casedesk_http_requests_total", help: "HTTP requests by route pattern and status", labelNames: ["method", "route", "status"], registers: [registry] });
  const httpDuration = new client.Histogram({
    name: "casedesk_http_request_duration_seconds", help: "HTTP request duration", labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const reviewActions = new client.Counter({ name: "casedesk_review_actions_total", help: "Review actions by outcome", labelNames: ["action", "outcome"], registers: [registry] });
  new client.Gauge({
    name: "casedesk_queue_jobs", help: "BullMQ jobs by queue and state", labelNames: ["queue", "state"], registers: [registry],
    async collect() {
      for (const [name, q] of Object.entries(opts.queues)) {
        const counts = await q.getJobCounts("waiting", "active", "delayed", "failed", "completed");
        for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
      }
    },
  });
  new client.Gauge({
    name: "casedesk_cases", help: "Cases by status", labelNames: ["status"], registers: [registry],
    async collect() {
      const rows = await opts.db.case.groupBy({ by: ["status"], _count: { _all: true } });
      for (const s of ["open", "review", "sending", "sent", "parked", "closed"]) this.set({ status: s }, rows.find((r) => r.status === s)?._count._all ?? 0);
    },
  });
  new client.Gauge({
    name: "casedesk_review_overdue", help: "Cases awaiting review longer than the SLA", registers: [registry],
    async collect() {
      this.set(await opts.db.case.count({ where: { status: "review", lastMessageAt: { lt: new Date(Date.now() - opts.slaMs) } } }));
    },
  });
  return { registry, httpRequests, httpDuration, reviewActions };
}
