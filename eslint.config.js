// Lint for every TypeScript workspace (cli, packages, services, templates) and the bench scripts.
// The recommended rule sets, without type-aware rules, so `npm run lint` takes seconds; tsc --strict
// does the type checking.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tmp/**', 'bench/.work/**', '.platform/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are errors, except the conventional `_`-prefixed ones.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests and JSON handling use `any` at the edges on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // Nest DTOs declare fields with `!` and modules are often empty classes.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
);
