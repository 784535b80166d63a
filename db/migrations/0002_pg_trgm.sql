-- Trigram search on order ids (/orders partial match). Postgres ships pg_trgm; PGlite loads it in app/db/client.server.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
