export { DatabaseModule, DEFAULT_MONGO_URL, mongoOptions } from './database.module.js';
export { isDuplicateKeyError, insertOnce } from './duplicate-key.js';
export { insertLean } from './insert-lean.js';
