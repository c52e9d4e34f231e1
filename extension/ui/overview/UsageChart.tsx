/** A small bar chart of API calls per hour over the last 24 hours (inline SVG: no chart library needed). */
export function UsageChart(props: { hours: { hour: number; calls: number }[] }) {
  const max = Math.max(1, ...props.hours.map((h) => h.calls));
  const width = 240;
  const height = 40;
  const bar = width / Math.max(1, props.hours.length);
  const total = props.hours.reduce((n, h) => n + h.calls, 0);
  return (
    <svg
      class="usage-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`API calls per hour over the last ${props.hours.length} hours: ${total} in all, at most ${max} in one hour`}
      preserveAspectRatio="none"
    >
      {props.hours.map((h, i) => {
        const hgt = Math.max(h.calls ? 2 : 0, (h.calls / max) * height);
        return (
          <rect key={h.hour} x={i * bar + 1} y={height - hgt} width={bar - 2} height={hgt} rx="1">
            <title>
              {new Date(h.hour).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}:{' '}
              {h.calls} calls
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
