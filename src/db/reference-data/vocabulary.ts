/** Static word lists the generator draws from. Every category name here is unique. */

export interface Department {
  readonly name: string;
  /** Typical price range in whole currency units. */
  readonly price: readonly [number, number];
  /** What its products are typically made of. */
  readonly materials: readonly string[];
  /** Subcategory name → product nouns sold in it. */
  readonly subcategories: Readonly<Record<string, readonly string[]>>;
}

export const DEPARTMENTS: readonly Department[] = [
  { name: 'Kitchen', price: [4, 250], materials: ['Stainless Steel', 'Cast Iron', 'Ceramic', 'Bamboo', 'Glass', 'Copper'], subcategories: {
    Cookware: ['Frying Pan', 'Saucepan', 'Dutch Oven', 'Wok', 'Stock Pot'],
    Cutlery: ['Chef Knife', 'Paring Knife', 'Bread Knife', 'Knife Block', 'Steak Knife Set'],
    Bakeware: ['Baking Sheet', 'Muffin Tin', 'Loaf Pan', 'Cake Pan', 'Cooling Rack'],
    'Small Appliances': ['Toaster', 'Blender', 'Kettle', 'Coffee Grinder', 'Hand Mixer'],
    Tableware: ['Dinner Plate Set', 'Serving Bowl', 'Mug', 'Wine Glass Set', 'Platter'],
  } },
  { name: 'Home', price: [5, 400], materials: ['Cotton', 'Linen', 'Oak', 'Ceramic', 'Velvet', 'Rattan'], subcategories: {
    Bedding: ['Duvet Cover', 'Pillow', 'Sheet Set', 'Throw Blanket', 'Mattress Topper'],
    Lighting: ['Table Lamp', 'Floor Lamp', 'Pendant Light', 'String Lights', 'Desk Lamp'],
    Decor: ['Vase', 'Picture Frame', 'Wall Clock', 'Scented Candle', 'Mirror'],
    Storage: ['Storage Box', 'Shelf Unit', 'Laundry Basket', 'Shoe Rack', 'Drawer Organizer'],
    Bath: ['Bath Towel', 'Shower Curtain', 'Bath Mat', 'Soap Dispenser', 'Towel Rail'],
  } },
  { name: 'Electronics', price: [8, 1200], materials: ['Aluminium', 'Plastic', 'Carbon Fibre', 'Silicone'], subcategories: {
    Audio: ['Headphones', 'Bluetooth Speaker', 'Earbuds', 'Soundbar', 'Turntable'],
    Computers: ['Laptop Stand', 'Keyboard', 'Mouse', 'Monitor', 'USB Hub'],
    'Phones & Accessories': ['Phone Case', 'Charger', 'Power Bank', 'Screen Protector', 'Car Mount'],
    Cameras: ['Action Camera', 'Tripod', 'Camera Bag', 'Lens Filter', 'Ring Light'],
    'Smart Home': ['Smart Plug', 'Smart Bulb', 'Video Doorbell', 'Thermostat', 'Security Camera'],
  } },
  { name: 'Sports & Outdoors', price: [6, 600], materials: ['Nylon', 'Neoprene', 'Aluminium', 'Polyester', 'Rubber'], subcategories: {
    Camping: ['Tent', 'Sleeping Bag', 'Camping Stove', 'Headlamp', 'Lantern'],
    Fitness: ['Yoga Mat', 'Dumbbell Set', 'Resistance Bands', 'Kettlebell', 'Jump Rope'],
    Cycling: ['Bike Helmet', 'Bike Lock', 'Bike Light', 'Cycling Gloves', 'Saddle Bag'],
    'Water Sports': ['Swim Goggles', 'Snorkel Set', 'Wetsuit', 'Dry Bag', 'Paddle'],
    Running: ['Running Belt', 'Hydration Vest', 'Sports Watch', 'Running Cap', 'Compression Socks'],
  } },
  { name: 'Clothing', price: [8, 300], materials: ['Cotton', 'Wool', 'Denim', 'Linen', 'Leather', 'Fleece'], subcategories: {
    Tops: ['T-Shirt', 'Shirt', 'Sweater', 'Hoodie', 'Polo Shirt'],
    Bottoms: ['Jeans', 'Chinos', 'Shorts', 'Skirt', 'Joggers'],
    Outerwear: ['Jacket', 'Raincoat', 'Parka', 'Gilet', 'Fleece'],
    Footwear: ['Sneakers', 'Boots', 'Sandals', 'Loafers', 'Slippers'],
    Accessories: ['Scarf', 'Belt', 'Beanie', 'Gloves', 'Sunglasses'],
  } },
  { name: 'Garden', price: [3, 450], materials: ['Steel', 'Teak', 'Rattan', 'Terracotta', 'Cedar'], subcategories: {
    'Plants & Seeds': ['Seed Kit', 'Herb Planter', 'Bulb Collection', 'Succulent Set', 'Grow Bag'],
    'Garden Tools': ['Pruning Shears', 'Trowel', 'Rake', 'Garden Hose', 'Watering Can'],
    'Outdoor Furniture': ['Patio Chair', 'Garden Bench', 'Parasol', 'Hammock', 'Bistro Set'],
    Grills: ['Charcoal Grill', 'Gas Grill', 'Grill Brush', 'Grill Cover', 'Smoker'],
    Wildlife: ['Bird Feeder', 'Bird Bath', 'Insect Hotel', 'Nest Box', 'Squirrel Feeder'],
  } },
  { name: 'Toys & Games', price: [5, 150], materials: ['Wooden', 'Felt', 'Plastic', 'Cardboard', 'Plush'], subcategories: {
    'Board Games': ['Board Game', 'Card Game', 'Chess Set', 'Jigsaw Puzzle', 'Dice Set'],
    'Building Sets': ['Building Blocks', 'Construction Kit', 'Marble Run', 'Magnetic Tiles', 'Robot Kit'],
    'Outdoor Play': ['Kite', 'Scooter', 'Water Blaster', 'Sandpit Set', 'Flying Disc'],
    Plush: ['Teddy Bear', 'Plush Unicorn', 'Plush Dinosaur', 'Hand Puppet', 'Plush Cat'],
    'Arts & Crafts': ['Paint Set', 'Crayon Box', 'Modelling Clay Kit', 'Sticker Book', 'Bead Kit'],
  } },
  { name: 'Books & Stationery', price: [2, 90], materials: ['Leather', 'Recycled Paper', 'Kraft Paper', 'Brass', 'Linen'], subcategories: {
    Notebooks: ['Notebook', 'Journal', 'Sketchbook', 'Planner', 'Sticky Notes'],
    Writing: ['Fountain Pen', 'Gel Pen Set', 'Pencil Set', 'Highlighters', 'Marker Set'],
    'Office Supplies': ['Stapler', 'Desk Organizer', 'File Folder', 'Paper Clips', 'Label Maker'],
    Books: ['Cookbook', 'Novel', 'Travel Guide', 'Art Book', "Children's Book"],
    'Cards & Wrap': ['Greeting Card', 'Gift Wrap', 'Gift Bag', 'Ribbon', 'Postcard Set'],
  } },
];

