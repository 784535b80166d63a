import type { ReactElement, SVGProps } from "react";
import { ICONS_VERSION } from "./icons-version";

/** public/icons.svg, versioned by its content (served immutable: a new sprite is a new URL). */
export const SPRITE_HREF = `/icons.svg?v=${ICONS_VERSION}`;

/**
 * The app's icons: lucide's drawings, kept once in a cached sprite (public/icons.svg, made from
 * lucide-react by `npm run icons`, served immutable under a URL carrying its hash) and drawn with `<use>`. Inline
 * lucide-react SVGs cost ~400 bytes each and a list page draws ~25 of them (the sidebar, the user
 * menu). Same names as lucide-react's exports, so a caller only changes its import; the sprite's
 * symbols carry viewBox, fill, stroke and its width, caps and joins, the outer tag only its classes.
 * Width and height: 24 px as lucide's attributes (`.lucide` in styles.css, base layer), so a size
 * utility (`size-4`) wins as it did over the attributes. lucide's `size`, `strokeWidth`,
 * `absoluteStrokeWidth` are not offered: nothing uses them and the symbol's stroke width would win.
 *
 * A new icon: add `export const Name = icon("kebab-name")` below (lucide-react's export name and
 * its `lucide-…` class), run `npm run icons`; icons.test.ts fails while the sprite lacks it.
 */
export type IconProps = Omit<SVGProps<SVGSVGElement>, "children" | "ref" | "width" | "height" | "strokeWidth"> & {
  className?: string;
};
/** What lucide-react calls an icon component (props for a nav item, a stat card, an empty state). */
export type LucideIcon = ((props: IconProps) => ReactElement) & { displayName?: string };

function icon(name: string): LucideIcon {
  const Icon = ({ className, ...rest }: IconProps) => (
    <svg
      // No per-icon `lucide-<name>` class (nothing styles by it; the <use> href names the icon): ~20 bytes × 70 icons on /audit.
      className={className ? `lucide ${className}` : "lucide"}
      aria-hidden={hasA11yName(rest) ? undefined : true}
      {...rest}
    >
      <use href={`${SPRITE_HREF}#${name}`} />
    </svg>
  );
  Icon.displayName = name;
  return Icon;
}

// As lucide-react: an icon is hidden from assistive technology unless it is given a name or a role.
function hasA11yName(props: IconProps): boolean {
  return Object.keys(props).some((k) => k === "role" || k === "title" || k === "aria-label" || k === "aria-labelledby");
}

export const AlertTriangle = icon("triangle-alert");
export const ArrowDown = icon("arrow-down");
export const ArrowLeft = icon("arrow-left");
export const ArrowRight = icon("arrow-right");
export const ArrowUp = icon("arrow-up");
export const ArrowUpDown = icon("arrow-up-down");
export const BadgeCheck = icon("badge-check");
export const Banknote = icon("banknote");
export const BarChart3 = icon("chart-column");
export const Bell = icon("bell");
export const BellRing = icon("bell-ring");
export const Braces = icon("braces");
export const Check = icon("check");
export const CheckCircle2 = icon("circle-check");
export const ChevronDown = icon("chevron-down");
export const ChevronLeft = icon("chevron-left");
export const ChevronRight = icon("chevron-right");
export const CircleDollarSign = icon("circle-dollar-sign");
export const Clock = icon("clock");
export const Coins = icon("coins");
export const Copy = icon("copy");
export const Download = icon("download");
export const FileBarChart = icon("file-chart-column-increasing");
export const FilePlus2 = icon("file-plus-2");
export const FileQuestion = icon("file-question-mark");
export const FileSpreadsheet = icon("file-spreadsheet");
export const FileText = icon("file-text");
export const Hourglass = icon("hourglass");
export const Inbox = icon("inbox");
export const Info = icon("info");
export const KeyRound = icon("key-round");
export const Languages = icon("languages");
export const LayoutDashboard = icon("layout-dashboard");
export const LineChart = icon("chart-line");
export const ListX = icon("list-x");
export const Loader2 = icon("loader-circle");
export const Lock = icon("lock");
export const LogIn = icon("log-in");
export const LogOut = icon("log-out");
export const Megaphone = icon("megaphone");
export const Menu = icon("menu");
export const MonitorSmartphone = icon("monitor-smartphone");
export const Pause = icon("pause");
export const Percent = icon("percent");
export const PiggyBank = icon("piggy-bank");
export const Play = icon("play");
export const Plus = icon("plus");
export const ReceiptText = icon("receipt-text");
export const RefreshCw = icon("refresh-cw");
export const RotateCcw = icon("rotate-ccw");
export const Scale = icon("scale");
export const ScrollText = icon("scroll-text");
export const Search = icon("search");
export const SearchX = icon("search-x");
export const Send = icon("send");
export const ServerCrash = icon("server-crash");
export const Settings = icon("settings");
export const ShieldCheck = icon("shield-check");
export const Trash2 = icon("trash-2");
export const UsersRound = icon("users-round");
export const Wallet = icon("wallet");
export const X = icon("x");
export const XCircle = icon("circle-x");
export const Zap = icon("zap");
