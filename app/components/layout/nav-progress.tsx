import { useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { cx } from "../ui/cx";

/**
 * A thin bar at the top while any navigation or form submission is under way. It appears only
 * after 150 ms so fast navigations do not flicker.
 */
export function NavProgress() {
  const { t } = useTranslation("shell");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!busy) {
      setVisible(false);
      return;
    }
    const t = setTimeout(() => setVisible(true), 150);
    return () => clearTimeout(t);
  }, [busy]);
  return (
    <div
      role="progressbar"
      aria-label={t("pageLoading")}
      aria-hidden={!visible}
      data-testid="nav-progress"
      data-state={visible ? "loading" : "idle"}
      className="pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden"
    >
      <div
        className={cx(
          "h-full bg-brand-500 transition-all ease-out",
          visible ? "w-4/5 opacity-100 duration-[3000ms]" : "w-0 opacity-0 duration-200",
        )}
      />
    </div>
  );
}
