import { formatIdr, type Minor } from "~/lib/money";
import { cx } from "./cx";

/** An amount in minor units (bigint) shown as `Rp 10.000`, tabular digits so columns line up (`nums`: app/styles.css). */
export function Money({ minor, className }: { minor: Minor; className?: string }) {
  return <span className={cx("nums", className)}>{formatIdr(minor)}</span>;
}
