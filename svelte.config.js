import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // BUILD_DIR: the browser test builds into its own folder, so a test run
    // never replaces the files of an app `npm start` is serving (build/).
    adapter: adapter({ out: process.env.BUILD_DIR || 'build' }),
  },
};

export default config;
