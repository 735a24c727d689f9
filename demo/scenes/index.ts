/** The demo's script, in order. Each feature adds its scene here. */
import type { DemoScene } from '../framework';
import { scene as basics } from './basics';
import { scene as events } from './events';
import { scene as members } from './members';
import { scene as delivery } from './delivery';
import { scene as persian } from './persian';
import { scene as web } from './web';
import { scene as importing } from './import';
import { scene as feeds } from './feeds';

export const scenes: DemoScene[] = [basics, events, members, delivery, persian, web, importing, feeds];
