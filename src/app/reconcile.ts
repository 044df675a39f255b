// Reconciler: the database is the source of truth, the queue only a schedule. A periodic sweep finds work the
// database says is unfinished (inbound still `received`, accepted without a draft, drafts approved or
// `sending` past their lease) whose job is gone or dead — Redis restarted without persistence, a job
// exhausted its retries during an outage — and schedules it again under the same deterministic jobId.
// Every step downstream is idempotent, so a needless nudge costs one no-op job, never a second answer.

export type PipelineQueue = "intake" | "analyse" | "send";

/** BullMQ job states as seen by the reconciler; "missing" = no job with that id. */
export type JobState = "missing" | "waiting" | "active" | "delayed" | "prioritized" | "waiting-children" | "completed" | "failed";

export type Nudge = "add" | "retry" | "replace";

export interface Action {
  queue: PipelineQueue;
  id: number;
  nudge: Nudge;
}

/** What to do with a job that should exist for unfinished work: missing → add, failed → retry, completed → replace. */
function revive(queue: PipelineQueue, id: number, state: JobState): Action | null {
  if (state === "missing") return { queue, id, nudge: "add" };
  if (state === "failed") return { queue, id, nudge: "retry" };
  if (state === "completed") return { queue, id, nudge: "replace" };
  return null; // waiting, delayed (backoff), active (a stalled one is BullMQ's stalled checker's job)
}

/**
 * Decision for an unfinished inbound message. Pure.
 * - `received`: intake must run.
 * - `accepted` without a draft: the analyse job must run if intake queued one; when there is no analyse job
 *   at all, intake is run again and decides (automatic mail attached to a case is accepted without analysis,
 *   so the reconciler must never queue analyse for it by itself — that would answer an auto-reply).
 */
export function inboundAction(id: number, status: "received" | "accepted", intake: JobState, analyse: JobState): Action | null {
  if (status === "received") return revive("intake", id, intake);
  if (analyse !== "missing") return revive("analyse", id, analyse);
  if (intake === "completed") return null; // intake ran and chose not to analyse
  return revive("intake", id, intake);
}

/** Decision for a draft that is approved, or `sending` with an expired lease. Pure. */
export function draftAction(id: number, send: JobState): Action | null {
  return revive("send", id, send);
}

export interface ReconcileStore {
  /** inbound messages `received`, or `accepted` without a draft, created in [since, before), oldest first */
  unsettledInbound(before: Date, since: Date, limit: number): Promise<Array<{ id: number; status: "received" | "accepted" }>>;
  /** drafts `approved` updated before `approvedBefore`, or `sending` updated before `sendingBefore` */
  unsentDrafts(approvedBefore: Date, sendingBefore: Date, limit: number): Promise<number[]>;
  /** `sent` drafts with sentAt in [since, before) whose outbound Message row is missing (crash inside markSent) */
  sentWithoutRecord(before: Date, since: Date, limit: number): Promise<number[]>;
  /** completes the bookkeeping of a sent draft (CaseStore.markSent is idempotent) */
  markSent(draftId: number, sentAt: Date): Promise<void>;
}

export interface JobControl {
  state(queue: PipelineQueue, id: number): Promise<JobState>;
  apply(action: Action): Promise<void>;
}

export interface ReconcileDeps {
  store: ReconcileStore;
  jobs: JobControl;
  /** work younger than this is left alone (its job is most likely on its way), ms */
  graceMs: number;
  /** a `sending` draft older than this lost its sender (the send lease), ms */
  sendLeaseMs: number;
  /** inbound messages older than this are not looked at (completed jobs are kept a day), ms */
  lookbackMs: number;
  /** rows looked at per kind and sweep */
  limit?: number;
  now?: () => Date;
}

export interface SweepResult {
  looked: number;
  actions: Action[];
}

/** One sweep. Errors of single rows propagate (the caller logs and tries again next sweep). */
export async function reconcileOnce(deps: ReconcileDeps): Promise<SweepResult> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const limit = deps.limit ?? 1000;
  const before = new Date(now - deps.graceMs);
  const since = new Date(now - deps.lookbackMs);
  const actions: Action[] = [];
  const inbound = await deps.store.unsettledInbound(before, since, limit);
  for (const m of inbound) {
    const [intake, analyse] = await Promise.all([deps.jobs.state("intake", m.id), deps.jobs.state("analyse", m.id)]);
    const a = inboundAction(m.id, m.status, intake, analyse);
    if (a) actions.push(a);
  }
  const drafts = await deps.store.unsentDrafts(before, new Date(now - Math.max(deps.sendLeaseMs, deps.graceMs)), limit);
  for (const id of drafts) {
    const a = draftAction(id, await deps.jobs.state("send", id));
    if (a) actions.push(a);
  }
  for (const a of actions) await deps.jobs.apply(a);
  const unrecorded = await deps.store.sentWithoutRecord(before, since, limit);
  for (const id of unrecorded) await deps.store.markSent(id, new Date(now));
  return { looked: inbound.length + drafts.length + unrecorded.length, actions };
}

export interface Reconciler {
  start(): void;
  stop(): Promise<void>;
  /** one sweep now (tests) */
  sweep(): Promise<SweepResult>;
}

/**
 * Runs `reconcileOnce` every `intervalMs` (first sweep after one interval), one sweep at a time.
 * `onResult` / `onError` report to the caller's logger.
 */
export function createReconciler(
  deps: ReconcileDeps,
  intervalMs: number,
  report: { onResult?(r: SweepResult): void; onError?(err: Error): void } = {},
): Reconciler {
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<SweepResult> | null = null;
  const sweep = () => {
    current ??= reconcileOnce(deps).finally(() => {
      current = null;
    });
    return current;
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        sweep().then(
          (r) => report.onResult?.(r),
          (err: Error) => report.onError?.(err),
        );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await current?.catch(() => undefined);
    },
    sweep,
  };
}
