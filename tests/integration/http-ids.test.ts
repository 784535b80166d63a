import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveRequest, rejectRequest } from "~/services/approvals/approvals.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

const t = useTestDb();
let app: HttpApp;
let finance: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  app = await startHttpApp();
  finance = await makeStaff(t.db, "finance");
});
afterAll(async () => app?.close());

const NOT_IDS = ["not-a-uuid", "1' or '1'='1", "00000000-0000-4000-8000-00000000000", "00000000000040008000000000000001x"];

describe("a non-UUID approval id is a 400 / a refusal, never a 500 (Postgres 22P02)", () => {
  it("through the server: approve and reject with a mangled approvalId answer 400", async () => {
    for (const intent of ["approve", "reject"]) {
      for (const approvalId of NOT_IDS) {
        const res = await fetch(`${app.url}/approvals`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: app.url, Cookie: finance.cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent, approvalId, reason: "x" }).toString(),
        });
        expect(res.status, `${intent} ${approvalId}`).toBe(400);
      }
    }
  });

  it("in the service, whoever calls it: 'does not exist', not a database error", async () => {
    const actor = { id: finance.id, email: finance.email, role: finance.role };
    for (const approvalId of NOT_IDS) {
      expect(await approveRequest({ approvalId, actor })).toMatchObject({ kind: "refused", message: expect.stringMatching(/does not exist/) });
      expect(await rejectRequest({ approvalId, actor, reason: "x" })).toMatchObject({ kind: "refused", message: expect.stringMatching(/does not exist/) });
    }
  });
});
