import { useHydrated } from "./use-hydrated";

/**
 * A chart with its accessible twin: the SVG is decoration for sighted users (aria-hidden), the
 * same numbers are in a table for screen readers. Before hydration, a placeholder of the same height.
 */
export function ChartFrame({
  label,
  height,
  table,
  children,
}: {
  label: string;
  height: number;
  table: React.ReactNode;
  children: () => React.ReactNode;
}) {
  const hydrated = useHydrated();
  return (
    <figure aria-label={label} className="m-0">
      <div aria-hidden="true" style={{ height }} className="w-full">
        {hydrated ? children() : <div className="h-full w-full animate-pulse rounded-md bg-slate-50" />}
      </div>
      <figcaption className="sr-only">{label}</figcaption>
      <div className="sr-only">{table}</div>
    </figure>
  );
}
