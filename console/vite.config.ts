// Builds the console into dist/, served by `make run`'s one address (see README.md).
import { fileURLToPath, URL } from "node:url";
import vue from "@vitejs/plugin-vue";
import AutoImport from "unplugin-auto-import/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";
import Components from "unplugin-vue-components/vite";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a running `make run` (SHEQU_URL, default :8000).
const api = process.env.SHEQU_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: only the components and styles a page uses are bundled
    // (the initial JavaScript stays far under the 500 KB gzipped).
    AutoImport({ resolvers: [ElementPlusResolver()], dts: "auto-imports.d.ts" }),
    Components({ resolvers: [ElementPlusResolver()], dts: "components.d.ts" }),
  ],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: { proxy: { "/api": api } },
  build: {
    target: "es2022",
    // Pages are loaded with their route (router/), so ECharts comes with the 工作台,
    // not with the sign-in page.
    chunkSizeWarningLimit: 800,
  },
});
