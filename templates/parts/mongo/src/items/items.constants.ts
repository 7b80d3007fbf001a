import { SERVICE_NAME } from '../service.constants.js';

/** The collection this service owns in the stack's database (one database, collections per service). */
export const COLLECTION = 'items';

export const SAVE_ITEM_PATTERN = `${SERVICE_NAME}.${COLLECTION}.save`;
export const GET_ITEM_PATTERN = `${SERVICE_NAME}.${COLLECTION}.get`;
