import build from "./campaigns-build";
import delivery from "./campaigns-delivery";

/** /campaigns — filled in by the section's issue. */
const campaigns = {
  build,
  delivery,
  title: "Campaigns",
};
export default campaigns;
