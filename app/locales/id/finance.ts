import type { Translation } from "../types";
import type en from "../en/finance";

const finance: Translation<typeof en> = {
  title: "Keuangan",
};
export default finance;
