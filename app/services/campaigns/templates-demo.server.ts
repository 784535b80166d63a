import { eq } from "drizzle-orm";
import { staff } from "~db/schema";
import { registerDemoStep } from "~/services/demo-data/seed.server";
import { demoEmail } from "~/services/staff/demo-staff.server";
import { DEMO_TEMPLATES, seedDemoTemplates } from "./templates.server";

/**
 * Demo data: the templates the GoPay sandbox knows, in Loket's registry (added when missing, never
 * changed), so "Send a test" and the campaign wizard work on a fresh demo. Registered on import;
 * app/services/demo-data/boot.server.ts imports this module (both `npm start` and `npm run db:seed`).
 */
registerDemoStep({
  name: "campaign-templates",
  run: async (database) => {
    const [who] = await database
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, demoEmail("campaigns")))
      .limit(1);
    const added = await seedDemoTemplates(database, who?.id ?? null);
    return added ? [`  campaign templates: +${added} (${DEMO_TEMPLATES.map((t) => t.name).join(", ")})`] : [];
  },
});
