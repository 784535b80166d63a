/** /coins — filled in by the section's issue. */
const coins = {
  title: "Coins",
};
export default coins;
