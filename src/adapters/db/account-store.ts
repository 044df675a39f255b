// Prisma implementation of the AccountStore port: users, sessions (by SHA-256 of the cookie) and API tokens
// (by SHA-256 of the token).
import type { Db } from "./client.js";
import type { AccountStore, UserRecord } from "../../app/accounts.js";

const USER = { id: true, email: true, role: true, passwordHash: true, disabled: true } as const;

/** Creates the AccountStore over an open Prisma client. */
export function createAccountStore(db: Db): AccountStore {
  return {
    async createUser(input): Promise<UserRecord> {
      return db.user.create({ data: input, select: USER });
    },
    async updateUser(id, input) {
      return db.user.update({ where: { id }, data: { ...input, disabled: false }, select: USER });
    },
    async findUserByEmail(email) {
      return db.user.findUnique({ where: { email }, select: USER });
    },
    async listUsers() {
      return db.user.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true, role: true, disabled: true } });
    },
    async createSession(input) {
      await db.session.create({ data: input });
      // opportunistic clean-up of expired sessions
      await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    },
    async findSession(id) {
      const s = await db.session.findUnique({ where: { id }, select: { expiresAt: true, user: { select: USER } } });
      return s ? { user: s.user, expiresAt: s.expiresAt } : null;
    },
    async deleteSession(id) {
      await db.session.deleteMany({ where: { id } });
    },
    async createApiToken(input) {
      await db.apiToken.create({ data: input });
    },
    async findApiToken(tokenHash) {
      const t = await db.apiToken.findUnique({ where: { tokenHash }, select: { revokedAt: true, user: { select: USER } } });
      return t ? { user: t.user, revoked: t.revokedAt !== null } : null;
    },
    async touchApiToken(tokenHash, at) {
      await db.apiToken.updateMany({ where: { tokenHash }, data: { lastUsedAt: at } });
    },
  };
}