/** Departments and subcategories per category tree (6 × (1 + 4) = 30 categories per scale unit). */
export const DEPARTMENTS_PER_TREE = 6;
export const SUBCATEGORIES_PER_DEPARTMENT = 4;

export const TAG_NAMES: readonly string[] = [
  'bestseller', 'new-arrival', 'sale', 'clearance', 'limited-edition', 'exclusive', 'gift-idea', 'staff-pick',
  'eco-friendly', 'recycled', 'organic', 'vegan', 'fair-trade', 'handmade', 'locally-made', 'imported',
  'premium', 'budget', 'value-pack', 'bundle', 'refill', 'travel-size', 'compact', 'lightweight',
  'heavy-duty', 'waterproof', 'dishwasher-safe', 'machine-washable', 'rechargeable', 'wireless', 'cordless',
  'battery-powered', 'solar', 'smart', 'ergonomic', 'adjustable', 'foldable', 'stackable', 'portable',
  'kids', 'baby', 'pet-friendly', 'unisex', 'plus-size', 'seasonal', 'summer', 'winter', 'holiday',
  'back-to-school', 'outdoor', 'indoor', 'minimalist', 'vintage', 'classic', 'modern', 'rustic',
  'colourful', 'monochrome', 'personalisable', 'award-winning', 'trending', 'online-only', 'pre-order',
  'made-to-order', 'fast-shipping', 'free-returns', 'warranty-included', 'certified', 'hypoallergenic',
  'bpa-free', 'low-energy', 'quiet',
];
export const TAGS_PER_SCALE = 60;

