-- AlterTable
ALTER TABLE "PollQuestion" ADD COLUMN     "askedLanguage" TEXT,
ADD COLUMN     "wordingExact" BOOLEAN,
ADD COLUMN     "wordingLanguage" TEXT;

-- CreateTable
CREATE TABLE "WordingText" (
    "id" SERIAL NOT NULL,
    "pollQuestionId" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceUrl" TEXT,
    "sourceNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WordingText_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" SERIAL NOT NULL,
    "questionId" INTEGER NOT NULL,
    "wordingKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "sourceUrl" TEXT,
    "sourceName" TEXT,
    "notes" TEXT,
    "externalKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutcomeResult" (
    "id" SERIAL NOT NULL,
    "outcomeId" INTEGER NOT NULL,
    "optionId" INTEGER NOT NULL,
    "percent" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "OutcomeResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Release" (
    "id" SERIAL NOT NULL,
    "version" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "notes" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" INTEGER,
    "pollsJson" TEXT NOT NULL,
    "pollsCsv" TEXT NOT NULL,
    "pollsSha256" TEXT NOT NULL,
    "pollsRows" INTEGER NOT NULL,
    "indicatorsJson" TEXT NOT NULL,
    "indicatorsCsv" TEXT NOT NULL,
    "indicatorsSha256" TEXT NOT NULL,
    "indicatorsRows" INTEGER NOT NULL,
    "pollFingerprints" TEXT NOT NULL,
    "changelog" TEXT NOT NULL,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WordingText_pollQuestionId_language_role_key" ON "WordingText"("pollQuestionId", "language", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_externalKey_key" ON "Outcome"("externalKey");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_questionId_wordingKey_key" ON "Outcome"("questionId", "wordingKey");

-- CreateIndex
CREATE UNIQUE INDEX "OutcomeResult_outcomeId_optionId_key" ON "OutcomeResult"("outcomeId", "optionId");

-- CreateIndex
CREATE UNIQUE INDEX "Release_version_key" ON "Release"("version");

-- AddForeignKey
ALTER TABLE "WordingText" ADD CONSTRAINT "WordingText_pollQuestionId_fkey" FOREIGN KEY ("pollQuestionId") REFERENCES "PollQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutcomeResult" ADD CONSTRAINT "OutcomeResult_outcomeId_fkey" FOREIGN KEY ("outcomeId") REFERENCES "Outcome"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutcomeResult" ADD CONSTRAINT "OutcomeResult_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "QuestionOption"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
