import { graphql } from '../../gql';

/**
 * Every `Money` the app selects (an exact decimal string and its currency, shown by the Money
 * component). Operations spread it (`total { ...MoneyFields }`) so no selection misses the currency.
 */
export const MoneyFieldsFragment = graphql(`
  fragment MoneyFields on Money {
    amount
    currency
  }
`);
