import type { Translation } from "../types";
import type en from "../en/campaigns";
import build from "./campaigns-build";
import delivery from "./campaigns-delivery";

const campaigns: Translation<typeof en> = {
  build,
  delivery,
  title: "Kampanye",
};
export default campaigns;
