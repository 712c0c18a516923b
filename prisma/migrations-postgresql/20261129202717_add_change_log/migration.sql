-- CreateTable
CREATE TABLE "ChangeLog" (
    "id" SERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "touchesAll" BOOLEAN NOT NULL DEFAULT false,
    "questions" TEXT,
    "polls" TEXT,
    "pollsters" TEXT,
    "indicators" TEXT,

    CONSTRAINT "ChangeLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeControl" (
    "id" INTEGER NOT NULL,
    "appWrite" INTEGER NOT NULL DEFAULT 0,
    "sqlEdits" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChangeControl_pkey" PRIMARY KEY ("id")
);

-- One row for the SQLite-shaped table; PostgreSQL itself does not use it (see the triggers below).
INSERT INTO "ChangeControl" ("id", "appWrite", "sqlEdits") VALUES (1, 0, 0);

-- Every new ChangeLog row is announced to the app servers, which LISTEN on this channel (lib/freshness).
-- pg_notify is delivered at commit, and not at all on rollback.
CREATE FUNCTION "pollboard_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pollboard_changes', NEW."id"::text);
    RETURN NULL;
END $$;

CREATE TRIGGER "ChangeLog_notify" AFTER INSERT ON "ChangeLog" FOR EACH ROW EXECUTE FUNCTION "pollboard_notify_change"();

-- SQL edited by hand (outside lib/writes) must still reach every app server's caches: each statement
-- that changes a data table adds a ChangeLog row saying "everything changed". lib/writes sets the
-- transaction-local setting pollboard.app_write = on (and records what it touched itself), so these
-- stay quiet for app writes. Statement-level: a bulk edit by hand adds one row per statement, not per row.
CREATE FUNCTION "pollboard_sql_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pollboard.app_write', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO "ChangeLog" ("source", "touchesAll") VALUES ('sql', true);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "Pollster_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Pollster" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Question_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Question" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "QuestionOption_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuestionOption" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Poll_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Poll" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "PollQuestion_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PollQuestion" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Result_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Result" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Breakdown_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Breakdown" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "BreakdownResult_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "BreakdownResult" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Indicator_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Indicator" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Observation_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Observation" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
CREATE TRIGGER "Correction_sql_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Correction" FOR EACH STATEMENT EXECUTE FUNCTION "pollboard_sql_change"();
