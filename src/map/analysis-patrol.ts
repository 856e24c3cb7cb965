/** Layer ids in drawing order (deck.gl PathLayers, src/map/deck/patrol-paths.ts); a public interface (README). */
export const PATROL_LAYER_IDS = ['analysis-patrol-corridor', 'analysis-patrol-tracks'] as const;
export const CORRIDOR_COLOUR = '#06b6d4';
export const TRACK_COLOUR = '#0e7490';
/** The corridor's opacity as a whole: where corridors overlap the union shows evenly (see patrol-paths.ts). */
export const CORRIDOR_OPACITY = 0.3;
