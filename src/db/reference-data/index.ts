export { generateReferenceData, ROWS_PER_SCALE, type ReferenceTable } from './generate';
export { loadReferenceData, insertStatement, LOAD_CHUNK_SIZE } from './load';
export type { ColumnSpec, ColumnType, ReferenceData, ReferenceDataOptions, TableData } from './types';
