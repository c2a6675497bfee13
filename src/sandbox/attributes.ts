// The sandbox's attribute names, apart from the code that generates values for them: the public declarations
// re-export these, and must not carry profiles.ts's Buffer-typed internals to a consumer without @types/node.

/** The `customers` shape (builtin-shapes.ts): every profile of such an index has exactly these attributes, in this order. */
export const attributeNames = [
  "given_name", "surname", "email", "phone", "loyalty_id", "address", "city", "state", "postal_code",
  "birthdate", "lifetime_value", "loyalty_tier",
] as const;

/** The attributes configured as filter fields: `filter[<field>]=<value>` accepts only these. */
export const filterFields = ["given_name", "surname", "email", "loyalty_id", "city", "state"] as const;
