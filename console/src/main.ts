// The console's entry: Pinia, the router, and Element Plus's message styles (its
// components are imported on demand by unplugin-vue-components; see vite.config.ts).
import { createPinia } from "pinia";
import { createApp } from "vue";
import "element-plus/theme-chalk/el-message.css";
import "element-plus/theme-chalk/el-message-box.css";
import App from "./App.vue";
import { router } from "./router";
import "./style.css";

createApp(App).use(createPinia()).use(router).mount("#app");
