/** The demo's script, in order. Each feature adds its scene here. */
import type { DemoScene } from '../framework';
import { scene as basics } from './basics';

export const scenes: DemoScene[] = [basics];
