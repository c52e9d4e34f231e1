import type { CallKind } from '../../../shared/call-kinds';
import { formatCount, formatFull, formatHour } from '../format';
import { hourSplitText } from './usage-kinds';

type Hour = { hour: number; calls: number; byKind?: Partial<Record<CallKind, number>> };

/** A bar's hover text: "1 Dec 2026, 21:00: 40 calls (30 writes, 10 checks for Salesforce changes)". */
function barTitle(h: Hour): string {
  const split = h.calls ? hourSplitText(h.byKind) : '';
  return `${formatFull(h.hour)}: ${formatCount(h.calls)} ${h.calls === 1 ? 'call' : 'calls'}${split ? ` (${split})` : ''}`;
}

/** A round top for the y scale: 1, 2, 5 × 10ⁿ at or above `max`. */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

const HOUR_LABEL_EVERY = 6;

/**
 * API calls per hour over the last 24 hours: bars on a y scale from 0 to a round top, hour labels every
 * six hours, and the allocation's even pace (the allocation / 24) as a dashed line — bars above it spend
 * faster than the allocation lasts. Each bar says its hour, figure and split by kind on hover (its title); a screen
 * reader gets the summary and the busiest hour. Inline SVG and HTML labels: no chart library.
 */
export function UsageChart(props: { hours: Hour[] | null; allocation: number }) {
  const hours = props.hours ?? [];
  const busiest = hours.reduce<{ hour: number; calls: number } | null>(
    (best, h) => (!best || h.calls > best.calls ? h : best),
    null,
  );
  const pace = props.allocation / 24;
  const top = niceCeiling(Math.max(busiest?.calls ?? 0, pace));
  const total = hours.reduce((n, h) => n + h.calls, 0);
  const width = 240;
  const height = 60;
  const bar = width / Math.max(1, hours.length);
  const y = (calls: number) => height - (calls / top) * height;
  const summary =
    `API calls per hour over the last ${hours.length} hours: ${formatCount(total)} in all` +
    (busiest && busiest.calls
      ? `, at most ${formatCount(busiest.calls)} (at ${formatHour(busiest.hour)})`
      : '') +
    `. The allocation's even pace is ${formatCount(Math.round(pace))} calls an hour.`;
  return (
    <figure
      class="usage-chart"
      data-testid={props.hours ? 'usage-chart' : 'usage-chart-loading'}
      aria-busy={props.hours ? undefined : 'true'}
    >
      <div class="chart-y" aria-hidden="true">
        <span style={{ top: '0%' }}>{formatCount(top)}</span>
        <span style={{ top: '50%' }}>{formatCount(top / 2)}</span>
        <span style={{ top: '100%' }}>0</span>
      </div>
      <div class="chart-plot">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} preserveAspectRatio="none">
          <line class="grid" x1="0" x2={width} y1={height / 2} y2={height / 2} />
          {hours.map((h, i) => {
            const hgt = h.calls ? Math.max(1.5, height - y(h.calls)) : 0;
            return (
              <rect
                key={h.hour}
                x={i * bar + 0.5}
                y={height - hgt}
                width={Math.max(1, bar - 1)}
                height={hgt}
                data-calls={h.calls}
              >
                <title>{barTitle(h)}</title>
              </rect>
            );
          })}
          {/* Transparent columns over the whole height, so a short bar is easy to hover. */}
          {hours.map((h, i) => (
            <rect key={`hit-${h.hour}`} class="hit" x={i * bar} y={0} width={bar} height={height}>
              <title>{barTitle(h)}</title>
            </rect>
          ))}
          <line class="pace" x1="0" x2={width} y1={y(pace)} y2={y(pace)} vector-effect="non-scaling-stroke" />
        </svg>
        <span class="pace-label" aria-hidden="true" style={{ top: `${(y(pace) / height) * 100}%` }}>
          allocation pace
        </span>
        <div class="chart-x" aria-hidden="true">
          {hours.map((h, i) =>
            i % HOUR_LABEL_EVERY === 0 ? (
              <span key={h.hour} style={{ left: `${((i + 0.5) / hours.length) * 100}%` }}>
                {formatHour(h.hour)}
              </span>
            ) : null,
          )}
        </div>
      </div>
    </figure>
  );
}
