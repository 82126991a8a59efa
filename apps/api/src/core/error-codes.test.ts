import 'reflect-metadata';
import {
  execute,
  getNamedType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLOutputType,
} from 'graphql';
import { getSchema } from './schema';
import { CommonErrorCode, UnknownErrorCodeError } from './errors';

/** `[X!]!` → X when X is an object type, else null. */
function listedObject(type: GraphQLOutputType): GraphQLObjectType | null {
  if (!isNonNullType(type) || !isListType(type.ofType)) return null;
  const item = type.ofType.ofType;
  return isNonNullType(item) && isObjectType(item.ofType) ? item.ofType : null;
}

type Offence = string;
function checkErrorType(where: string, t: GraphQLObjectType): Offence[] {
  const out: Offence[] = [];
  const { code, field, message } = t.getFields();
  if (!code || !isNonNullType(code.type) || !isEnumType(code.type.ofType)) out.push(`${where}: ${t.name}.code is not a non-null enum`);
  else {
    const values = new Set(code.type.ofType.getValues().map((v) => v.name));
    const missing = Object.values(CommonErrorCode).filter((c) => !values.has(c));
    if (missing.length) out.push(`${where}: ${code.type.ofType.name} lacks the common codes ${missing.join(', ')}`);
    if (code.type.ofType.name !== `${t.name}Code`) out.push(`${where}: ${t.name}.code is ${code.type.ofType.name}, not ${t.name}Code`);
  }
  if (!field || field.type !== GraphQLString) out.push(`${where}: ${t.name}.field is not a nullable String`);
  if (!message || !isNonNullType(message.type) || message.type.ofType !== GraphQLString)
    out.push(`${where}: ${t.name}.message is not String!`);
  return out;
}

describe('payload error codes are GraphQL enums per domain', () => {
  it('every payload `errors` (and every list of errors) is a <Domain>Error whose code is <Domain>ErrorCode', async () => {
    const schema = await getSchema();
    const offences: Offence[] = [];
    const errorFields: string[] = [];
    const errorTypes = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        const item = listedObject(f.type);
        const named = getNamedType(f.type);
        // A payload's `errors`, and any other list of the `{ code, field, message }` shape (plan `blockers`…).
        const payloadErrors = type.name.endsWith('Payload') && f.name === 'errors';
        const shaped = item !== null && isObjectType(named) && ['code', 'field', 'message'].every((k) => k in named.getFields());
        if (!payloadErrors && !shaped) continue;
        if (!item) {
          offences.push(`${type.name}.errors is not a non-null list of non-null objects`);
          continue;
        }
        errorFields.push(`${type.name}.${f.name}`);
        errorTypes.add(item!.name);
        offences.push(...checkErrorType(`${type.name}.${f.name}`, item!));
        if (!/^[A-Z][A-Za-z]*Error$/.test(item!.name)) offences.push(`${type.name}.${f.name}: ${item!.name} is not named <Domain>Error`);
      }
    }
    expect(offences).toEqual([]);
    // No String code is left: the former shared type is gone.
    expect(schema.getType('UserError')).toBeUndefined();
    // 61 payloads and 2 blocker lists when the enums were introduced; new payloads only add to it.
    expect(errorFields.length).toBeGreaterThanOrEqual(63);
    expect(errorFields).toEqual(
      expect.arrayContaining(['PurchaseCreatePayload.errors', 'ActivationPlan.blockers', 'VendorModuleVersion.submitBlockers']),
    );
    expect(errorTypes.size).toBeGreaterThanOrEqual(22);
  });

  it('the checkout codes include the @wk/domain quote codes and the e-mail verification that buying needs', async () => {
    const schema = await getSchema();
    const values = (schema.getType('CheckoutErrorCode') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values).toEqual(
      expect.arrayContaining([
        'PLAN_INACTIVE',
        'PRICE_MISSING',
        'DAYS_REQUIRED',
        'DAYS_INVALID',
        'COUPON_NOT_APPLICABLE',
        'MIN_PURCHASE_NOT_MET',
        'EMAIL_NOT_VERIFIED',
      ]),
    );
  });
});

describe('a code outside its enum fails loudly', () => {
  /** A throwaway schema whose one field lists CheckoutError objects as a service would return them. */
  async function probe(errors: { code: string; field: string | null; message: string }[]) {
    const real = await getSchema();
    const CheckoutError = real.getType('CheckoutError') as GraphQLObjectType;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { probe: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(CheckoutError))), resolve: () => errors } },
      }),
    });
    return execute({ schema, document: parse('{ probe { code field message } }'), contextValue: {} });
  }

  it('a known code passes as its enum value', async () => {
    const r = await probe([{ code: 'COUPON_EXPIRED', field: 'couponCode', message: 'This coupon has expired.' }]);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ probe: [{ code: 'COUPON_EXPIRED', field: 'couponCode', message: 'This coupon has expired.' }] });
  });

  it('an unknown code is an UnknownErrorCodeError naming the code and the enum', async () => {
    const r = await probe([{ code: 'NOT_A_CHECKOUT_CODE', field: null, message: 'x' }]);
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.originalError).toBeInstanceOf(UnknownErrorCodeError);
    expect(r.errors![0]!.message).toBe(
      'Error code "NOT_A_CHECKOUT_CODE" is not a value of CheckoutErrorCode: add it to the domain\'s <domain>.errors.ts.',
    );
    expect(r.errors![0]!.path).toEqual(['probe', 0, 'code']);
  });
});
