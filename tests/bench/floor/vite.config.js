import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// built by the bench: `vite build` with this folder as the working directory
export default defineConfig({ plugins: [sveltekit()], logLevel: 'warn' });
