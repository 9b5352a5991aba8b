// Migrations are bundled as text: esbuild's plugin in scripts/build.mjs and Vite (in tests) both read `?raw`.
declare module '*.sql?raw' {
  const text: string;
  export default text;
}
