import type { Translation } from "../types";
import type en from "../en/campaigns";

const campaigns: Translation<typeof en> = {
  title: "Kampanye",
};
export default campaigns;
