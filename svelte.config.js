import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // BUILD_DIR: the browser test builds into its own folder, so a test run
    // never replaces the files of an app `npm start` is serving (build/).
    adapter: adapter({ out: process.env.BUILD_DIR || 'build' }),
    // Scripts only from this site (SvelteKit hashes or nonces its own inline
    // start-up script); no framing by other pages (clickjacking of admin
    // buttons); forms post only here. Styles allow inline attributes, which
    // the pages use for layout.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
