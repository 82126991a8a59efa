import { Text, type TextProps } from '@mantine/core';
import { formatMoney, type Money as MoneyValue } from '@wk/domain';

/** An amount from the API, formatted exactly by @wk/domain (no float conversion anywhere). */
export function Money({ value, ...props }: { value: MoneyValue | null | undefined } & TextProps) {
  if (!value) {
    return (
      <Text component="span" inherit {...props}>
        —
      </Text>
    );
  }
  return (
    <Text component="span" inherit style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} {...props}>
      {formatMoney(value)}
    </Text>
  );
}