export const PRODUCT_ADJECTIVES: readonly string[] = [
  'Classic', 'Essential', 'Premium', 'Compact', 'Deluxe', 'Everyday', 'Pro', 'Modern', 'Vintage', 'Lightweight',
  'Ergonomic', 'Handcrafted', 'Eco', 'Rustic', 'Sleek', 'Heritage', 'Urban', 'Nordic', 'Studio', 'Signature',
];

export const PRODUCT_BLURBS: readonly string[] = [
  'Built to last and easy to clean.', 'Designed for everyday use.', 'Backed by a two-year warranty.',
  'A customer favourite since launch.', 'Thoughtfully made from durable materials.', 'Ships in plastic-free packaging.',
  'Pairs well with the rest of the range.', 'Tested by our team before it hits the shelves.',
  'Compact enough for small spaces.', 'Makes a great gift.', 'Available while stocks last.', 'Simple, sturdy and good value.',
];

export const CATEGORY_BLURBS: readonly ((name: string) => string)[] = [
  (name) => `Everything for ${name}, hand-picked by our buyers.`,
  (name) => `Quality ${name} at fair prices.`,
  (name) => `Our best ${name}, from everyday basics to special finds.`,
  (name) => `Browse the full ${name} range.`,
];

export const ORDER_NOTES: readonly string[] = [
  'Please leave the parcel with a neighbour.', 'Gift: please do not include the receipt.', 'Call before delivery.',
  'Deliver after 5pm if possible.', 'Leave at the back door.', 'Please use recyclable packaging.',
  'Ring the bell twice.', 'Fragile, handle with care.',
];

/** ISO 3166-1 alpha-2 codes with relative weights; the rest of the world via faker. */
export const COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 34], ['GB', 12], ['DE', 10], ['FR', 8], ['CA', 7], ['AU', 5], ['NL', 4], ['ES', 4], ['IT', 4],
  ['SE', 3], ['IE', 2], ['NZ', 2], ['BE', 2],
];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

/** Review titles and body sentences by rating (index 0 = 1 star). */
export const REVIEW_TITLES: readonly (readonly string[])[] = [
  ['Very disappointed', 'Would not buy again', 'Broke within a week', 'Not as described', 'Waste of money'],
  ['Below expectations', 'Not great', 'Had some issues', 'Quality could be better', 'Meh'],
  ['It is okay', 'Does the job', 'Average', 'Decent for the price', 'Mixed feelings'],
  ['Very good', 'Happy with it', 'Solid purchase', 'Good value', 'Works well'],
  ['Excellent!', 'Love it', 'Exactly what I needed', 'Five stars', 'Highly recommend', 'Perfect'],
];

export const REVIEW_SENTENCES: readonly (readonly string[])[] = [
  ['It stopped working after a few days.', 'The quality is much worse than the photos suggest.', 'I returned it.',
    'Customer service was not helpful.', 'Arrived damaged and the replacement was no better.'],
  ['It works, but only just.', 'Smaller than I expected.', 'The finish started wearing off quickly.',
    'Instructions were confusing.', 'Not worth the full price.'],
  ['It does what it says, nothing more.', 'Fine for occasional use.', 'Delivery was quick.',
    'There are better options around, but this is acceptable.', 'Some parts feel a bit cheap.'],
  ['Good quality for the price.', 'Arrived quickly and well packed.', 'Works as described.',
    'I would buy it again.', 'Only minor niggles, otherwise great.', 'Looks nicer in person.'],
  ['Absolutely love it.', 'Great quality and fast delivery.', 'Better than I expected.',
    'I have already recommended it to friends.', 'Use it every day.', 'Worth every penny.'],
];
