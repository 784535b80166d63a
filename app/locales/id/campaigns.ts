import type { Translation } from "../types";
import type en from "../en/campaigns";
import delivery from "./campaigns-delivery";

const campaigns: Translation<typeof en> = {
  delivery,
  title: "Kampanye",
};
export default campaigns;
