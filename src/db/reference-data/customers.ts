import { DAY, END, LAUNCH, asciiWord, iso, type Random } from './random';
import { columns, type TableData } from './types';
import { COUNTRIES, EMAIL_DOMAINS } from './vocabulary';

export const CUSTOMERS_PER_SCALE = 2000;

const CUSTOMER_COLUMNS = columns({
  id: 'integer', email: 'text', first_name: 'text', last_name: 'text', phone: 'text', city: 'text', country: 'text',
  created_at: 'timestamptz', updated_at: 'timestamptz',
});

export interface Customers {
  table: TableData;
  /** created_at (epoch ms) of customer id i + 1, ascending. */
  created: number[];
}

export function generateCustomers(rnd: Random, scale: number): Customers {
  const { faker } = rnd;
  const count = CUSTOMERS_PER_SCALE * scale;
  const created = rnd.sortedTimes(count, LAUNCH, END - 14 * DAY);
  const rows = created.map((at, i) => {
    const id = i + 1;
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    // The id makes the address unique by construction; example.* domains never deliver.
    const local = [asciiWord(firstName), asciiWord(lastName)].filter(Boolean).join('.') || 'customer';
    const email = `${local}${id}@${rnd.pick(EMAIL_DOMAINS)}`;
    const phone = rnd.chance(0.85) ? faker.phone.number({ style: 'international' }) : '';
    const city = faker.location.city();
    const country = rnd.chance(0.95) ? rnd.weighted(COUNTRIES) : faker.location.countryCode('alpha-2');
    return [id, email, firstName, lastName, phone, city, country, iso(at), iso(rnd.updatedAfter(at, 0.7))];
  });
  return { table: { columns: CUSTOMER_COLUMNS, rows }, created };
}
