-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "authDkim" TEXT,
ADD COLUMN     "authDmarc" TEXT,
ADD COLUMN     "authSpf" TEXT,
ADD COLUMN     "authenticated" BOOLEAN,
ADD COLUMN     "detailsAllowed" BOOLEAN,
ADD COLUMN     "senderPolicy" TEXT;

-- AlterTable
ALTER TABLE "RawMessage" ADD COLUMN     "purgedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Sender" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderNotice" (
    "address" TEXT NOT NULL,
    "lastNoticeAt" TIMESTAMP(3) NOT NULL,
    "lastMessageId" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SenderNotice_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sender_value_key" ON "Sender"("value");

-- CreateIndex
CREATE INDEX "Message_fromAddress_receivedAt_idx" ON "Message"("fromAddress", "receivedAt");

-- CreateIndex
CREATE INDEX "RawMessage_createdAt_idx" ON "RawMessage"("createdAt");
