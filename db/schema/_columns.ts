import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Money: integer minor units (IDR × 100, "sen"), never float. */
export const money = (name: string) => bigint(name, { mode: "bigint" });
/** Every timestamp is timestamptz; displayed in Asia/Jakarta. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
export const createdAt = () => tstz("created_at").notNull().defaultNow();
export const updatedAt = () => tstz("updated_at").notNull().defaultNow();
