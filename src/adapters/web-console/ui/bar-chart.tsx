export interface Series {
  name: string;
  /** Dark enough to show at 3:1 or more against the white page. */
  color: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 200;
const AXIS = 28;
const TOP = 10;

/**
 * Bars per day, stacked when there are several series, drawn as SVG: no chart library for a few
 * rectangles. The picture is hidden from screen readers, who get the same figures as a table.
 */
export function BarChart({ id, title, days, series }: { id: string; title: string; days: string[]; series: Series[] }) {
  const totals = days.map((_, day) => series.reduce((sum, { values }) => sum + (values[day] ?? 0), 0));
  const top = Math.max(1, ...totals);
  const band = (WIDTH - AXIS) / Math.max(1, days.length);
  const scale = (value: number) => (value / top) * (HEIGHT - TOP - AXIS);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {series.length > 1 && (
        <ul class="legend" aria-hidden="true">
          {series.map(({ name, color }) => (
            <li key={name}>
              <svg width="12" height="12" aria-hidden="true" focusable="false">
                <rect width="12" height="12" fill={color} />
              </svg>{' '}
              {name}
            </li>
          ))}
        </ul>
      )}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false" class="bars">
        <line x1={AXIS} y1={HEIGHT - AXIS} x2={WIDTH} y2={HEIGHT - AXIS} stroke="#444" />
        <text x={AXIS - 4} y={TOP + 8} text-anchor="end" class="tick">
          {top}
        </text>
        <text x={AXIS - 4} y={HEIGHT - AXIS} text-anchor="end" class="tick">
          0
        </text>
        {days.map((day, index) => {
          let base = HEIGHT - AXIS;
          const x = AXIS + index * band + band * 0.15;
          return (
            <g key={day}>
              {series.map(({ name, color, values }) => {
                const height = scale(values[index] ?? 0);
                base -= height;
                return height > 0 ? (
                  <rect key={name} x={x} y={base} width={band * 0.7} height={height} fill={color} />
                ) : null;
              })}
              {index % 7 === 0 && (
                <text x={x} y={HEIGHT - AXIS + 16} class="tick">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map(({ name }) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day, index) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {series.map(({ name, values }) => (
                <td key={name}>{values[index] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
