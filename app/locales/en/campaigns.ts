import delivery from "./campaigns-delivery";

/** /campaigns — filled in by the section's issue. */
const campaigns = {
  delivery,
  title: "Campaigns",
};
export default campaigns;
