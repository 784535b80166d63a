import type { Translation } from "../types";
import type en from "../en/coins";

const coins: Translation<typeof en> = {
  title: "Koin GoPay",
};
export default coins;
