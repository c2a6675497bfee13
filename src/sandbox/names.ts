/**
 * The vocabularies the fake profiles are drawn from. A few entries carry commas, quotes, apostrophes and
 * non-ASCII letters on purpose: exports must quote and encode them correctly.
 */
export const givenNames = [
  "Daniel", "Maria", "James", "Aisha", "Wei", "Olivia", "Liam", "Sofia", "Noah", "Emma", "Mateo", "Ava",
  "Lucas", "Mia", "Ethan", "Isabella", "Mason", "Chloé", "Logan", "Zoë", "Elijah", "Harper", "Oliver",
  "Amelia", "Jacob", "Evelyn", "Michael", "Abigail", "Benjamin", "Emily", "Alexander", "Ella", "Henry",
  "Scarlett", "Sebastian", "Grace", "Jack", "Victoria", "Owen", "Riley", "Samuel", "Aria", "Matthew",
  "Lily", "Joseph", "Nora", "Levi", "Hannah", "David", "Layla", "John", "Zoey", "Wyatt", "Priya",
  "Carter", "Yuki", "Julian", "Fatima", "Luke", "José", "Siobhán", "Björn", "Anh", "Kwame",
] as const;

export const surnames = [
  "Kuhlman", "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
  "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
  "Jackson", "Martin", "Lee", "Pérez", "Thompson", "White", "Harris", "Sánchez", "Clark", "Ramirez",
  "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill",
  "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
  "O'Brien", "O'Neil", "Müller", "Kowalski", "Nakamura", "Okafor", "Patel", "Chen", "Kim", "Dubois",
  "St. James", "Van der Berg", "García Márquez", "Øyelaran",
] as const;

/** City, state and the first three digits of its postal codes. */
export const places = [
  ["Seattle", "WA", "981"], ["Portland", "OR", "972"], ["San Francisco", "CA", "941"], ["Los Angeles", "CA", "900"],
  ["San Diego", "CA", "921"], ["Phoenix", "AZ", "850"], ["Denver", "CO", "802"], ["Cañon City", "CO", "812"],
  ["Austin", "TX", "787"], ["Dallas", "TX", "752"], ["Houston", "TX", "770"], ["Chicago", "IL", "606"],
  ["Minneapolis", "MN", "554"], ["Detroit", "MI", "482"], ["Columbus", "OH", "432"], ["Atlanta", "GA", "303"],
  ["Miami", "FL", "331"], ["Orlando", "FL", "328"], ["Nashville", "TN", "372"], ["Charlotte", "NC", "282"],
  ["Boston", "MA", "021"], ["New York", "NY", "100"], ["Philadelphia", "PA", "191"], ["Baltimore", "MD", "212"],
  ["Washington, D.C.", "DC", "200"], ["Española", "NM", "875"], ["Salt Lake City", "UT", "841"],
  ["Boise", "ID", "837"], ["Anchorage", "AK", "995"], ["Honolulu", "HI", "968"],
] as const;

export const streets = [
  "Main St", "Oak Ave", "Pine St", "Maple Dr", "Cedar Ln", "Elm St", "Lakeview Rd", "Sunset Blvd",
  "Washington Ave", "Park Pl", "Hillcrest Dr", "River Rd", "O'Connell St", "Avenida del Sol", "Church St",
  "Broadway",
] as const;

/** Appended to some street addresses; they put commas and double quotes into the data. */
export const addressUnits = [", Apt 4", ", Suite 210", ", Unit \"B\"", " #12", ", Floor 3"] as const;

export const emailDomains = ["example.com", "example.net", "example.org", "mail.example"] as const;

export const loyaltyTiers = ["Bronze", "Silver", "Gold", "Platinum"] as const;

export const indexNames = [
  ["Unified customers", "One profile per Amperity ID, merged from every source."],
  ["Loyalty members", "Customers enrolled in the loyalty program, with their tier and \"points\" status."],
  ["Online shoppers", "Customers who bought online in the last 24 months."],
  ["Store visitors", "Customers seen in a physical store, by home store."],
  ["Email subscribers", "Customers who opted in to marketing email."],
] as const;
