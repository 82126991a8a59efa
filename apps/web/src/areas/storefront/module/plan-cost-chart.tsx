import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { formatMoney, toAmount } from '@wk/domain';

/** The cumulative-cost bar chart of the plans section (its own chunk: the charts library is large). */
export default function PlanCostChart({
  data,
  series,
  currency,
}: {
  data: Record<string, string | number>[];
  series: { name: string; color: string }[];
  currency: string;
}) {
  return (
    <BarChart
      h={260}
      data={data}
      dataKey="period"
      series={series}
      valueFormatter={(v) => formatMoney({ amount: toAmount(v), currency })}
      withLegend
      aria-describedby="cost-chart-summary"
      role="img"
      aria-label="Bar chart of the cumulative cost of each plan over one, two and three years"
    />
  );
}
