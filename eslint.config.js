import js from "@eslint/js";
import globals from "globals";
import i18next from "eslint-plugin-i18next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".data/**", ".data-*/**", "playwright-report/**", "test-results/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Every user-facing word goes through i18next (app/locales): every route and component.
    files: ["app/root.tsx", "app/routes/**/*.tsx", "app/components/**/*.tsx"],
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "jsx-attributes": {
            include: ["title", "aria-label", "placeholder", "alt", "label", "description", "hint", "legend", "caption", "plans", "detail"],
          },
          // Allowed as they are: codes, the product's name, the time zone, separators and symbols.
          words: { exclude: ["^[\\s·—–→←…|/()+%±−:,.-]*$", "^(Loket|WIB|Rp|GoPay|CSV)$", "^[A-Z0-9_:-]+$", "^[0-9.,\\s]+$"] },
        },
      ],
    },
  },
  {
    files: ["server/**", "sandbox/**", "tests/**", "db/**", "scripts/**", ".ci/**"],
    rules: { "no-console": "off" },
  },
  {
    // Icons come from the cached sprite (app/components/ui/icons.tsx); inline lucide SVGs weigh ~400 bytes each.
    files: ["app/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "lucide-react", message: "Import icons from ~/components/ui/icons (the sprite); add new ones there and run `npm run icons`." }] },
      ],
    },
  },
  // Layers (docs/decisions/0003-one-way-to-write-an-action.md): data flows routes → services →
  // db / gopay. A route never talks to GoPay or writes SQL; a service never knows about HTTP
  // frameworks or the job runner (it enqueues through ~/lib/queue.server); the GoPay client never
  // touches the database.
  {
    files: ["app/routes/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/gopay/*", "**/gopay/*"], message: "Routes call services; only services use the GoPay client." },
            { group: ["drizzle-orm", "drizzle-orm/*"], message: "Routes call services; queries live in services." },
            { group: ["~/jobs/*"], message: "Routes call services; enqueue through ~/lib/queue.server." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/services/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*"], allowTypeImports: true, message: "Services know nothing of Remix: return data, let the route answer." },
            { group: ["~/jobs/*", "**/jobs/*"], message: "Services never import jobs: enqueue through ~/lib/queue.server." },
            { group: ["~/routes/*", "**/routes/*"], message: "Services never import routes." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/gopay/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/db/*", "~db/*", "drizzle-orm", "drizzle-orm/*", "**/db/*"], message: "The GoPay client never touches the database." },
            { group: ["~/services/*", "~/jobs/*", "~/routes/*"], message: "The GoPay client is the bottom layer: it imports no app code above it." },
          ],
        },
      ],
    },
  },
  {
    // useTestDb() and Playwright's `use` fixtures are not React hooks.
    files: ["tests/**", "**/*.test.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
);
