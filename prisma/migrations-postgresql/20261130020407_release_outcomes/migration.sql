-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "outcomesJson" TEXT,
ADD COLUMN     "outcomesRows" INTEGER,
ADD COLUMN     "outcomesSha256" TEXT;
