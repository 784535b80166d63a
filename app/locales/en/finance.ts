/** /finance — filled in by the section's issue. */
const finance = {
  title: "Finance",
};
export default finance;
