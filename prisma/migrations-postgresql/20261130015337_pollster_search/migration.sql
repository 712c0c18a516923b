-- CreateTable
CREATE TABLE "PollsterSearch" (
    "pollsterId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "PollsterSearch_pkey" PRIMARY KEY ("pollsterId")
);

-- AddForeignKey
ALTER TABLE "PollsterSearch" ADD CONSTRAINT "PollsterSearch_pollsterId_fkey" FOREIGN KEY ("pollsterId") REFERENCES "Pollster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The search fold now also drops Latin, Greek and Cyrillic diacritics ("hoyre" finds "Høyre"):
-- every question's folded text is rebuilt by the start-up / db:deploy backfill, which refills
-- questions without a row (lib/writes/search-text.ts backfillSearch). Pollsters are filled the same way.
DELETE FROM "QuestionSearch";
