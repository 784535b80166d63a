-- The audit log refuses TRUNCATE too (0001 covers UPDATE and DELETE row by row; TRUNCATE fires no
-- row trigger). Also stops `TRUNCATE staff CASCADE`, which would empty audit_log through its foreign
-- key. The same function answers: TG_OP says 'TRUNCATE'. Runs on Postgres and PGlite.
-- What a trigger cannot stop — its table's owner disabling or dropping it — is closed by running the
-- app as a role that does not own audit_log (npm run db:roles; README "Database roles").
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
