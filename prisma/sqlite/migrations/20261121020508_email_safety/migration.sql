-- AlterTable
ALTER TABLE "Message" ADD COLUMN "authDkim" TEXT;
ALTER TABLE "Message" ADD COLUMN "authDmarc" TEXT;
ALTER TABLE "Message" ADD COLUMN "authSpf" TEXT;
ALTER TABLE "Message" ADD COLUMN "authenticated" BOOLEAN;
ALTER TABLE "Message" ADD COLUMN "detailsAllowed" BOOLEAN;
ALTER TABLE "Message" ADD COLUMN "senderPolicy" TEXT;

-- AlterTable
ALTER TABLE "RawMessage" ADD COLUMN "purgedAt" DATETIME;

-- CreateTable
CREATE TABLE "Sender" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SenderNotice" (
    "address" TEXT NOT NULL PRIMARY KEY,
    "lastNoticeAt" DATETIME NOT NULL,
    "lastMessageId" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Sender_value_key" ON "Sender"("value");

-- CreateIndex
CREATE INDEX "Message_fromAddress_receivedAt_idx" ON "Message"("fromAddress", "receivedAt");

-- CreateIndex
CREATE INDEX "RawMessage_createdAt_idx" ON "RawMessage"("createdAt");
