// ESLint with typescript-eslint's recommended type-checked rules (CONVENTIONS 14), in npm test.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'scripts/vendor/', 'tests/fixtures/'] },
  ...tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  // The code-cache maker is CommonJS, as the launcher it serves (bin/complaint): require is its import.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The store's interface is asynchronous (a server answers over the network); SQLite answers at
  // once, so its methods are async without awaiting anything, as are the tests' page-by-page fakes.
  {
    files: ['src/store/sqlite/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Tests read what the program prints (JSON.parse: any) and assert on its shape with expect();
      // typing every document again in the tests would restate SPEC §2–§4 without checking more.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
