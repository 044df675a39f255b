-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'review', 'sending', 'sent', 'parked', 'closed');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('in', 'out');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('received', 'accepted', 'duplicate', 'parked');

-- CreateEnum
CREATE TYPE "DraftStatus" AS ENUM ('review', 'approved', 'sending', 'sent', 'rejected', 'failed');

-- CreateTable
CREATE TABLE "MailboxCheckpoint" (
    "id" SERIAL NOT NULL,
    "mailbox" TEXT NOT NULL,
    "uidValidity" BIGINT NOT NULL,
    "lastUid" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailboxCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RawMessage" (
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RawMessage_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" SERIAL NOT NULL,
    "reference" TEXT,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "requester" TEXT NOT NULL,
    "requesterName" TEXT,
    "subject" TEXT NOT NULL,
    "parkReason" TEXT,
    "dateOfService" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastMessageAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER,
    "direction" "Direction" NOT NULL,
    "status" "MessageStatus" NOT NULL DEFAULT 'received',
    "parkReason" TEXT,
    "mailbox" TEXT,
    "uidValidity" BIGINT,
    "uid" BIGINT,
    "messageId" TEXT,
    "inReplyTo" TEXT,
    "references" TEXT,
    "fromAddress" TEXT,
    "fromName" TEXT,
    "toAddress" TEXT,
    "subject" TEXT,
    "rawSha256" TEXT,
    "newText" TEXT,
    "quotedText" TEXT,
    "html" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CodeMention" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "messageId" INTEGER NOT NULL,
    "system" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "modifiers" TEXT NOT NULL,
    "units" INTEGER,
    "location" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT,

    CONSTRAINT "CodeMention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "messageId" INTEGER,
    "code" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "release" TEXT,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplyDraft" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "inboundMessageId" INTEGER NOT NULL,
    "status" "DraftStatus" NOT NULL,
    "route" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "generatedText" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "outboundMessageId" TEXT NOT NULL,
    "inReplyTo" TEXT,
    "references" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplyDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailboxCheckpoint_mailbox_key" ON "MailboxCheckpoint"("mailbox");

-- CreateIndex
CREATE UNIQUE INDEX "Case_reference_key" ON "Case"("reference");

-- CreateIndex
CREATE INDEX "Case_status_idx" ON "Case"("status");

-- CreateIndex
CREATE INDEX "Case_requester_idx" ON "Case"("requester");

-- CreateIndex
CREATE INDEX "Message_messageId_idx" ON "Message"("messageId");

-- CreateIndex
CREATE INDEX "Message_caseId_idx" ON "Message"("caseId");

-- CreateIndex
CREATE INDEX "Message_rawSha256_idx" ON "Message"("rawSha256");

-- CreateIndex
CREATE UNIQUE INDEX "Message_mailbox_uidValidity_uid_key" ON "Message"("mailbox", "uidValidity", "uid");

-- CreateIndex
CREATE INDEX "CodeMention_caseId_idx" ON "CodeMention"("caseId");

-- CreateIndex
CREATE INDEX "CodeMention_code_idx" ON "CodeMention"("code");

-- CreateIndex
CREATE INDEX "Finding_caseId_idx" ON "Finding"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyDraft_inboundMessageId_key" ON "ReplyDraft"("inboundMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyDraft_outboundMessageId_key" ON "ReplyDraft"("outboundMessageId");

-- CreateIndex
CREATE INDEX "ReplyDraft_status_idx" ON "ReplyDraft"("status");

-- CreateIndex
CREATE INDEX "AuditEvent_caseId_idx" ON "AuditEvent"("caseId");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_rawSha256_fkey" FOREIGN KEY ("rawSha256") REFERENCES "RawMessage"("sha256") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CodeMention" ADD CONSTRAINT "CodeMention_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CodeMention" ADD CONSTRAINT "CodeMention_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyDraft" ADD CONSTRAINT "ReplyDraft_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyDraft" ADD CONSTRAINT "ReplyDraft_inboundMessageId_fkey" FOREIGN KEY ("inboundMessageId") REFERENCES "Message"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
