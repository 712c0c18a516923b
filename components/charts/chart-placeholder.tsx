/**
 * What a chart's box holds until its Recharts drawing has loaded. Recharts is ~145 kB gzip, so the
 * chart components load their drawing with `next/dynamic` (`ssr: false`) after hydration instead of
 * in every chart page's first-load JS. Recharts drew nothing on the server anyway (an empty wrapper
 * until ResizeObserver measured the box), so no server-rendered content is lost: the caption, summary
 * and data table stay in the HTML, and the chart component's outer box keeps its height meanwhile, so
 * nothing moves when the drawing arrives. Hidden from assistive technology: it carries no content.
 */
export function ChartPlaceholder({ className = 'h-full' }: { className?: string }) {
  return <div className={`w-full rounded bg-gray-50 ${className}`} aria-hidden data-testid="chart-loading" />;
}
