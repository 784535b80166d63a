/** A chart legend as plain HTML (readable, wraps, no SVG text measuring). */
export function ChartLegend({ items }: { items: { label: string; color: string; dashed?: boolean }[] }) {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
      {items.map((i) => (
        <li key={i.label} className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="inline-block h-0.5 w-4"
            style={i.dashed ? { borderTop: `2px dashed ${i.color}` } : { background: i.color, height: 8, width: 8, borderRadius: 2 }}
          />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
