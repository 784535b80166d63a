import type postgres from "postgres";

/**
 * The least-privilege runtime role (README "Database roles"; issue 10). Migrations run as the
 * owner of the schema; the app serves as a role that owns no table in `public`, so it cannot
 * disable or drop audit_log's triggers, and that may only INSERT and SELECT on audit_log. The one
 * schema it owns is pg-boss's queue schema: pg-boss creates a table per queue and migrates its own
 * tables at boot, which needs ownership there — nothing in it is evidence.
 *
 * Run as the owner (the user migrations run as): ALTER DEFAULT PRIVILEGES applies to tables the
 * role running it creates later, so future migrations' tables are covered without re-running it.
 * Idempotent: every step is a create-if-missing, a grant or a revoke.
 */
export interface RuntimeRoleOptions {
  role: string;
  /** Set (or change) the role's password; absent: a new role gets none, an existing one keeps its own. */
  password?: string;
  /** pg-boss's schema (app/jobs/boss.server.ts). */
  jobsSchema?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const q = (ident: string) => `"${ident}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export class RuntimeRoleError extends Error {}

export async function ensureRuntimeRole(owner: postgres.Sql, opts: RuntimeRoleOptions): Promise<string[]> {
  const role = opts.role;
  const jobs = opts.jobsSchema ?? "pgboss";
  if (!IDENT.test(role)) throw new RuntimeRoleError(`LOKET_APP_ROLE must be a plain lower-case name (a-z, 0-9, _), got "${role}".`);
  if (!IDENT.test(jobs)) throw new RuntimeRoleError(`Bad jobs schema name "${jobs}".`);
  const done: string[] = [];
  await owner.begin(async (tx) => {
    const [me] = await tx<{ user: string; db: string; superuser: boolean }[]>`
      select current_user as user, current_database() as db, (select rolsuper from pg_roles where rolname = current_user) as superuser`;
    if (!me) throw new RuntimeRoleError("no current user");
    if (me.user === role) throw new RuntimeRoleError(`Run db:roles as the schema's owner, not as the runtime role "${role}" itself.`);
    const [auditOwner] = await tx<{ owner: string }[]>`
      select pg_get_userbyid(relowner) as owner from pg_class where oid = to_regclass('public.audit_log')`;
    if (!auditOwner) throw new RuntimeRoleError("audit_log does not exist: run the migrations first (npm run db:migrate as the owner).");
    const owned = await tx<{ relname: string }[]>`
      select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
      where c.relnamespace = 'public'::regnamespace and r.rolname = ${role} order by 1 limit 5`;
    if (owned.length > 0) {
      throw new RuntimeRoleError(
        `"${role}" owns ${owned.map((r) => r.relname).join(", ")} in public: a runtime role that owns tables can disable their triggers. ` +
          `Give them back (ALTER TABLE … OWNER TO ${auditOwner.owner}) or choose another LOKET_APP_ROLE.`,
      );
    }

    const [exists] = await tx`select 1 from pg_roles where rolname = ${role}`;
    if (!exists) {
      await tx.unsafe(`create role ${q(role)} login`);
      done.push(`created role ${role}`);
    }
    // A plain login role: no role or database creation. Superuser, replication and RLS bypass only a
    // superuser could take away (or have given): refuse such a role rather than serve as it.
    const [attrs] = await tx<{ rolsuper: boolean; rolreplication: boolean; rolbypassrls: boolean }[]>`
      select rolsuper, rolreplication, rolbypassrls from pg_roles where rolname = ${role}`;
    if (attrs?.rolsuper || attrs?.rolreplication || attrs?.rolbypassrls) {
      throw new RuntimeRoleError(`"${role}" is a superuser, replication or BYPASSRLS role: it cannot be the runtime role. Choose another LOKET_APP_ROLE.`);
    }
    await tx.unsafe(`alter role ${q(role)} login nocreatedb nocreaterole`);
    if (opts.password) {
      await tx.unsafe(`alter role ${q(role)} password ${literal(opts.password)}`);
      done.push("password set");
    }
    // A non-superuser owner must be a member of the role to hand it the jobs schema (ALTER … OWNER TO).
    if (!me.superuser) await tx.unsafe(`grant ${q(role)} to current_user`).catch(() => undefined);

    await tx.unsafe(`grant connect on database ${q(me.db)} to ${q(role)}`);
    await tx.unsafe(`grant usage on schema public to ${q(role)}`);
    await tx.unsafe(`revoke create on schema public from ${q(role)}`);
    await tx.unsafe(`grant select, insert, update, delete on all tables in schema public to ${q(role)}`);
    await tx.unsafe(`grant usage, select on all sequences in schema public to ${q(role)}`);
    // The audit log: append and read only. TRUNCATE, TRIGGER and REFERENCES are never granted.
    await tx.unsafe(`revoke update, delete, truncate, trigger, references on public.audit_log from ${q(role)}`);
    await tx.unsafe(`revoke all on public.audit_log from public`);
    await tx.unsafe(`grant select, insert on public.audit_log to ${q(role)}`);
    // Tables and sequences the owner creates later (future migrations) get the same DML grants.
    await tx.unsafe(`alter default privileges in schema public grant select, insert, update, delete on tables to ${q(role)}`);
    await tx.unsafe(`alter default privileges in schema public grant usage, select on sequences to ${q(role)}`);
    done.push("grants on public (audit_log: SELECT, INSERT only), default privileges for future tables");

    // pg-boss's schema belongs to the runtime role; hand over what an earlier owner-run boot created.
    await tx.unsafe(`create schema if not exists ${q(jobs)} authorization ${q(role)}`);
    await tx.unsafe(`alter schema ${q(jobs)} owner to ${q(role)}`);
    await tx.unsafe(`
      do $$
      declare r record;
      begin
        for r in select c.relname, c.relkind from pg_class c
                 where c.relnamespace = ${literal(jobs)}::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
                   and pg_get_userbyid(c.relowner) <> ${literal(role)}
                   and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
        loop
          execute format('alter %s %I.%I owner to %I',
            case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
            ${literal(jobs)}, r.relname, ${literal(role)});
        end loop;
        for r in select p.oid::regprocedure::text as sig from pg_proc p
                 where p.pronamespace = ${literal(jobs)}::regnamespace and pg_get_userbyid(p.proowner) <> ${literal(role)}
        loop
          execute format('alter routine %s owner to %I', r.sig, ${literal(role)});
        end loop;
        for r in select t.typname from pg_type t
                 where t.typnamespace = ${literal(jobs)}::regnamespace and t.typtype in ('e', 'c', 'd')
                   and t.typrelid = 0 and pg_get_userbyid(t.typowner) <> ${literal(role)}
        loop
          execute format('alter type %I.%I owner to %I', ${literal(jobs)}, r.typname, ${literal(role)});
        end loop;
      end $$`);
    done.push(`schema ${jobs} owned by ${role} (pg-boss creates and migrates its tables there)`);
  });
  return done;
}
