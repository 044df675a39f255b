// Accounts of the review queue: users with a role, password login, browser sessions and API tokens.
// Passwords are hashed by a PasswordHasher (argon2id in src/adapters/http/password-hasher.ts); session cookies
// and API tokens are random secrets of which only the SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "./review-ports.js";

export type Role = Actor["role"];
export const ROLES: readonly Role[] = ["consultant", "admin"];

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** false for a wrong password or a malformed hash; never throws for those */
  verify(hash: string, password: string): Promise<boolean>;
}

export interface UserRecord {
  id: number;
  email: string;
  role: string;
  passwordHash: string;
  disabled: boolean;
}

export interface AccountStore {
  createUser(input: { email: string; role: Role; passwordHash: string }): Promise<UserRecord>;
  /** replaces password and role of an existing user */
  updateUser(id: number, input: { role: Role; passwordHash: string }): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  listUsers(): Promise<Array<Pick<UserRecord, "id" | "email" | "role" | "disabled">>>;
  createSession(input: { id: string; userId: number; expiresAt: Date }): Promise<void>;
  /** the session's user when the session exists */
  findSession(id: string): Promise<{ user: UserRecord; expiresAt: Date } | null>;
  deleteSession(id: string): Promise<void>;
  createApiToken(input: { userId: number; tokenHash: string; prefix: string }): Promise<void>;
  findApiToken(tokenHash: string): Promise<{ user: UserRecord; revoked: boolean } | null>;
  touchApiToken(tokenHash: string, at: Date): Promise<void>;
}

/** Error with a stable code for account operations. */
export class AccountError extends Error {
  constructor(
    readonly code: "INVALID_EMAIL" | "INVALID_ROLE" | "WEAK_PASSWORD" | "NO_SUCH_USER",
    message: string,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

/** SHA-256 hex of a secret (session cookie value or API token). */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function toActor(u: UserRecord): Actor | null {
  if (u.disabled || (u.role !== "consultant" && u.role !== "admin")) return null;
  return { id: u.id, email: u.email, role: u.role };
}

export const MIN_PASSWORD_LENGTH = 10;

/**
 * Creates a user, or replaces password and role when the e-mail exists (`casedesk user add` run again).
 * @throws AccountError INVALID_EMAIL, INVALID_ROLE, WEAK_PASSWORD (shorter than MIN_PASSWORD_LENGTH)
 */
export async function addUser(store: AccountStore, hasher: PasswordHasher, input: { email: string; role: string; password: string }): Promise<{ user: Actor; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new AccountError("INVALID_EMAIL", "not an e-mail address");
  if (!ROLES.includes(input.role as Role)) throw new AccountError("INVALID_ROLE", `role must be one of ${ROLES.join(", ")}`);
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new AccountError("WEAK_PASSWORD", `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await hasher.hash(input.password);
  const have = await store.findUserByEmail(email);
  const u = have ? await store.updateUser(have.id, { role: input.role as Role, passwordHash }) : await store.createUser({ email, role: input.role as Role, passwordHash });
  return { user: toActor(u)!, created: !have };
}

// a valid argon2id hash of a random password: verifying against it costs the same as against a real user's
let dummyHash: Promise<string> | null = null;

/**
 * Checks an e-mail + password. Unknown users cost one hash verification too (no timing oracle).
 * @returns the actor, or null for any failure (unknown, disabled, wrong password)
 */
export async function verifyLogin(store: AccountStore, hasher: PasswordHasher, email: string, password: string): Promise<Actor | null> {
  const u = await store.findUserByEmail(email.trim().toLowerCase());
  if (!u) {
    dummyHash ??= hasher.hash(randomBytes(16).toString("hex"));
    await hasher.verify(await dummyHash, password);
    return null;
  }
  if (!(await hasher.verify(u.passwordHash, password))) return null;
  return toActor(u);
}

/** Starts a browser session for `ttlMs`. @returns the cookie value (shown to the browser only) and expiry. */
export async function startSession(store: AccountStore, userId: number, ttlMs: number, now = new Date()): Promise<{ cookie: string; expiresAt: Date }> {
  const cookie = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlMs);
  await store.createSession({ id: secretHash(cookie), userId, expiresAt });
  return { cookie, expiresAt };
}

/** The actor behind a session cookie, or null (unknown, expired, user disabled). */
export async function resolveSession(store: AccountStore, cookie: string, now = new Date()): Promise<Actor | null> {
  if (!cookie || cookie.length > 200) return null;
  const s = await store.findSession(secretHash(cookie));
  if (!s || s.expiresAt <= now) return null;
  return toActor(s.user);
}

/** Ends a session (logout). */
export async function endSession(store: AccountStore, cookie: string): Promise<void> {
  if (cookie) await store.deleteSession(secretHash(cookie));
}

/**
 * Creates an API token for a user: `cdk_` + 43 base64url characters (256 bits). Only its SHA-256 is stored.
 * @throws AccountError NO_SUCH_USER
 */
export async function createApiToken(store: AccountStore, email: string): Promise<string> {
  const u = await store.findUserByEmail(email.trim().toLowerCase());
  if (!u || !toActor(u)) throw new AccountError("NO_SUCH_USER", "no active user with that e-mail address");
  const token = `cdk_${randomBytes(32).toString("base64url")}`;
  await store.createApiToken({ userId: u.id, tokenHash: secretHash(token), prefix: token.slice(0, 8) });
  return token;
}

/** The actor behind a bearer token, or null (unknown, revoked, user disabled). */
export async function resolveApiToken(store: AccountStore, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith("cdk_") || token.length > 200) return null;
  const hash = secretHash(token);
  const t = await store.findApiToken(hash);
  if (!t || t.revoked) return null;
  await store.touchApiToken(hash, now);
  return toActor(t.user);
}
