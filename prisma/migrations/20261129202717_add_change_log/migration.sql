-- CreateTable
CREATE TABLE "ChangeLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "touchesAll" BOOLEAN NOT NULL DEFAULT false,
    "questions" TEXT,
    "polls" TEXT,
    "pollsters" TEXT,
    "indicators" TEXT
);

-- CreateTable
CREATE TABLE "ChangeControl" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "appWrite" INTEGER NOT NULL DEFAULT 0,
    "sqlEdits" INTEGER NOT NULL DEFAULT 0
);

-- The one row the SQLite hand-edit triggers read and count on (lib/freshness).
INSERT INTO "ChangeControl" ("id", "appWrite", "sqlEdits") VALUES (1, 0, 0);

-- SQL edited by hand (outside lib/writes) must still reach every app server's caches: each changed
-- row of a data table counts one in ChangeControl.sqlEdits, which the listener reads as "everything
-- changed". Writes through lib/writes set appWrite = 1 inside their transaction (and record what they
-- touched in ChangeLog themselves), so these stay quiet for them. One UPDATE of one row per changed
-- row, rather than a ChangeLog row, so a hand-made bulk edit does not flood the change log.
CREATE TRIGGER "Pollster_insert_sql_change" AFTER INSERT ON "Pollster"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Pollster_update_sql_change" AFTER UPDATE ON "Pollster"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Pollster_delete_sql_change" AFTER DELETE ON "Pollster"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Question_insert_sql_change" AFTER INSERT ON "Question"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Question_update_sql_change" AFTER UPDATE ON "Question"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Question_delete_sql_change" AFTER DELETE ON "Question"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "QuestionOption_insert_sql_change" AFTER INSERT ON "QuestionOption"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "QuestionOption_update_sql_change" AFTER UPDATE ON "QuestionOption"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "QuestionOption_delete_sql_change" AFTER DELETE ON "QuestionOption"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Poll_insert_sql_change" AFTER INSERT ON "Poll"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Poll_update_sql_change" AFTER UPDATE ON "Poll"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Poll_delete_sql_change" AFTER DELETE ON "Poll"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "PollQuestion_insert_sql_change" AFTER INSERT ON "PollQuestion"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "PollQuestion_update_sql_change" AFTER UPDATE ON "PollQuestion"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "PollQuestion_delete_sql_change" AFTER DELETE ON "PollQuestion"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Result_insert_sql_change" AFTER INSERT ON "Result"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Result_update_sql_change" AFTER UPDATE ON "Result"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Result_delete_sql_change" AFTER DELETE ON "Result"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Breakdown_insert_sql_change" AFTER INSERT ON "Breakdown"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Breakdown_update_sql_change" AFTER UPDATE ON "Breakdown"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Breakdown_delete_sql_change" AFTER DELETE ON "Breakdown"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "BreakdownResult_insert_sql_change" AFTER INSERT ON "BreakdownResult"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "BreakdownResult_update_sql_change" AFTER UPDATE ON "BreakdownResult"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "BreakdownResult_delete_sql_change" AFTER DELETE ON "BreakdownResult"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Indicator_insert_sql_change" AFTER INSERT ON "Indicator"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Indicator_update_sql_change" AFTER UPDATE ON "Indicator"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Indicator_delete_sql_change" AFTER DELETE ON "Indicator"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Observation_insert_sql_change" AFTER INSERT ON "Observation"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Observation_update_sql_change" AFTER UPDATE ON "Observation"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Observation_delete_sql_change" AFTER DELETE ON "Observation"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Correction_insert_sql_change" AFTER INSERT ON "Correction"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Correction_update_sql_change" AFTER UPDATE ON "Correction"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "Correction_delete_sql_change" AFTER DELETE ON "Correction"
WHEN (SELECT "appWrite" FROM "ChangeControl" WHERE "id" = 1) IS NOT 1
BEGIN
    UPDATE "ChangeControl" SET "sqlEdits" = "sqlEdits" + 1 WHERE "id" = 1;
END;
