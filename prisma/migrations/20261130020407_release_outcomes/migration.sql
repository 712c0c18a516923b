-- AlterTable
ALTER TABLE "Release" ADD COLUMN "outcomesJson" TEXT;
ALTER TABLE "Release" ADD COLUMN "outcomesRows" INTEGER;
ALTER TABLE "Release" ADD COLUMN "outcomesSha256" TEXT;
