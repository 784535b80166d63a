/** /campaigns — filled in by the section's issue. */
const campaigns = {
  title: "Campaigns",
};
export default campaigns;
